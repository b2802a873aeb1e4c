import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { upsertConfig } from '../../../src/ingestion/config-service';
import { badInput } from '../../../src/ingestion/validation-error';
import type { Store } from '../../../src/store';
import type { Secrets } from '../../shared/credentials';
import { endpointField, unitField } from '../../shared/descriptions';
import { forEachItem, toJson } from '../../shared/items';

const show = { show: { operation: ['upsert'] } };

export const description: INodeProperties[] = [
	endpointField(show),
	unitField(show),
	{
		displayName: 'Config Fields',
		name: 'configFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Fields to set; the others keep their stored values (or, for a new config, the unit defaults)',
		displayOptions: show,
		options: [
			{
				displayName: 'CDM Model Name or ID',
				name: 'cdmModelId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCdmModels' },
				default: '',
				description:
					'CDM model the unit is mapped to in data mode CDM. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Data Mode',
				name: 'dataMode',
				type: 'options',
				options: [
					{ name: 'CDM', value: 'CDM', description: 'Map records to common-data-model tables' },
					{ name: 'Raw', value: 'RAW', description: 'Land records as they are in raw tables' },
				],
				default: 'RAW',
			},
			{
				displayName: 'Enabled',
				name: 'enabled',
				type: 'boolean',
				default: true,
				description: 'Whether the unit may run (a disabled unit is never scheduled)',
			},
			{
				displayName: 'Interval (Minutes)',
				name: 'scheduleIntervalMinutes',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1440 },
				default: 60,
				description: 'How often a unit on an interval schedule runs, from 1 to 1440 minutes',
			},
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				options: [
					{ name: 'Custom', value: 'CUSTOM', description: 'Hand the records to the workflow instead of a sink' },
					{ name: 'Full', value: 'FULL', description: 'Read everything and replace the snapshot' },
					{ name: 'Incremental', value: 'INCREMENTAL', description: 'Read what changed since the checkpoint and keep every version' },
					{ name: 'SCD1', value: 'SCD1', description: 'Read what changed and keep one row per key, the newest' },
				],
				default: 'INCREMENTAL',
			},
			{
				displayName: 'Policy (JSON)',
				name: 'policy',
				type: 'json',
				default: '{}',
				description:
					'Primary keys, cursor field, filters, lookback and page size, e.g. {"filters": {"projects": ["ENG"]}}; completed with the unit defaults',
			},
			{
				displayName: 'Schedule',
				name: 'scheduleKind',
				type: 'options',
				options: [
					{ name: 'Interval', value: 'INTERVAL', description: 'Run every few minutes (set Interval)' },
					{ name: 'Manual', value: 'MANUAL', description: 'Run only when asked to' },
				],
				default: 'MANUAL',
			},
			{
				displayName: 'Sink Name or ID',
				name: 'sinkId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getSinks' },
				default: '',
				description:
					'Where the records land. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

function policyOf(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		throw badInput('policy', 'policy is not valid JSON');
	}
}

/** Creates or updates one unit's config with the config service's validation; the error names the field at fault. */
export async function execute(this: IExecuteFunctions, store: Store, secrets: Secrets): Promise<INodeExecutionData[]> {
	return forEachItem(this, secrets, async (itemIndex) => {
		const fields = this.getNodeParameter('configFields', itemIndex, {}) as IDataObject;
		const input: IDataObject = {
			endpointId: this.getNodeParameter('endpointId', itemIndex) as string,
			unitId: this.getNodeParameter('unitId', itemIndex) as string,
		};
		for (const [key, value] of Object.entries(fields)) {
			if (value === '' || value === undefined) continue;
			input[key] = key === 'policy' ? (policyOf(value) as IDataObject) : value;
		}
		const { config, created } = await upsertConfig(store, input);
		return toJson({ created, configured: true, ...config });
	});
}
