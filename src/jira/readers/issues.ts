import type { JiraClient } from '../client';
import type { JiraIssue } from '../types';
import type { IssueCursor } from './issue-cursor';
import { issuePass } from './issue-pass';
import type { ReaderOptions, ReaderPage } from './reader-page';

/** System fields every issue read asks for (custom fields are added from the catalog). */
export const ISSUE_FIELDS = [
	'summary',
	'description',
	'status',
	'issuetype',
	'priority',
	'project',
	'assignee',
	'reporter',
	'creator',
	'created',
	'updated',
	'resolution',
	'resolutiondate',
	'duedate',
	'labels',
	'components',
	'fixVersions',
	'parent',
	'timespent',
	'comment',
	'worklog',
];

export interface IssuesReaderOptions extends ReaderOptions<IssueCursor> {
	projects?: string[];
	lookbackMinutes?: number;
	/** See IssuePassOptions.recentWindowMinutes. */
	recentWindowMinutes?: number;
	/** Extra fields, typically custom field ids (`customfield_10016`) from the catalog. */
	extraFields?: string[];
}

export function issueFields(extraFields: string[] = []): string[] {
	return [...new Set([...ISSUE_FIELDS, ...extraFields])];
}

/**
 * `jira.issues`: issues updated since the cursor, oldest first, as `/search/jql` returns them (with embedded
 * comment and worklog lists, at most 20 each). The checkpoint is an {@link IssueCursor}; null until an issue came.
 */
export async function* readIssues(client: JiraClient, options: IssuesReaderOptions = {}): AsyncGenerator<ReaderPage<JiraIssue, IssueCursor | null>> {
	for await (const page of issuePass(client, { ...options, fields: issueFields(options.extraFields) })) {
		yield { records: page.issues, checkpoint: page.cursor };
	}
}
