import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Secrets } from './credentials';
import { toNodeError } from './node-error';

/** A JSON-safe copy (dates become ISO strings), as n8n item data must be. */
export function toJson<T>(value: T): IDataObject {
	return JSON.parse(JSON.stringify(value)) as IDataObject;
}

/**
 * Runs `work` for every input item and pairs each output item with its input. A failure becomes a sanitized
 * NodeOperationError/NodeApiError; with "Continue On Fail" it is output as `{ error, description? }` for that item and
 * the other items go on.
 */
export async function forEachItem(
	ctx: IExecuteFunctions,
	secrets: Secrets,
	work: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await work(itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, secrets, itemIndex);
			if (!ctx.continueOnFail()) throw nodeError;
			const json: IDataObject = { error: nodeError.message };
			if (nodeError.description) json.description = nodeError.description;
			output.push({ json, pairedItem: { item: itemIndex } });
		}
	}
	return output;
}
