import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { jiraOf, Secrets, storeOf } from '../../shared/credentials';
import { toNodeError } from '../../shared/node-error';
import { execute } from './run.operation';

export { description as properties } from './run.operation';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const secrets = new Secrets();
	let context;
	try {
		context = { store: await storeOf(this, secrets), jira: await jiraOf(this, secrets), secrets };
	} catch (error) {
		throw toNodeError(this.getNode(), error, secrets);
	}
	return [await execute.call(this, context)];
}
