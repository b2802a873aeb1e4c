import type { Store } from '../store';
import { jiraAuthFromEnv, type JiraAuth } from './auth';
import { JiraClient, type JiraClientOptions } from './client';
import { parseJiraEndpointParameters, type JiraEndpointParameters } from './endpoint-parameters';

export interface LoadedJiraEndpoint {
	id: string;
	name: string;
	templateId: string;
	parameters: JiraEndpointParameters;
}

/** A Jira endpoint from the store with its parameters validated; a clear error when it is missing or not Jira. */
export async function loadJiraEndpoint(store: Store, endpointId: string): Promise<LoadedJiraEndpoint> {
	const endpoint = await store.models.MetadataEndpoint.findByPk(endpointId);
	if (!endpoint) throw new Error(`No endpoint "${endpointId}": add it with "n8n-ingestion endpoint add jira --id ${endpointId} --base-url URL"`);
	if (endpoint.templateId !== 'jira.cloud' && endpoint.templateId !== 'jira.datacenter') {
		throw new Error(`Endpoint "${endpointId}" is a ${endpoint.templateId} endpoint, not a Jira source`);
	}
	return { id: endpoint.id, name: endpoint.name, templateId: endpoint.templateId, parameters: parseJiraEndpointParameters(endpointId, endpoint.parameters) };
}

export type JiraClientTuning = Omit<JiraClientOptions, 'endpointId' | 'baseUrl' | 'deployment' | 'auth'>;

/** A client for a stored endpoint; the secret comes from `auth` or, failing that, the environment. */
export function jiraClientFor(endpoint: LoadedJiraEndpoint, credentials: { auth?: JiraAuth; env?: NodeJS.ProcessEnv }, tuning: JiraClientTuning = {}): JiraClient {
	const auth = credentials.auth ?? jiraAuthFromEnv(credentials.env ?? process.env, endpoint.parameters.deployment);
	return new JiraClient({ ...tuning, endpointId: endpoint.id, baseUrl: endpoint.parameters.baseUrl, deployment: endpoint.parameters.deployment, auth });
}
