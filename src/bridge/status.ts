import { runCounts, type IngestionRunRecord } from '../ingestion/run-record';
import { sanitizeRunError } from './sanitize';

/** The GraphQL `IngestionStatus` of a unit whose most recent run is `run` (NEVER_RUN without one). */
export function ingestionStatus(run: IngestionRunRecord | null | undefined) {
	if (!run) {
		return {
			state: 'NEVER_RUN',
			lastRunId: null,
			trigger: null,
			queuedAt: null,
			startedAt: null,
			finishedAt: null,
			recordsRead: null,
			rowsWritten: null,
			error: null,
		};
	}
	return {
		state: run.status,
		lastRunId: run.id,
		trigger: run.trigger,
		queuedAt: run.queuedAt,
		startedAt: run.startedAt,
		finishedAt: run.finishedAt,
		...runCounts(run),
		error: sanitizeRunError(run.error),
	};
}
