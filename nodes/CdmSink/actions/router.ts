import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runStoreOperation } from '../../shared/credentials';
import * as provisionModel from './provisionModel.operation';
import * as writeRows from './writeRows.operation';

const operations = { provisionModel, writeRows };

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Provision Model',
				value: 'provisionModel',
				description: "Create a model's table on the sink (safe to repeat) and register it in the catalog",
				action: 'Provision a CDM model',
			},
			{
				name: 'Write Rows',
				value: 'writeRows',
				description: 'Upsert the input items as rows of a model; an older version never overwrites a newer one',
				action: 'Write rows to a CDM model',
			},
		],
		default: 'writeRows',
	},
	...provisionModel.description,
	...writeRows.description,
];

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return runStoreOperation(this, operations);
}
