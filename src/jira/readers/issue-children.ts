import type { JiraClient } from '../client';
import type { JiraCommentBody, JiraIssue, JiraWorklog } from '../types';
import { commentPageResponse, expectShape, worklogPageResponse } from './response-shapes';

/** Page size for `/issue/{key}/comment` and `/issue/{key}/worklog` (Jira's maximum). */
export const CHILD_PAGE_MAX = 5000;

async function pageThrough<T>(
	client: JiraClient,
	path: string,
	pageSize: number,
	fetchPage: (raw: unknown) => { items: T[]; total: number },
	query: Record<string, string> = {},
): Promise<T[]> {
	const all: T[] = [];
	for (;;) {
		const raw = await client.get<unknown>(path, { ...query, startAt: all.length, maxResults: pageSize });
		const { items, total } = fetchPage(raw);
		all.push(...items);
		if (items.length === 0 || all.length >= total) return all;
	}
}

/**
 * All comments of an issue: the embedded list when it is complete (search embeds at most 20), otherwise
 * `GET /issue/{id}/comment`, paged, oldest first.
 */
export async function allComments(client: JiraClient, issue: JiraIssue, pageSize = CHILD_PAGE_MAX): Promise<JiraCommentBody[]> {
	const embedded = issue.fields.comment;
	if (embedded && Array.isArray(embedded.comments) && embedded.total <= embedded.comments.length) return embedded.comments;
	const path = `${client.apiRoot}/issue/${issue.id}/comment`;
	return pageThrough(
		client,
		path,
		pageSize,
		(raw) => {
			const page = expectShape(client, 'GET', path, commentPageResponse, raw);
			return { items: page.comments as JiraCommentBody[], total: page.total };
		},
		{ orderBy: 'created' },
	);
}

/** All worklogs of an issue: the embedded list when complete, otherwise `GET /issue/{id}/worklog`, paged. */
export async function allWorklogs(client: JiraClient, issue: JiraIssue, pageSize = CHILD_PAGE_MAX): Promise<JiraWorklog[]> {
	const embedded = issue.fields.worklog;
	if (embedded && Array.isArray(embedded.worklogs) && embedded.total <= embedded.worklogs.length) return embedded.worklogs;
	const path = `${client.apiRoot}/issue/${issue.id}/worklog`;
	return pageThrough(client, path, pageSize, (raw) => {
		const page = expectShape(client, 'GET', path, worklogPageResponse, raw);
		return { items: page.worklogs as JiraWorklog[], total: page.total };
	});
}

/** A comment with the issue it belongs to (Jira's comment objects do not name it). */
export function withIssue(comment: JiraCommentBody, issue: JiraIssue) {
	return { ...comment, issueId: issue.id, issueKey: issue.key };
}
