import type { JsonValue } from '../json-value';

type Cursor = { ms: number; ties: number };

/** A cursor at a millisecond with the ids already delivered at it: later ms first, then more ids at the same ms. */
function compareCursors(a: Cursor | null, b: Cursor | null): number {
	if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
	return a.ms - b.ms || a.ties - b.ties;
}

function field(value: JsonValue, key: string): JsonValue | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined;
}

function cursorAt(value: JsonValue | undefined, msKey: string, idsKey: string): Cursor | null {
	if (value === undefined || value === null) return null;
	const ms = field(value, msKey);
	const ids = field(value, idsKey);
	return typeof ms === 'number' ? { ms, ties: Array.isArray(ids) ? ids.length : 0 } : null;
}

const issueCursor = (value: JsonValue | undefined) => cursorAt(value, 'updatedMs', 'idsAtUpdatedMs');
const feedCursor = (value: JsonValue | undefined) => cursorAt(value, 'sinceMs', 'idsAtSinceMs');

/**
 * How the engine orders two checkpoints of a Jira unit, so a lookback re-read never moves a saved checkpoint back.
 * Units read by offset (projects, users) have no order: every full read starts over, so none is returned.
 */
export function jiraCheckpointOrder(unitId: string): ((a: JsonValue, b: JsonValue) => number) | undefined {
	switch (unitId) {
		case 'jira.issues':
			return (a, b) => compareCursors(issueCursor(a), issueCursor(b));
		case 'jira.worklogs':
			return (a, b) => compareCursors(feedCursor(a), feedCursor(b));
		case 'jira.comments':
			return (a, b) => {
				const since = (v: JsonValue) => (typeof field(v, 'sinceMs') === 'number' ? (field(v, 'sinceMs') as number) : -Infinity);
				return compareCursors(issueCursor(field(a, 'issues')), issueCursor(field(b, 'issues'))) || since(a) - since(b);
			};
		default:
			return undefined;
	}
}
