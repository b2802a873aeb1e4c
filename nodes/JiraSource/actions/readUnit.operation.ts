import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { JsonValue } from '../../../src/ingestion/json-value';
import { readUnitRecords, type PreviewStart } from '../../../src/ingestion/unit-preview';
import { badInput } from '../../../src/ingestion/validation-error';
import { jiraCredentialsProvider } from '../../../src/n8n/jira-credential';
import { endpointField, unitField } from '../../shared/descriptions';
import { forEachItem, toJson } from '../../shared/items';
import type { SourceContext } from './router';

const show = { show: { operation: ['readUnit'] } };

export const description: INodeProperties[] = [
	endpointField(show),
	unitField(show),
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'options',
		options: [
			{ name: 'A Cursor', value: 'cursor', description: 'A cursor from an earlier read (its "nextCursor")' },
			{ name: 'The Beginning', value: 'beginning', description: 'Read the unit from its first record' },
			{ name: 'The Stored Checkpoint', value: 'checkpoint', description: "Where the unit's next run would start" },
		],
		default: 'checkpoint',
		displayOptions: show,
	},
	{
		displayName: 'Cursor',
		name: 'cursor',
		type: 'json',
		default: '{}',
		description: 'The nextCursor of an earlier read with the Summary output',
		displayOptions: { show: { operation: ['readUnit'], startFrom: ['cursor'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show,
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'Records', value: 'records', description: 'One item per record' },
			{ name: 'Summary', value: 'summary', description: 'One item with the records, the cursors and whether the read is complete' },
		],
		default: 'records',
		displayOptions: show,
	},
];

function cursorOf(value: unknown): JsonValue {
	if (typeof value !== 'string') return value as JsonValue;
	try {
		return JSON.parse(value) as JsonValue;
	} catch {
		throw badInput('cursor', 'cursor is not valid JSON');
	}
}

/** Records of one unit as items (at most `limit`), without a run: the stored checkpoint does not move. */
export async function execute(this: IExecuteFunctions, context: SourceContext): Promise<INodeExecutionData[]> {
	const jira = await context.jira();
	return forEachItem(this, context.secrets, async (itemIndex) => {
		const startFrom = this.getNodeParameter('startFrom', itemIndex) as PreviewStart['from'];
		const start: PreviewStart =
			startFrom === 'cursor' ? { from: 'cursor', cursor: cursorOf(this.getNodeParameter('cursor', itemIndex)) } : { from: startFrom };
		const preview = await readUnitRecords(
			context.store,
			{
				endpointId: this.getNodeParameter('endpointId', itemIndex) as string,
				unitId: this.getNodeParameter('unitId', itemIndex) as string,
				start,
				limit: this.getNodeParameter('limit', itemIndex) as number,
			},
			{ credentials: jiraCredentialsProvider(jira) },
		);
		if (this.getNodeParameter('output', itemIndex) === 'summary') return toJson(preview);
		return preview.records.map((record) => toJson(record));
	});
}
