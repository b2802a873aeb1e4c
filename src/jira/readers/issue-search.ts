import type { JiraClient } from '../client';
import type { JiraIssue } from '../types';
import { expectShape, searchJqlResponse, searchOffsetResponse } from './response-shapes';

/** Largest search page Jira serves when fields are requested; searches for `id` only get up to 5000. */
export const SEARCH_PAGE_MAX = 100;
export const ID_SEARCH_PAGE_MAX = 5000;

export interface IssueSearch {
	jql: string;
	fields: string[];
	pageSize?: number;
}

/** Marks a Data Center offset page that no longer lines up with the previous one: re-query from the cursor. */
export const RESULTS_SHIFTED = Symbol('results shifted');

/**
 * The pages of one JQL search, in Jira's order.
 * Cloud: `POST /rest/api/3/search/jql`, following `nextPageToken` until `isLast` (the token is missing on the last page).
 * Data Center: `POST /rest/api/2/search` with `startAt`. Offsets move when an issue that was already read is updated
 * (it jumps to the end), which would skip one issue at the page boundary; each page therefore re-reads the previous
 * page's last issue, and when that issue is not where it was, yields {@link RESULTS_SHIFTED} so the caller re-queries.
 */
export async function* searchIssuePages(client: JiraClient, search: IssueSearch): AsyncGenerator<JiraIssue[] | typeof RESULTS_SHIFTED> {
	const max = search.fields.every((field) => field === 'id' || field === 'key') ? ID_SEARCH_PAGE_MAX : SEARCH_PAGE_MAX;
	const pageSize = Math.min(Math.max(1, search.pageSize ?? max), max);
	if (client.deployment === 'cloud') {
		const path = '/rest/api/3/search/jql';
		let nextPageToken: string | undefined;
		for (;;) {
			const raw = await client.post<unknown>(path, { jql: search.jql, fields: search.fields, maxResults: pageSize, ...(nextPageToken ? { nextPageToken } : {}) });
			const page = expectShape(client, 'POST', path, searchJqlResponse, raw);
			yield page.issues as JiraIssue[];
			if (page.isLast === true || !page.nextPageToken) return;
			nextPageToken = page.nextPageToken;
		}
	}
	const path = '/rest/api/2/search';
	let startAt = 0;
	let lastId: string | undefined;
	for (;;) {
		const overlap = lastId === undefined ? 0 : 1;
		const raw = await client.post<unknown>(path, { jql: search.jql, fields: search.fields, startAt: startAt - overlap, maxResults: pageSize + overlap });
		const page = expectShape(client, 'POST', path, searchOffsetResponse, raw);
		let issues = page.issues as JiraIssue[];
		if (overlap) {
			if (issues[0]?.id !== lastId) {
				yield RESULTS_SHIFTED;
				return;
			}
			issues = issues.slice(1);
		}
		if (issues.length === 0) return;
		yield issues;
		startAt += issues.length;
		lastId = issues[issues.length - 1].id;
		if (page.total !== undefined && startAt >= page.total) return;
	}
}
