import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { JiraCredential } from '../../../src/n8n/jira-credential';
import type { Store } from '../../../src/store';
import { jiraOf, Secrets, storeOf } from '../../shared/credentials';
import { toNodeError } from '../../shared/node-error';
import * as collectMetadata from './collectMetadata.operation';
import * as listUnits from './listUnits.operation';
import * as readUnit from './readUnit.operation';

export interface SourceContext {
	store: Store;
	secrets: Secrets;
	/** The Jira credential, read when an operation needs it. */
	jira(): Promise<JiraCredential>;
}

const operations = { collectMetadata, listUnits, readUnit };

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Collect Metadata',
				value: 'collectMetadata',
				description: "Read the site's projects, fields and dictionaries into the catalog, which defines the units",
				action: 'Collect the metadata of an endpoint',
			},
			{
				name: 'List Units',
				value: 'listUnits',
				description: 'List the ingestion units of an endpoint with their defaults',
				action: 'List the units of an endpoint',
			},
			{
				name: 'Read Unit',
				value: 'readUnit',
				description: 'Read records of one unit without moving its checkpoint',
				action: 'Read records of a unit',
			},
		],
		default: 'collectMetadata',
	},
	...collectMetadata.description,
	...listUnits.description,
	...readUnit.description,
];

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as keyof typeof operations;
	const secrets = new Secrets();
	const fail = (error: unknown) => toNodeError(this.getNode(), error, secrets);
	let store: Store;
	try {
		store = await storeOf(this, secrets);
	} catch (error) {
		throw fail(error);
	}
	const context: SourceContext = {
		store,
		secrets,
		jira: () => jiraOf(this, secrets).catch((error: unknown) => Promise.reject(fail(error))),
	};
	return [await operations[operation].execute.call(this, context)];
}
