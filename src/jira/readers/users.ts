import type { JiraClient } from '../client';
import type { JiraUser } from '../types';
import { offsetOf, type OffsetCheckpoint, type ReaderOptions, type ReaderPage } from './reader-page';
import { expectShape, recordArray } from './response-shapes';

/**
 * `jira.users` (full): `GET /rest/api/3/users/search`, paged until an EMPTY page, because Jira filters users after
 * paging and a short page is not the end. Data Center: `/rest/api/2/user/search?username=.` (users carry `key`
 * and `name` there, not `accountId`).
 */
export async function* readUsers(client: JiraClient, options: ReaderOptions<OffsetCheckpoint> = {}): AsyncGenerator<ReaderPage<JiraUser, OffsetCheckpoint>> {
	const pageSize = Math.min(Math.max(1, options.pageSize ?? 1000), 1000);
	const path = client.deployment === 'cloud' ? '/rest/api/3/users/search' : '/rest/api/2/user/search';
	let startAt = offsetOf(options.start);
	for (;;) {
		const raw = await client.get<unknown>(path, { startAt, maxResults: pageSize, ...(client.deployment === 'cloud' ? {} : { username: '.' }) });
		const users = expectShape(client, 'GET', path, recordArray, raw) as JiraUser[];
		startAt += users.length;
		yield { records: users, checkpoint: { startAt, complete: users.length === 0 } };
		if (users.length === 0) return;
	}
}
