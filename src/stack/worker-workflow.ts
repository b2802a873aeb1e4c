import { ingestionWorkerTemplate } from '../n8n/workflow-template';
import { COMMUNITY_TYPE_PREFIX } from './community-package';
import type { N8nApi } from './n8n-api';

export type JiraCredentialInput =
	| { deployment: 'cloud'; siteUrl: string; email: string; apiToken: string }
	| { deployment: 'datacenter'; siteUrl: string; personalAccessToken: string };

export interface WorkerWorkflowOptions {
	/** The store's Postgres URL (the Ingestion Store credential). */
	storeUrl: string;
	/** The Jira credential the Run node uses (it is sent only to the endpoint whose base URL is its site). */
	jira: JiraCredentialInput;
	/** Scope the trigger to one endpoint (default: all). */
	endpointId?: string;
	name?: string;
	/** Activate it (default true). */
	activate?: boolean;
}

export interface WorkerWorkflow {
	workflowId: string;
	credentials: { store: { id: string; name: string }; jira: { id: string; name: string } };
}

export const STORE_CREDENTIAL_NAME = 'Ingestion Store';
export const JIRA_CREDENTIAL_NAME = 'Jira Ingestion';

/**
 * Through n8n's public API: creates the Ingestion Store and Jira Ingestion credentials, imports the worker template
 * (Ingestion Trigger → Ingestion Run) with them and activates it. Needs an API key (`api.createApiKey()`).
 */
export async function installWorkerWorkflow(api: N8nApi, options: WorkerWorkflowOptions): Promise<WorkerWorkflow> {
	const store = await api.createCredential('ingestionStoreApi', STORE_CREDENTIAL_NAME, { connectionType: 'url', url: options.storeUrl });
	// n8n 1.123 adds `allowedHttpRequestDomains` to credentials that authenticate HTTP requests, and its public API
	// refuses the credential without it.
	const jira = await api.createCredential('jiraIngestionApi', JIRA_CREDENTIAL_NAME, { ...options.jira, allowedHttpRequestDomains: 'all' });
	const credentials = { store: { id: store.id, name: STORE_CREDENTIAL_NAME }, jira: { id: jira.id, name: JIRA_CREDENTIAL_NAME } };
	const body = ingestionWorkerTemplate({ credentials, typePrefix: COMMUNITY_TYPE_PREFIX, endpointId: options.endpointId, name: options.name });
	const { id } = await api.createWorkflow(body);
	if (options.activate !== false) await api.activateWorkflow(id);
	return { workflowId: id, credentials };
}
