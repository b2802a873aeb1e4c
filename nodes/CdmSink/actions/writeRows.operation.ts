import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { CdmRowValidationError } from '../../../src/cdm/errors';
import { JIRA_CDM_MAPPERS } from '../../../src/cdm/mappers/jira';
import { isCdmWorkModelId } from '../../../src/cdm/model-ids';
import { checkCdmRow } from '../../../src/cdm/row-validation';
import { openCdmSink } from '../../../src/cdm/sink-connection';
import { resolveCdmModel } from '../../../src/cdm/write-context';
import { writeCdmRows } from '../../../src/cdm/writer';
import type { Store } from '../../../src/store';
import type { Secrets } from '../../shared/credentials';
import { cdmModelField, endpointField, sinkField } from '../../shared/descriptions';
import { toJson } from '../../shared/items';
import { toNodeError } from '../../shared/node-error';

const show = { show: { operation: ['writeRows'] } };

export const description: INodeProperties[] = [
	sinkField('sinkId', 'getCdmSinks', show),
	cdmModelField(show),
	{
		displayName: 'Input Items Are',
		name: 'inputFormat',
		type: 'options',
		options: [
			{ name: 'CDM Rows', value: 'cdmRows', description: 'Rows of the model, with cdm_id and its columns' },
			{ name: 'Jira Records', value: 'jiraRecords', description: "Jira records, mapped to rows by the model's Jira mapper" },
		],
		default: 'cdmRows',
		displayOptions: show,
	},
	{ ...endpointField(show), displayName: 'Source Endpoint Name or ID', description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>' },
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1000,
		description: 'Rows per upsert batch; each batch commits on its own',
		displayOptions: show,
	},
];

/**
 * Upserts the input items as rows of one CDM model, in batches, and outputs one summary item (paired with the rows
 * written). Every row is checked first: a bad row fails the node naming its item, cdm_id and field before anything is
 * written; with "Continue On Fail" it is output as an error item and the other rows are written.
 */
export async function execute(this: IExecuteFunctions, store: Store, secrets: Secrets): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const sinkId = this.getNodeParameter('sinkId', 0) as string;
	const cdmModelId = this.getNodeParameter('cdmModelId', 0) as string;
	const endpointId = this.getNodeParameter('endpointId', 0) as string;
	const mapJira = this.getNodeParameter('inputFormat', 0) === 'jiraRecords';
	const batchSize = this.getNodeParameter('batchSize', 0, 1000) as number;
	const output: INodeExecutionData[] = [];
	const rows: IDataObject[] = [];
	const written: number[] = [];
	try {
		const model = resolveCdmModel(cdmModelId);
		const sink = await openCdmSink(store, sinkId);
		const map = mapJira && isCdmWorkModelId(model.id) ? JIRA_CDM_MAPPERS[model.id] : undefined;
		items.forEach((item, itemIndex) => {
			const row = map ? map(item.json, { endpointId }) : item.json;
			const checked = checkCdmRow(model, row, itemIndex);
			if (!(checked instanceof CdmRowValidationError)) {
				rows.push(row as IDataObject);
				written.push(itemIndex);
				return;
			}
			const error = toNodeError(this.getNode(), checked, secrets, itemIndex);
			if (!this.continueOnFail()) throw error;
			output.push({ json: { error: error.message, ...(error.description ? { description: error.description } : {}) }, pairedItem: { item: itemIndex } });
		});
		const result = await writeCdmRows(sink, model.id, rows, { runId: null, endpointId, batchSize });
		const json = toJson({ sinkId, cdmModelId: model.id, sourceEndpointId: endpointId, ...result, rejected: output.length });
		output.unshift({ json, pairedItem: written.map((item) => ({ item })) });
	} catch (error) {
		const nodeError = toNodeError(this.getNode(), error, secrets);
		if (!this.continueOnFail()) throw nodeError;
		output.push({ json: { error: nodeError.message }, pairedItem: items.map((_, item) => ({ item })) });
	}
	return output;
}
