import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getConfigOrDefaults } from '../../../src/ingestion/config-or-defaults';
import type { Store } from '../../../src/store';
import type { Secrets } from '../../shared/credentials';
import { endpointField, unitField } from '../../shared/descriptions';
import { forEachItem, toJson } from '../../shared/items';

const show = { show: { operation: ['get'] } };

export const description: INodeProperties[] = [endpointField(show), unitField(show)];

/** One unit's config; `configured: false` with the unit's defaults when it has none. */
export async function execute(this: IExecuteFunctions, store: Store, secrets: Secrets): Promise<INodeExecutionData[]> {
	return forEachItem(this, secrets, async (itemIndex) => {
		const endpointId = this.getNodeParameter('endpointId', itemIndex) as string;
		const unitId = this.getNodeParameter('unitId', itemIndex) as string;
		return toJson(await getConfigOrDefaults(store, endpointId, unitId));
	});
}
