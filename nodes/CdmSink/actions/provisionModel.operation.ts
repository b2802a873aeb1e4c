import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { provisionAllCdmModels, provisionCdmSink } from '../../../src/cdm/provision';
import type { Store } from '../../../src/store';
import type { Secrets } from '../../shared/credentials';
import { cdmModelField, sinkField } from '../../shared/descriptions';
import { forEachItem, toJson } from '../../shared/items';

const show = { show: { operation: ['provisionModel'] } };

export const description: INodeProperties[] = [
	sinkField('sinkId', 'getCdmSinks', show),
	{
		displayName: 'All Models of the Sink',
		name: 'allModels',
		type: 'boolean',
		default: false,
		description: 'Whether to provision every model the sink lists instead of one',
		displayOptions: show,
	},
	cdmModelField({ show: { operation: ['provisionModel'], allModels: [false] } }),
];

/** Creates the model's table (idempotent) and registers it in the catalog; one item per model. */
export async function execute(this: IExecuteFunctions, store: Store, secrets: Secrets): Promise<INodeExecutionData[]> {
	return forEachItem(this, secrets, async (itemIndex) => {
		const sinkId = this.getNodeParameter('sinkId', itemIndex) as string;
		if (this.getNodeParameter('allModels', itemIndex, false) as boolean) {
			return (await provisionAllCdmModels(store, sinkId)).map((result) => toJson(result));
		}
		return toJson(await provisionCdmSink(store, sinkId, this.getNodeParameter('cdmModelId', itemIndex) as string));
	});
}
