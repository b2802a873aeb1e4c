import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { listEndpointUnits } from '../../../src/ingestion/units';
import { forEachItem, toJson } from '../../shared/items';
import { endpointField } from '../../shared/descriptions';
import type { SourceContext } from './router';

const show = { show: { operation: ['listUnits'] } };

export const description: INodeProperties[] = [endpointField(show)];

/** The endpoint's ingestion units (from its collected catalog) with their defaults; one item each. */
export async function execute(this: IExecuteFunctions, context: SourceContext): Promise<INodeExecutionData[]> {
	return forEachItem(this, context.secrets, async (itemIndex) => {
		const endpointId = this.getNodeParameter('endpointId', itemIndex) as string;
		return (await listEndpointUnits(context.store, endpointId)).map((unit) => toJson({ endpointId, ...unit }));
	});
}
