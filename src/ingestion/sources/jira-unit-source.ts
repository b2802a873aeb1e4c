import type { JiraAuth } from '../../jira/auth';
import { jiraClientFor, loadJiraEndpoint } from '../../jira/endpoint-client';
import { openJiraUnitReader, readDeletedWorklogs, resolveProjects, type FeedCheckpoint } from '../../jira/readers';
import type { JiraClient } from '../../jira/client';
import type { Store } from '../../store';
import type { JsonValue } from '../json-value';
import type { SourceReadRequest, UnitSource, UnitSourceContext, UnitSourceFactory } from '../source';
import { jiraCheckpointOrder } from './jira-checkpoint-order';

/** Ids of the custom fields recorded in the endpoint's `jira.issues` catalog schema, requested with every issue. */
async function customFieldIds(store: Store, endpointId: string): Promise<string[]> {
	const dataset = await store.models.CatalogDataset.findOne({
		where: { endpointId, datasetId: 'jira.issues' },
		attributes: ['schema'],
	});
	const fields = (dataset?.schema as { fields?: Array<{ jiraId?: unknown; custom?: unknown }> } | undefined)?.fields ?? [];
	return fields
		.filter((field) => field.custom === true && typeof field.jiraId === 'string')
		.map((field) => field.jiraId as string);
}

/** The engine's plan wins over the policy: FULL and first reads have no lookback. */
function readPolicy(context: UnitSourceContext, request: SourceReadRequest) {
	return { ...context.policy, ...request.policy, lookbackMinutes: request.lookbackMinutes };
}

function asJiraAuth(credentials: UnitSourceContext['credentials']): JiraAuth {
	if (credentials.kind === 'basic' && credentials.email && credentials.apiToken) {
		return { kind: 'basic', email: credentials.email, apiToken: credentials.apiToken };
	}
	if (credentials.kind === 'bearer' && credentials.token) return { kind: 'bearer', token: credentials.token };
	throw new Error(
		'No Jira credentials: give an email and API token (Jira Cloud) or a personal access token (Data Center) ' +
			'through the Jira credential in n8n, or JIRA_EMAIL + JIRA_API_TOKEN / JIRA_PAT for the CLI',
	);
}

/**
 * A Jira unit as an engine source: its reader from `openJiraUnitReader`, worklog deletions from
 * `/worklog/deleted`, and the client's request counters as the run's source stats.
 */
export const createJiraUnitSource: UnitSourceFactory = async (context): Promise<UnitSource> => {
	const endpoint = await loadJiraEndpoint(context.store, context.endpoint.id);
	const client: JiraClient = jiraClientFor(endpoint, { auth: asJiraAuth(context.credentials) });
	const issueCustomFields = context.unitId === 'jira.issues' ? await customFieldIds(context.store, endpoint.id) : [];
	const compareCheckpoints = jiraCheckpointOrder(context.unitId);
	// Users belong to no project: their read is never restricted.
	const projects = context.unitId === 'jira.users' ? undefined : resolveProjects(context.unitId, endpoint.parameters.projects, context.policy);

	const source: UnitSource = {
		...(projects ? { scope: { projects } } : {}),
		async *pages(request) {
			const reader = openJiraUnitReader(client, context.unitId, {
				start: request.checkpoint,
				policy: readPolicy(context, request),
				endpointProjects: endpoint.parameters.projects,
				customFieldIds: issueCustomFields,
				// Remember the configured lookback's window even when this read has none (a first read), so the next
				// run's lookback skips what was delivered.
				recentWindowMinutes: context.policy.lookbackMinutes,
			});
			for await (const page of reader) {
				yield { records: page.records as Array<Record<string, unknown>>, checkpoint: page.checkpoint };
			}
		},
		stats() {
			const { requests, retries, rateLimited, bytes } = client.stats();
			return { requests, retries, rateLimited, bytes };
		},
		...(compareCheckpoints ? { compareCheckpoints } : {}),
	};
	if (context.unitId === 'jira.worklogs') {
		source.deletions = async function* (request) {
			const deleted = readDeletedWorklogs(client, {
				start: request.checkpoint as FeedCheckpoint | null,
				lookbackMinutes: request.lookbackMinutes,
			});
			for await (const page of deleted) {
				yield { keys: page.records.map((entry) => ({ id: String(entry.worklogId) })), checkpoint: page.checkpoint as JsonValue };
			}
		};
	}
	return source;
};
