/** Jira's own JSON shapes as the readers deliver them (only the members the readers rely on are typed). */

export interface JiraEmbeddedComments {
	comments: JiraCommentBody[];
	total: number;
	maxResults?: number;
	startAt?: number;
}

export interface JiraEmbeddedWorklogs {
	worklogs: JiraWorklog[];
	total: number;
	maxResults?: number;
	startAt?: number;
}

/** An issue as `/search/jql` returns it with explicit `fields`. */
export interface JiraIssue {
	id: string;
	key: string;
	self?: string;
	fields: Record<string, unknown> & {
		updated?: string;
		comment?: JiraEmbeddedComments;
		worklog?: JiraEmbeddedWorklogs;
	};
	[member: string]: unknown;
}

/** A comment as Jira returns it (it does not name its issue). */
export interface JiraCommentBody {
	id: string;
	created?: string;
	updated?: string;
	[member: string]: unknown;
}

/** A comment as the readers deliver it: Jira's comment plus the issue it belongs to. */
export interface JiraComment extends JiraCommentBody {
	issueId: string;
	issueKey: string;
}

/** A worklog as `/worklog/list` and `/issue/{key}/worklog` return it (it carries `issueId`). */
export interface JiraWorklog {
	id: string;
	issueId: string;
	updated?: string;
	started?: string;
	[member: string]: unknown;
}

/** A worklog deletion from `/worklog/deleted`. */
export interface JiraDeletedWorklog {
	worklogId: string;
	/** When Jira recorded the deletion (epoch ms). */
	deletedMs: number;
}

export interface JiraUser {
	accountId?: string;
	displayName?: string;
	[member: string]: unknown;
}

export interface JiraProject {
	id: string;
	key: string;
	name?: string;
	[member: string]: unknown;
}

/** Jira timestamps look like `2024-01-15T10:23:45.123+0000`; returns epoch ms or NaN. */
export function parseJiraTime(value: unknown): number {
	if (typeof value !== 'string') return Number.NaN;
	return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}
