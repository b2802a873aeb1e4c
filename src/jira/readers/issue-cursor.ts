import type { JsonValue } from './reader-page';
import type { RecentDeliveries } from './recent-deliveries';

/**
 * Position in the `updated ASC` issue order, safe against ties: `updatedMs` is the newest `updated` delivered, and
 * `idsAtUpdatedMs` the ids already delivered at exactly that millisecond.
 *
 * Why a set of ids and not "last id": many issues share one `updated` millisecond (bulk edits, automation), and the
 * tie order is Jira's, not ours (`ORDER BY id` sorts by issue key). Why the JQL bound is floored to the minute:
 * JQL date literals have minute precision, so a re-query starts at the minute of the cursor and the reader drops
 * what it already delivered (`updated` before the cursor, or at the cursor and in the set). Re-querying never skips
 * (the bound is at or before the cursor) and never loops (delivered ids are dropped, and the cursor only moves on).
 */
export interface IssueCursor {
	[key: string]: JsonValue;
	updatedMs: number;
	idsAtUpdatedMs: string[];
	// Optionally `recent`: the issues delivered within the lookback window before the cursor (see recentOf).
}

/** The deliveries a cursor remembers (its optional `recent` key), for the next lookback to skip. */
export function recentOf(cursor: { [key: string]: JsonValue } | null | undefined): RecentDeliveries | undefined {
	return (cursor?.recent as RecentDeliveries | undefined) ?? undefined;
}

const MINUTE = 60_000;

/** The `updated >=` bound for a query resuming at this cursor, widened by a lookback. */
export function lowerBoundMs(cursor: IssueCursor | null | undefined, lookbackMs = 0): number {
	if (!cursor) return 0;
	return Math.max(0, Math.floor((cursor.updatedMs - lookbackMs) / MINUTE) * MINUTE);
}

/** True when a re-query returned an issue this cursor already covers. A lookback re-delivers everything in it. */
export function isDelivered(cursor: IssueCursor | null | undefined, updatedMs: number, id: string, lookbackMs = 0): boolean {
	if (!cursor || lookbackMs > 0) return false;
	return updatedMs < cursor.updatedMs || (updatedMs === cursor.updatedMs && cursor.idsAtUpdatedMs.includes(id));
}

/** The cursor after delivering an issue. Older `updated` values (a lookback, a changed order) never move it back. */
export function advanceCursor(cursor: IssueCursor | null | undefined, updatedMs: number, id: string): IssueCursor {
	if (!cursor || updatedMs > cursor.updatedMs) return { updatedMs, idsAtUpdatedMs: [id] };
	if (updatedMs === cursor.updatedMs && !cursor.idsAtUpdatedMs.includes(id)) {
		return { updatedMs, idsAtUpdatedMs: [...cursor.idsAtUpdatedMs, id] };
	}
	return cursor;
}
