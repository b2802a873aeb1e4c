import type { JiraClient } from '../client';
import { expectShape, recordArray, valuesPageResponse } from './response-shapes';

type Json = Record<string, unknown>;

export interface JiraDictionaries {
	issueTypes: Json[];
	/** Statuses with their category (`statusCategory`). */
	statuses: Json[];
	priorities: Json[];
	fields: Json[];
}

async function list(client: JiraClient, path: string): Promise<Json[]> {
	return expectShape(client, 'GET', path, recordArray, await client.get<unknown>(path));
}

/** Cloud: `/statuses/search` (paged); Data Center: `/status`. */
async function statuses(client: JiraClient): Promise<Json[]> {
	if (client.deployment !== 'cloud') return list(client, '/rest/api/2/status');
	const path = '/rest/api/3/statuses/search';
	const all: Json[] = [];
	for (;;) {
		const page = expectShape(client, 'GET', path, valuesPageResponse, await client.get<unknown>(path, { startAt: all.length, maxResults: 200 }));
		all.push(...page.values);
		if (page.isLast !== false || page.values.length === 0) return all;
	}
}

/** Issue types, statuses, priorities and fields: the catalog's dictionaries and the issue field schema. */
export async function readDictionaries(client: JiraClient): Promise<JiraDictionaries> {
	const root = client.apiRoot;
	const [issueTypes, statusList, priorities, fields] = await Promise.all([
		list(client, `${root}/issuetype`),
		statuses(client),
		list(client, `${root}/priority`),
		list(client, `${root}/field`),
	]);
	return { issueTypes, statuses: statusList, priorities, fields };
}
