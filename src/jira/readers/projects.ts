import type { JiraClient } from '../client';
import type { JiraProject } from '../types';
import { offsetOf, type OffsetCheckpoint, type ReaderOptions, type ReaderPage } from './reader-page';
import { expectShape, valuesPageResponse } from './response-shapes';

/** `jira.projects` (full): `GET /project/search` with lead and description, paged until `isLast`. */
export async function* readProjects(
	client: JiraClient,
	options: ReaderOptions<OffsetCheckpoint> & { projects?: string[] } = {},
): AsyncGenerator<ReaderPage<JiraProject, OffsetCheckpoint>> {
	const pageSize = Math.min(Math.max(1, options.pageSize ?? 100), 100);
	const path = `${client.apiRoot}/project/search`;
	const wanted = options.projects && options.projects.length > 0 ? new Set(options.projects) : undefined;
	let startAt = offsetOf(options.start);
	for (;;) {
		const raw = await client.get<unknown>(path, { startAt, maxResults: pageSize, expand: 'description,lead' });
		const page = expectShape(client, 'GET', path, valuesPageResponse, raw);
		const projects = page.values as JiraProject[];
		startAt += projects.length;
		const last = page.isLast === true || projects.length === 0 || (page.total !== undefined && startAt >= page.total);
		yield { records: wanted ? projects.filter((project) => wanted.has(project.key)) : projects, checkpoint: { startAt, complete: last } };
		if (last) return;
	}
}
