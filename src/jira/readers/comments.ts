import type { JiraClient } from '../client';
import { parseJiraTime, type JiraComment } from '../types';
import { allComments, withIssue } from './issue-children';
import type { IssueCursor } from './issue-cursor';
import { issuePass } from './issue-pass';
import type { JsonValue, ReaderOptions, ReaderPage } from './reader-page';

/**
 * `issues`: where the pass over issues stands. `sinceMs`: comments updated before it were delivered by earlier
 * runs (null: deliver all). It stays fixed during a run and moves to the newest issue `updated` when a run ends.
 */
export interface CommentsCheckpoint {
	[key: string]: JsonValue;
	issues: IssueCursor | null;
	sinceMs: number | null;
}

export interface CommentsReaderOptions extends ReaderOptions<CommentsCheckpoint> {
	projects?: string[];
	lookbackMinutes?: number;
	/** See IssuePassOptions.recentWindowMinutes. */
	recentWindowMinutes?: number;
	/** Page size for `/issue/{key}/comment` (default 5000). */
	childPageSize?: number;
}

/**
 * `jira.comments`, incremental by comment `updated`. Jira has no comment change feed, but adding or editing a
 * comment bumps its issue's `updated`: so the reader walks issues updated since the cursor (fields `comment` and
 * `updated` only), takes each issue's embedded comments (at most 20; the rest from `/issue/{id}/comment`, only for
 * issues that have more) and delivers those updated at or after `sinceMs`, each with `issueId` and `issueKey`.
 * Deleted comments are not reported (Jira offers no feed for them).
 */
export async function* readComments(
	client: JiraClient,
	options: CommentsReaderOptions = {},
): AsyncGenerator<ReaderPage<JiraComment, CommentsCheckpoint>> {
	const sinceMs = options.start?.sinceMs ?? null;
	const lookbackMs = Math.max(0, options.lookbackMinutes ?? 0) * 60_000;
	const floor = sinceMs === null ? Number.NEGATIVE_INFINITY : sinceMs - lookbackMs;
	const pass = issuePass(client, {
		start: options.start?.issues ?? null,
		lookbackMinutes: options.lookbackMinutes,
		recentWindowMinutes: options.recentWindowMinutes,
		projects: options.projects,
		fields: ['comment', 'updated'],
		pageSize: options.pageSize,
	});
	for await (const page of pass) {
		const perIssue = await Promise.all(
			page.issues.map(async (issue) => (await allComments(client, issue, options.childPageSize)).map((comment) => withIssue(comment, issue))),
		);
		const records = perIssue.flat().filter((comment) => !(parseJiraTime(comment.updated) < floor));
		const nextSince = page.last && page.cursor ? Math.max(page.cursor.updatedMs, sinceMs ?? 0) : sinceMs;
		yield { records, checkpoint: { issues: page.cursor, sinceMs: nextSince } };
	}
}
