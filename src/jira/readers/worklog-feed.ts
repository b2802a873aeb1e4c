import type { JiraClient } from '../client';
import { JiraResponseError } from '../errors';
import type { JsonValue } from './reader-page';
import { expectShape, worklogFeedResponse } from './response-shapes';

/**
 * Position in a worklog feed (`/worklog/updated` or `/worklog/deleted`). The feed's `since` is inclusive and a
 * full page ends at `until` = its newest entry, so the next page starts again at that millisecond: the ids
 * already delivered there are kept to drop the repeats.
 */
export interface FeedCheckpoint {
	[key: string]: JsonValue;
	sinceMs: number;
	idsAtSinceMs: string[];
	// Optionally `recent` (worklogs only): the entries delivered within the lookback window before `sinceMs`.
}

export interface FeedEntry {
	id: string;
	at: number;
}

export interface FeedPage {
	entries: FeedEntry[];
	checkpoint: FeedCheckpoint;
	last: boolean;
}

/**
 * Pages of a worklog feed from the checkpoint on (1000 entries a page; Jira leaves out the last minute, which the
 * next run picks up because the checkpoint never passes the newest entry seen). A lookback restarts earlier and
 * delivers everything in the window again.
 */
export async function* worklogFeed(
	client: JiraClient,
	kind: 'updated' | 'deleted',
	start: FeedCheckpoint | null | undefined,
	lookbackMinutes = 0,
): AsyncGenerator<FeedPage> {
	const lookbackMs = Math.max(0, lookbackMinutes) * 60_000;
	let checkpoint: FeedCheckpoint = start
		? lookbackMs > 0
			? { sinceMs: Math.max(0, start.sinceMs - lookbackMs), idsAtSinceMs: [] }
			: { sinceMs: start.sinceMs, idsAtSinceMs: [...start.idsAtSinceMs] }
		: { sinceMs: 0, idsAtSinceMs: [] };
	const path = `${client.apiRoot}/worklog/${kind}`;
	for (;;) {
		const raw = await client.get<unknown>(path, { since: checkpoint.sinceMs });
		const page = expectShape(client, 'GET', path, worklogFeedResponse, raw);
		const seen = new Set(checkpoint.idsAtSinceMs);
		const entries = page.values
			.map((value) => ({ id: String(value.worklogId), at: value.updatedTime }))
			.filter((entry) => entry.at > checkpoint.sinceMs || (entry.at === checkpoint.sinceMs && !seen.has(entry.id)));
		if (entries.length > 0) {
			const newest = Math.max(...entries.map((entry) => entry.at));
			const idsAtNewest = entries.filter((entry) => entry.at === newest).map((entry) => entry.id);
			checkpoint = { sinceMs: newest, idsAtSinceMs: newest === checkpoint.sinceMs ? [...checkpoint.idsAtSinceMs, ...idsAtNewest] : idsAtNewest };
		} else if (!page.lastPage) {
			throw new JiraResponseError(
				{ endpointId: client.endpointId, method: 'GET', path },
				`the feed does not advance past since=${checkpoint.sinceMs} (more than a page of worklogs share that millisecond)`,
			);
		}
		yield { entries, checkpoint, last: page.lastPage };
		if (page.lastPage) return;
	}
}
