import type { SourceStats } from './source';

/** Figures of one run, stored in `ingestion_runs.stats` and `ingestion_unit_states.last_stats`. */
export interface RunStats {
	recordsRead: number;
	rowsWritten: number;
	rowsDeleted: number;
	pages: number;
	deletionPages: number;
	/** Requests the source sent (Jira REST calls), retries among them, and 429 answers. */
	jiraRequests: number;
	retries: number;
	rateLimited: number;
	bytes: number;
	durationMs: number;
	/** CUSTOM runs: pages the caller confirmed, and whether it read to the end (false: it stopped early). */
	pagesConfirmed?: number;
	complete?: boolean;
}

export function emptyRunStats(): RunStats {
	return {
		recordsRead: 0,
		rowsWritten: 0,
		rowsDeleted: 0,
		pages: 0,
		deletionPages: 0,
		jiraRequests: 0,
		retries: 0,
		rateLimited: 0,
		bytes: 0,
		durationMs: 0,
	};
}

/** `stats` with the source's counters copied in. */
export function withSourceStats(stats: RunStats, source: SourceStats | undefined): RunStats {
	if (!source) return { ...stats };
	return { ...stats, jiraRequests: source.requests, retries: source.retries, rateLimited: source.rateLimited, bytes: source.bytes };
}

/** Progress of a running run, as stored in `ingestion_runs.progress` and passed to progress callbacks. */
export interface RunProgress {
	runId: string;
	endpointId: string;
	unitId: string;
	recordsRead: number;
	rowsWritten: number;
	pages: number;
	/** The page being worked on (1-based), or the last one done. */
	currentPage: number;
	elapsedMs: number;
}
