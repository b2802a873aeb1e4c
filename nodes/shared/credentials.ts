import type { ICredentialDataDecryptedObject, IExecuteFunctions, ILoadOptionsFunctions, INodeExecutionData, ITriggerFunctions } from 'n8n-workflow';

import { jiraCredentialSecrets, parseJiraCredential, type JiraCredential } from '../../src/n8n/jira-credential';
import { cachedStore } from '../../src/n8n/store-pool';
import { storeCredentialSecrets, storeUrlFromCredential } from '../../src/n8n/store-credential';
import type { Store } from '../../src/store';
import { toNodeError } from './node-error';

export const STORE_CREDENTIAL = 'ingestionStoreApi';
export const JIRA_CREDENTIAL = 'jiraIngestionApi';

type CredentialContext = Pick<IExecuteFunctions | ILoadOptionsFunctions | ITriggerFunctions, 'getCredentials'>;

/** Values that must never appear in a node's output or errors; nodes add to it as they read credentials. */
export class Secrets {
	readonly values: string[] = [];

	add(values: string[]): void {
		this.values.push(...values);
	}
}

/** The cached store of the node's Ingestion Store credential (opened and migrated on first use in this process). */
export async function storeOf(ctx: CredentialContext, secrets: Secrets): Promise<Store> {
	const data: ICredentialDataDecryptedObject = await ctx.getCredentials(STORE_CREDENTIAL);
	secrets.add(storeCredentialSecrets(data));
	return cachedStore(storeUrlFromCredential(data));
}

/** The node's Jira Ingestion credential, checked for completeness. */
export async function jiraOf(ctx: CredentialContext, secrets: Secrets): Promise<JiraCredential> {
	const data = await ctx.getCredentials(JIRA_CREDENTIAL);
	secrets.add(jiraCredentialSecrets(data));
	return parseJiraCredential(data);
}

/** One operation of a store-only node: its execute with the store and the secrets to keep out of errors. */
export interface StoreOperation {
	execute(this: IExecuteFunctions, store: Store, secrets: Secrets): Promise<INodeExecutionData[]>;
}

/** Opens the node's store (a failure becomes a sanitized node error) and runs the chosen operation. */
export async function runStoreOperation(ctx: IExecuteFunctions, operations: Record<string, StoreOperation>): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const secrets = new Secrets();
	let store: Store;
	try {
		store = await storeOf(ctx, secrets);
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, secrets);
	}
	return [await operations[operation].execute.call(ctx, store, secrets)];
}
