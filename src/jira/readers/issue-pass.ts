import type { JiraClient } from '../client';
import { JiraResponseError } from '../errors';
import { parseJiraTime, type JiraIssue } from '../types';
import { advanceCursor, isDelivered, lowerBoundMs, recentOf, type IssueCursor } from './issue-cursor';
import { RESULTS_SHIFTED, searchIssuePages } from './issue-search';
import { withLast } from './lookahead';
import { RecentDeliveryWindow, recentWindowMs } from './recent-deliveries';

export interface IssuePassOptions {
	start?: IssueCursor | null;
	/** Minutes re-read before the start cursor; issues in that window are delivered again unless the cursor remembers them. */
	lookbackMinutes?: number;
	/**
	 * Minutes before the cursor whose deliveries the cursor remembers (default `lookbackMinutes`), so the next run's
	 * lookback skips issues it already delivered at the same `updated`. Pass the unit's lookback even when this read has
	 * none (a first read), so the next run profits.
	 */
	recentWindowMinutes?: number;
	/** Only these project keys (absent: all projects the account can see). */
	projects?: string[];
	/** Fields to request; `updated` is always added. */
	fields: string[];
	pageSize?: number;
}

export interface IssuePassPage {
	issues: JiraIssue[];
	cursor: IssueCursor | null;
	last: boolean;
}

/** Bounded JQL in the order the cursor relies on. */
export function issueJql(boundMs: number, projects?: string[]): string {
	const projectClause = projects && projects.length > 0 ? `project in (${projects.map((key) => `"${key}"`).join(', ')}) AND ` : '';
	return `${projectClause}updated >= ${boundMs} ORDER BY updated ASC, id ASC`;
}

/**
 * Issues updated at or after the start cursor, oldest first, each delivered once per pass; the engine of the
 * issues, comments and issue-tree readers. Yields once per Jira page (possibly empty after dropping issues the
 * cursor already covers), and always a last page.
 */
export async function* issuePass(client: JiraClient, options: IssuePassOptions): AsyncGenerator<IssuePassPage> {
	const fields = options.fields.includes('updated') ? options.fields : [...options.fields, 'updated'];
	let cursor = options.start ?? null;
	let lookbackMs = Math.max(0, options.lookbackMinutes ?? 0) * 60_000;
	const recent = new RecentDeliveryWindow(recentOf(cursor), recentWindowMs(options.recentWindowMinutes ?? options.lookbackMinutes));
	const withRecent = (at: IssueCursor | null): IssueCursor | null => {
		const remembered = at && recent.at(at.updatedMs);
		if (!at || !remembered) return at;
		return { ...at, recent: remembered };
	};
	let finished = false;
	for (;;) {
		const jql = issueJql(lowerBoundMs(cursor, lookbackMs), options.projects);
		let shifted = false;
		for await (const { item, last } of withLast(searchIssuePages(client, { jql, fields, pageSize: options.pageSize }))) {
			if (item === RESULTS_SHIFTED) {
				shifted = true;
				break;
			}
			const issues: JiraIssue[] = [];
			for (const issue of item) {
				const updatedMs = parseJiraTime(issue.fields.updated);
				if (Number.isNaN(updatedMs)) {
					throw new JiraResponseError({ endpointId: client.endpointId, method: 'POST', path: 'search' }, `issue ${issue.key} has no valid fields.updated`);
				}
				if (isDelivered(cursor, updatedMs, issue.id, lookbackMs) || recent.has(issue.id, updatedMs)) continue;
				issues.push(issue);
				recent.add(issue.id, updatedMs);
				cursor = advanceCursor(cursor, updatedMs, issue.id);
			}
			finished = last;
			yield { issues, cursor: withRecent(cursor), last };
		}
		if (!shifted) break;
		lookbackMs = 0;
	}
	if (!finished) yield { issues: [], cursor: withRecent(cursor), last: true };
}
