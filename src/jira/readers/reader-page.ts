/**
 * The reader contract the ingestion engine relies on.
 *
 * A reader is an async generator `(client, options) => AsyncGenerator<ReaderPage<T, C>>`. It streams PAGES:
 * memory stays flat in the number of records because a page is dropped once the engine has written it.
 *
 * - `records` are Jira's own JSON objects (an issue as `/search/jql` returns it, a comment with `issueId` and
 *   `issueKey` added, a worklog as `/worklog/list` returns it, ...). A page may be empty: readers yield an empty
 *   page when only the checkpoint moved, and the LAST page always comes, so the final checkpoint is never lost.
 * - `checkpoint` is JSON-serialisable cursor state AFTER this page. Passing it back as `options.start` resumes right
 *   after that page: at-least-once, so at most the records of one page are delivered again, and nothing is skipped.
 *   The engine stores it in the same transaction as the page's sink write.
 * - Incremental readers' final checkpoint is where the next run starts; full readers mark their last checkpoint
 *   `complete: true`, and starting from a complete checkpoint reads everything again.
 */
export interface ReaderPage<T, C = JsonValue> {
	records: T[];
	checkpoint: C;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Options every reader accepts. */
export interface ReaderOptions<C> {
	/** A checkpoint from an earlier page (or run); absent for a first, full read. */
	start?: C | null;
	/** Records requested per Jira page (readers cap it at what the API allows). */
	pageSize?: number;
}

/** Cursor of full (non-incremental) readers: an offset, and whether the read finished. */
export interface OffsetCheckpoint {
	[key: string]: JsonValue;
	startAt: number;
	complete: boolean;
}

/** Where a full reader starts: at the saved offset, or at 0 when there is none or the last read finished. */
export function offsetOf(start: OffsetCheckpoint | null | undefined): number {
	return start && !start.complete ? start.startAt : 0;
}
