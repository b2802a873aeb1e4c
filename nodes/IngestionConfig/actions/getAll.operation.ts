import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { listEffectiveConfigs } from '../../../src/ingestion/config-or-defaults';
import type { Store } from '../../../src/store';
import type { Secrets } from '../../shared/credentials';
import { endpointField } from '../../shared/descriptions';
import { forEachItem, toJson } from '../../shared/items';

const show = { show: { operation: ['getAll'] } };

export const description: INodeProperties[] = [
	endpointField(show),
	{
		displayName: 'Include Unconfigured Units',
		name: 'includeUnconfigured',
		type: 'boolean',
		default: false,
		description: 'Whether to also output the units without a config, with their defaults and `configured` false',
		displayOptions: show,
	},
];

/** Every config of the endpoint, one item each. */
export async function execute(this: IExecuteFunctions, store: Store, secrets: Secrets): Promise<INodeExecutionData[]> {
	return forEachItem(this, secrets, async (itemIndex) => {
		const endpointId = this.getNodeParameter('endpointId', itemIndex) as string;
		const includeUnconfigured = this.getNodeParameter('includeUnconfigured', itemIndex, false) as boolean;
		const configs = await listEffectiveConfigs(store, endpointId, { includeUnconfigured });
		return configs.map((config) => toJson(config));
	});
}
