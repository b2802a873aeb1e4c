import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { CredentialRef, WorkflowCreateBody } from '../../src/n8n/workflow-template';

export const BUILTIN_FLOW_FILE = path.join(__dirname, 'builtin-flow.json');
export const OURS_FLOW_FILE = path.join(__dirname, 'ours-flow.json');

/**
 * A bench flow file ready for `POST /api/v1/workflows`: each node's credential of a listed type gets that id, and
 * this package's node types take `typePrefix` (`n8n-nodes-ingestion` as a community package, `CUSTOM` from
 * N8N_CUSTOM_EXTENSIONS).
 */
export function loadFlow(file: string, credentials: Record<string, CredentialRef>, typePrefix = 'n8n-nodes-ingestion'): WorkflowCreateBody {
	const flow = JSON.parse(readFileSync(file, 'utf8')) as WorkflowCreateBody;
	for (const node of flow.nodes) {
		if (node.type.startsWith('n8n-nodes-ingestion.')) node.type = `${typePrefix}.${node.type.slice('n8n-nodes-ingestion.'.length)}`;
		for (const type of Object.keys(node.credentials ?? {})) {
			const chosen = credentials[type];
			if (!chosen) throw new Error(`${path.basename(file)}: node "${node.name}" needs a ${type} credential`);
			(node.credentials as Record<string, CredentialRef>)[type] = chosen;
		}
	}
	return { name: flow.name, nodes: flow.nodes, connections: flow.connections, settings: flow.settings };
}
