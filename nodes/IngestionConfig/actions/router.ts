import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runStoreOperation } from '../../shared/credentials';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as upsert from './upsert.operation';

const operations = { get, getAll, upsert };

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Create or Update',
			value: 'upsert',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			action: 'Create or update a unit config',
		},
		{ name: 'Get', value: 'get', description: "Get a unit's config, or its defaults when it has none", action: 'Get a unit config' },
		{ name: 'Get Many', value: 'getAll', description: 'Get the configs of an endpoint', action: 'Get many unit configs' },
	],
	default: 'get',
};

export const properties: INodeProperties[] = [operationField, ...get.description, ...getAll.description, ...upsert.description];

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return runStoreOperation(this, operations);
}
