import { z } from 'zod';

import type { IngestionPolicy } from '../../ingestion/policy';
import type { JiraClient } from '../client';
import { describeZodIssues, jiraProjectKeySchema } from '../endpoint-parameters';
import { readComments } from './comments';
import { readIssues } from './issues';
import { readProjects } from './projects';
import type { JsonValue, ReaderPage } from './reader-page';
import { readUsers } from './users';
import { readWorklogs } from './worklogs';

export type { ReaderPage, JsonValue, ReaderOptions, OffsetCheckpoint } from './reader-page';
export type { IssueCursor } from './issue-cursor';
export type { CommentsCheckpoint } from './comments';
export type { FeedCheckpoint } from './worklog-feed';
export type { IssueTreePage } from './issue-tree';
export { readIssues, ISSUE_FIELDS, issueFields } from './issues';
export { readComments } from './comments';
export { readIssueTree } from './issue-tree';
export { readWorklogs, readDeletedWorklogs } from './worklogs';
export { readUsers } from './users';
export { readProjects } from './projects';
export { readDictionaries, type JiraDictionaries } from './dictionaries';

const recent = z.array(z.tuple([z.string(), z.number().finite()])).optional();
const issueCursor = z.object({ updatedMs: z.number().finite(), idsAtUpdatedMs: z.array(z.string()), recent }).strict();
const offsetCheckpoint = z.object({ startAt: z.number().int().min(0), complete: z.boolean() }).strict();
const CHECKPOINTS = {
	'jira.projects': offsetCheckpoint,
	'jira.users': offsetCheckpoint,
	'jira.issues': issueCursor,
	'jira.comments': z.object({ issues: issueCursor.nullable(), sinceMs: z.number().finite().nullable() }).strict(),
	'jira.worklogs': z.object({ sinceMs: z.number().finite(), idsAtSinceMs: z.array(z.string()), recent }).strict(),
} as const;

export type JiraUnitId = keyof typeof CHECKPOINTS;

export interface JiraUnitReadOptions {
	/** The unit's saved checkpoint (a page's `checkpoint`), or null/undefined for a first or FULL read. */
	start?: JsonValue | null;
	policy?: IngestionPolicy;
	/** The endpoint's own project restriction (`parameters.projects`). */
	endpointProjects?: string[];
	/** Custom field ids to request with issues (from the catalog: `schema.fields[].jiraId` of custom fields). */
	customFieldIds?: string[];
	/**
	 * Minutes before the checkpoint whose deliveries it remembers, so the next lookback skips what it already delivered
	 * (default: the policy's lookback). The engine passes the unit's configured lookback, also to first reads.
	 */
	recentWindowMinutes?: number;
}

/** Project keys to read: the unit's `policy.filters.projects` within the endpoint's own restriction. */
export function resolveProjects(unitId: string, endpointProjects: string[] | undefined, policy: IngestionPolicy | undefined): string[] | undefined {
	const raw = policy?.filters?.projects;
	if (raw === undefined) return endpointProjects;
	const parsed = z.array(jiraProjectKeySchema).min(1, 'must name at least one project').safeParse(raw);
	if (!parsed.success) throw new Error(`${unitId}: invalid filter ${describeZodIssues(parsed.error, 'policy.filters.projects')}`);
	if (!endpointProjects || endpointProjects.length === 0) return parsed.data;
	const allowed = parsed.data.filter((key) => endpointProjects.includes(key));
	if (allowed.length === 0) {
		throw new Error(`${unitId}: policy.filters.projects (${parsed.data.join(', ')}) names none of the endpoint's projects (${endpointProjects.join(', ')})`);
	}
	return allowed;
}

/**
 * The reader of one Jira unit, configured from its policy: the one call the ingestion engine needs.
 * The start checkpoint is validated; a checkpoint that does not belong to this unit is a clear error.
 */
export function openJiraUnitReader(client: JiraClient, unitId: string, options: JiraUnitReadOptions = {}): AsyncGenerator<ReaderPage<unknown, JsonValue>> {
	if (!(unitId in CHECKPOINTS)) throw new Error(`Jira has no reader for unit "${unitId}" (known: ${Object.keys(CHECKPOINTS).join(', ')})`);
	const id = unitId as JiraUnitId;
	let start: unknown = null;
	if (options.start !== undefined && options.start !== null) {
		const parsed = CHECKPOINTS[id].safeParse(options.start);
		if (!parsed.success) throw new Error(`${unitId}: the saved checkpoint is not this reader's (${describeZodIssues(parsed.error, 'checkpoint')})`);
		start = parsed.data;
	}
	const policy = options.policy ?? {};
	const projects = resolveProjects(unitId, options.endpointProjects, policy);
	const common = {
		pageSize: policy.pageSize,
		lookbackMinutes: policy.lookbackMinutes,
		recentWindowMinutes: options.recentWindowMinutes ?? policy.lookbackMinutes,
	};
	switch (id) {
		case 'jira.projects':
			return readProjects(client, { start: start as never, pageSize: policy.pageSize, projects }) as AsyncGenerator<ReaderPage<unknown, JsonValue>>;
		case 'jira.users':
			return readUsers(client, { start: start as never, pageSize: policy.pageSize }) as AsyncGenerator<ReaderPage<unknown, JsonValue>>;
		case 'jira.issues':
			return readIssues(client, { ...common, start: start as never, projects, extraFields: options.customFieldIds }) as AsyncGenerator<ReaderPage<unknown, JsonValue>>;
		case 'jira.comments':
			return readComments(client, { ...common, start: start as never, projects }) as AsyncGenerator<ReaderPage<unknown, JsonValue>>;
		case 'jira.worklogs': {
			const cursorField = policy.cursorField === 'started' ? 'started' : 'updated';
			return readWorklogs(client, { ...common, start: start as never, cursorField, projects }) as AsyncGenerator<ReaderPage<unknown, JsonValue>>;
		}
	}
}
