import type { JiraClient } from '../client';
import type { JiraDeletedWorklog, JiraWorklog } from '../types';
import { RESULTS_SHIFTED, searchIssuePages } from './issue-search';
import type { ReaderOptions, ReaderPage } from './reader-page';
import { RecentDeliveryWindow, recentWindowMs, type RecentDeliveries } from './recent-deliveries';
import { expectShape, worklogListResponse } from './response-shapes';
import { worklogFeed, type FeedCheckpoint } from './worklog-feed';

export type WorklogsCheckpoint = FeedCheckpoint;

export interface WorklogsReaderOptions extends ReaderOptions<WorklogsCheckpoint> {
	lookbackMinutes?: number;
	/** Minutes before the checkpoint whose deliveries it remembers, so the next lookback fetches only what it missed (default `lookbackMinutes`). */
	recentWindowMinutes?: number;
	/** Keep only worklogs of issues in these projects (the feed itself is site-wide). */
	projects?: string[];
	/**
	 * `updated` (default) or `started`. Both read Jira's change feed, which is ordered by update time: a worklog
	 * logged today for last month (an old `started`) is still delivered, so a `started` cursor never loses one.
	 */
	cursorField?: 'updated' | 'started';
}

/** Ids per `POST /worklog/list` call (Jira's maximum). */
export const WORKLOG_LIST_MAX = 1000;

/**
 * `jira.worklogs`, incremental by `updated`: the change feed `/worklog/updated?since=` gives ids (1000 a page),
 * then one `POST /worklog/list` per page fetches them, never one request per issue. Records are Jira's worklogs
 * (they carry `issueId`). Worklogs deleted between the two calls are left out; see {@link readDeletedWorklogs}.
 * A lookback re-reads the feed's window but fetches only entries the checkpoint does not remember delivering (the same
 * worklog at the same update time), so a run with nothing new costs one feed request.
 */
export async function* readWorklogs(client: JiraClient, options: WorklogsReaderOptions = {}): AsyncGenerator<ReaderPage<JiraWorklog, WorklogsCheckpoint>> {
	if (options.cursorField && options.cursorField !== 'updated' && options.cursorField !== 'started') {
		throw new Error(`jira.worklogs: cursor field must be "updated" or "started", not "${String(options.cursorField)}"`);
	}
	const path = `${client.apiRoot}/worklog/list`;
	const recent = new RecentDeliveryWindow(
		options.start?.recent as RecentDeliveries | undefined,
		recentWindowMs(options.recentWindowMinutes ?? options.lookbackMinutes),
	);
	for await (const page of worklogFeed(client, 'updated', options.start, options.lookbackMinutes)) {
		const fresh = page.entries.filter((entry) => !recent.has(entry.id, entry.at));
		const records: JiraWorklog[] = [];
		for (let offset = 0; offset < fresh.length; offset += WORKLOG_LIST_MAX) {
			const ids = fresh.slice(offset, offset + WORKLOG_LIST_MAX).map((entry) => Number(entry.id));
			const raw = await client.post<unknown>(path, { ids });
			records.push(...(expectShape(client, 'POST', path, worklogListResponse, raw) as JiraWorklog[]));
		}
		for (const entry of fresh) recent.add(entry.id, entry.at);
		const remembered = recent.at(page.checkpoint.sinceMs);
		const checkpoint = remembered ? { ...page.checkpoint, recent: remembered } : page.checkpoint;
		yield { records: options.projects ? await inProjects(client, records, options.projects) : records, checkpoint };
	}
}

/** The worklogs whose issue is in one of the projects: one id-only search per page of worklogs. */
async function inProjects(client: JiraClient, worklogs: JiraWorklog[], projects: string[]): Promise<JiraWorklog[]> {
	const issueIds = [...new Set(worklogs.map((worklog) => worklog.issueId))];
	if (issueIds.length === 0) return worklogs;
	const keep = new Set<string>();
	const jql = `project in (${projects.map((key) => `"${key}"`).join(', ')}) AND id in (${issueIds.join(', ')})`;
	for (let complete = false; !complete; ) {
		complete = true;
		for await (const page of searchIssuePages(client, { jql, fields: ['id'] })) {
			if (page === RESULTS_SHIFTED) complete = false; // Data Center offsets moved: ask again
			else for (const issue of page) keep.add(issue.id);
		}
	}
	return worklogs.filter((worklog) => keep.has(worklog.issueId));
}

/** Worklog deletions from `/worklog/deleted?since=`, for the engine to soft-delete; same checkpoint semantics. */
export async function* readDeletedWorklogs(
	client: JiraClient,
	options: ReaderOptions<FeedCheckpoint> & { lookbackMinutes?: number } = {},
): AsyncGenerator<ReaderPage<JiraDeletedWorklog, FeedCheckpoint>> {
	for await (const page of worklogFeed(client, 'deleted', options.start, options.lookbackMinutes)) {
		yield { records: page.entries.map((entry) => ({ worklogId: entry.id, deletedMs: entry.at })), checkpoint: page.checkpoint };
	}
}
