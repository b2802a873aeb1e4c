import type { DataMode, IngestionMode, RunStatus, RunTrigger } from '../store/models/enums';

/** One row of ingestion_runs as the services, the bridge and the CLI see it. */
export interface IngestionRunRecord {
	id: string;
	endpointId: string;
	unitId: string;
	configId: string | null;
	trigger: RunTrigger;
	status: RunStatus;
	mode: IngestionMode;
	dataMode: DataMode;
	sinkId: string;
	cdmModelId: string | null;
	policy: Record<string, unknown>;
	queuedAt: Date;
	startedAt: Date | null;
	finishedAt: Date | null;
	/** Final stats written by the engine (`recordsRead`, `rowsWritten`, `pages`, ...). */
	stats: Record<string, unknown>;
	/** Progress of a running run (`recordsRead`, `page`, ...). */
	progress: Record<string, unknown>;
	/** Sanitized error of a failed or skipped run. */
	error: string | null;
	worker: string | null;
}

export const RUN_COLUMNS = `r.id, r.endpoint_id, r.unit_id, r.config_id, r.trigger, r.status, r.mode, r.data_mode, r.sink_id,
  r.cdm_model_id, r.policy, r.queued_at, r.started_at, r.finished_at, r.stats, r.progress, r.error, r.worker`;

export interface RunRow {
	id: string;
	endpoint_id: string;
	unit_id: string;
	config_id: string | null;
	trigger: RunTrigger;
	status: RunStatus;
	mode: IngestionMode;
	data_mode: DataMode;
	sink_id: string;
	cdm_model_id: string | null;
	policy: Record<string, unknown>;
	queued_at: Date;
	started_at: Date | null;
	finished_at: Date | null;
	stats: Record<string, unknown>;
	progress: Record<string, unknown>;
	error: string | null;
	worker: string | null;
}

export function toRunRecord(row: RunRow): IngestionRunRecord {
	return {
		id: row.id,
		endpointId: row.endpoint_id,
		unitId: row.unit_id,
		configId: row.config_id,
		trigger: row.trigger,
		status: row.status,
		mode: row.mode,
		dataMode: row.data_mode,
		sinkId: row.sink_id,
		cdmModelId: row.cdm_model_id,
		policy: row.policy,
		queuedAt: row.queued_at,
		startedAt: row.started_at,
		finishedAt: row.finished_at,
		stats: row.stats,
		progress: row.progress,
		error: row.error,
		worker: row.worker,
	};
}

function countOf(source: Record<string, unknown>, key: string): number | null {
	const value = source[key];
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Records read and rows written so far: the engine's final `stats` when present, else the live `progress`.
 * These two keys are the contract with the engine for `IngestionStatus`.
 */
export function runCounts(run: IngestionRunRecord): { recordsRead: number | null; rowsWritten: number | null } {
	return {
		recordsRead: countOf(run.stats, 'recordsRead') ?? countOf(run.progress, 'recordsRead'),
		rowsWritten: countOf(run.stats, 'rowsWritten') ?? countOf(run.progress, 'rowsWritten'),
	};
}
