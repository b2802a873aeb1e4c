import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import type { JiraSimulator } from '../../src/jira-simulator';
import type { Store } from '../../src/store';
import { PACKAGE_PREFIX, type Credentials } from './n8n-harness';
import { SIMULATOR_CREDENTIALS } from './jira';

/** The Ingestion Store credential of a test database, as a connection URL. */
export function storeCredential(url: string): ICredentialDataDecryptedObject {
	return { connectionType: 'url', url };
}

/** The Jira Ingestion credential of a simulator. */
export function jiraCredential(sim: JiraSimulator, deployment: 'cloud' | 'datacenter' = 'cloud'): ICredentialDataDecryptedObject {
	return deployment === 'cloud'
		? { deployment, siteUrl: sim.url, email: SIMULATOR_CREDENTIALS.email, apiToken: SIMULATOR_CREDENTIALS.apiToken }
		: { deployment, siteUrl: sim.url, personalAccessToken: SIMULATOR_CREDENTIALS.pat };
}

export function credentialsFor(url: string, sim?: JiraSimulator): Credentials {
	return { ingestionStoreApi: storeCredential(url), ...(sim ? { jiraIngestionApi: jiraCredential(sim) } : {}) };
}

/** Registers a Jira endpoint that reads the simulator (what `n8n-ingestion endpoint add jira` stores). */
export async function addSimulatorEndpoint(store: Store, id: string, sim: JiraSimulator, deployment: 'cloud' | 'datacenter' = 'cloud'): Promise<void> {
	await store.models.MetadataEndpoint.create({
		id,
		templateId: deployment === 'cloud' ? 'jira.cloud' : 'jira.datacenter',
		family: 'SOURCE',
		name: `Simulated Jira ${id}`,
		parameters: { baseUrl: sim.url, deployment },
	});
}

let nodeCount = 0;

/** A node of this package (type `n8n-nodes-ingestion.<type>`) with both credentials referenced. */
export function packageNode(name: string, type: string, parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	nodeCount += 1;
	return {
		id: `node-${nodeCount}`,
		name,
		type: `${PACKAGE_PREFIX}.${type}`,
		typeVersion: 1,
		position: [nodeCount * 200, 0],
		parameters,
		credentials: {
			ingestionStoreApi: { id: 'store-cred', name: 'Ingestion Store' },
			jiraIngestionApi: { id: 'jira-cred', name: 'Jira Ingestion' },
		},
		...extra,
	};
}

/** A one-node workflow of `node`. */
export function single(node: INode) {
	return { nodes: [node], connections: {} };
}
