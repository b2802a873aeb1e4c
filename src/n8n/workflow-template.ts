import { readFileSync } from 'node:fs';
import path from 'node:path';

import { packageRoot } from '../package-paths';

/** What n8n's public API accepts to create a workflow (`POST /api/v1/workflows`): these four keys only. */
export interface WorkflowCreateBody {
	name: string;
	nodes: Array<{
		id: string;
		name: string;
		type: string;
		typeVersion: number;
		position: [number, number];
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string | null; name: string }>;
	}>;
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

export interface CredentialRef {
	id: string;
	name: string;
}

export interface WorkerTemplateOptions {
	/**
	 * Node type prefix: `n8n-nodes-ingestion` (default) when the package is installed as a community package,
	 * `CUSTOM` when n8n loads it from N8N_CUSTOM_EXTENSIONS.
	 */
	typePrefix?: string;
	/** Credentials to select; by default each node names "Ingestion Store" / "Jira Ingestion" with no id, which n8n's
	 * public API links to the one credential of that name and type, if there is exactly one. */
	credentials?: { store?: CredentialRef; jira?: CredentialRef };
	name?: string;
	/** Scope the trigger to one endpoint (default: all). */
	endpointId?: string;
}

export const WORKER_TEMPLATE_FILE = 'workflows/ingestion-worker.json';

/** The Ingestion Trigger → Ingestion Run template, ready for `POST /api/v1/workflows`. */
export function ingestionWorkerTemplate(options: WorkerTemplateOptions = {}): WorkflowCreateBody {
	const template = JSON.parse(readFileSync(path.join(packageRoot(), WORKER_TEMPLATE_FILE), 'utf8')) as WorkflowCreateBody;
	const prefix = options.typePrefix ?? 'n8n-nodes-ingestion';
	const credentialFor: Record<string, CredentialRef | undefined> = {
		ingestionStoreApi: options.credentials?.store,
		jiraIngestionApi: options.credentials?.jira,
	};
	for (const node of template.nodes) {
		node.type = `${prefix}.${node.type.slice(node.type.lastIndexOf('.') + 1)}`;
		for (const type of Object.keys(node.credentials ?? {})) {
			const chosen = credentialFor[type];
			if (chosen && node.credentials) node.credentials[type] = { id: chosen.id, name: chosen.name };
		}
		if (options.endpointId && node.name === 'Ingestion Trigger') node.parameters.endpointId = options.endpointId;
	}
	if (options.name) template.name = options.name;
	return { name: template.name, nodes: template.nodes, connections: template.connections, settings: template.settings };
}
