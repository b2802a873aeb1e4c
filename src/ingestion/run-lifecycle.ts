import type { Transaction } from 'sequelize';

import type { Store } from '../store';
import type { DataMode, IngestionMode, RunStatus, RunTrigger } from '../store/models/enums';
import { selectRows } from '../store/sql-query';
import type { IngestionPolicy } from './policy';
import type { RunProgress, RunStats } from './run-stats';

/** What identifies a run and is copied onto its row. */
export interface RunDescriptor {
	endpointId: string;
	unitId: string;
	configId: string | null;
	trigger: RunTrigger;
	mode: IngestionMode;
	dataMode: DataMode;
	sinkId: string;
	cdmModelId: string | null;
	policy: IngestionPolicy;
}

/** A given run id whose row is no longer QUEUED (another worker took it, or it ended): left untouched. */
export interface RunNotQueued {
	runId: string;
	status: RunStatus;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

async function insertRun(
	store: Store,
	transaction: Transaction,
	run: RunDescriptor,
	fields: { id?: string; status: RunStatus; worker: string; checkpointBefore?: unknown; stats?: unknown },
): Promise<string> {
	const [row] = await selectRows<{ id: string }>(
		store.sequelize,
		`INSERT INTO ingestion_runs (id, endpoint_id, unit_id, config_id, trigger, status, mode, data_mode, sink_id, cdm_model_id,
		                             policy, started_at, finished_at, worker, checkpoint_before, stats)
		 VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb,
		         clock_timestamp(), CASE WHEN $6 = 'RUNNING' THEN NULL ELSE clock_timestamp() END, $12, $13::jsonb, coalesce($14::jsonb, '{}'))
		 RETURNING id`,
		[
			fields.id ?? null,
			run.endpointId,
			run.unitId,
			run.configId,
			run.trigger,
			fields.status,
			run.mode,
			run.dataMode,
			run.sinkId,
			run.cdmModelId,
			JSON.stringify(run.policy),
			fields.worker,
			json(fields.checkpointBefore),
			json(fields.stats),
		],
		transaction,
	);
	return row.id;
}

/** Locks a given run row; undefined when it does not exist. Throws when it belongs to another unit. */
export async function lockGivenRun(
	store: Store,
	transaction: Transaction,
	runId: string,
	run: { endpointId: string; unitId: string },
): Promise<{ status: RunStatus } | undefined> {
	const rows = await selectRows<{ status: RunStatus; endpoint_id: string; unit_id: string }>(
		store.sequelize,
		'SELECT status, endpoint_id, unit_id FROM ingestion_runs WHERE id = $1 FOR UPDATE',
		[runId],
		transaction,
	);
	if (rows.length === 0) return undefined;
	const [row] = rows;
	if (row.endpoint_id !== run.endpointId || row.unit_id !== run.unitId) {
		throw new Error(`Run ${runId} belongs to unit ${row.unit_id} of endpoint "${row.endpoint_id}", not to this unit`);
	}
	return { status: row.status };
}

/**
 * Ends every RUNNING run of the unit except `keepRunId` as FAILED: called by the new lease holder, whose
 * lease proves the holders of those runs are gone (only one run per unit may be RUNNING).
 */
export async function failAbandonedRuns(
	store: Store,
	transaction: Transaction,
	run: { endpointId: string; unitId: string },
	keepRunId: string | null,
	message: string,
): Promise<number> {
	const rows = await selectRows(
		store.sequelize,
		`UPDATE ingestion_runs SET status = 'FAILED', finished_at = greatest(clock_timestamp(), started_at), error = $4
		  WHERE endpoint_id = $1 AND unit_id = $2 AND status = 'RUNNING' AND id IS DISTINCT FROM $3::uuid
		RETURNING id`,
		[run.endpointId, run.unitId, keepRunId, message],
		transaction,
	);
	return rows.length;
}

/** Marks the run RUNNING: the given QUEUED row, or a new row (with the given id when there is one). */
export async function markRunRunning(
	store: Store,
	transaction: Transaction,
	run: RunDescriptor,
	options: { runId: string; exists: boolean; worker: string; checkpointBefore: unknown; stateId: string },
): Promise<string> {
	let runId: string;
	if (options.runId && options.exists) {
		await store.sequelize.query(
			`UPDATE ingestion_runs
			    SET status = 'RUNNING', started_at = clock_timestamp(), worker = $2, checkpoint_before = $3::jsonb,
			        config_id = $4, mode = $5, data_mode = $6, sink_id = $7, cdm_model_id = $8, policy = $9::jsonb
			  WHERE id = $1 AND status = 'QUEUED'`,
			{
				bind: [
					options.runId,
					options.worker,
					json(options.checkpointBefore),
					run.configId,
					run.mode,
					run.dataMode,
					run.sinkId,
					run.cdmModelId,
					JSON.stringify(run.policy),
				],
				transaction,
			},
		);
		runId = options.runId;
	} else {
		runId = await insertRun(store, transaction, run, {
			id: options.runId,
			status: 'RUNNING',
			worker: options.worker,
			checkpointBefore: options.checkpointBefore,
		});
	}
	await store.sequelize.query(
		`UPDATE ingestion_unit_states
		    SET last_run_id = $2, last_status = 'RUNNING', last_started_at = clock_timestamp(), updated_at = now()
		  WHERE id = $1`,
		{ bind: [options.stateId, runId], transaction },
	);
	return runId;
}

/**
 * Records a run that did not happen because the unit is busy: the given QUEUED row becomes SKIPPED, or a
 * SKIPPED row is added. The unit's state is left alone (its running run is what the console should show).
 */
export async function recordSkippedRun(
	store: Store,
	transaction: Transaction,
	run: RunDescriptor,
	options: { runId: string; exists: boolean; worker: string; reason: string },
): Promise<string> {
	if (options.runId && options.exists) {
		await store.sequelize.query(
			`UPDATE ingestion_runs
			    SET status = 'SKIPPED', started_at = clock_timestamp(), finished_at = clock_timestamp(), worker = $2,
			        stats = jsonb_build_object('skippedReason', $3::text)
			  WHERE id = $1 AND status = 'QUEUED'`,
			{ bind: [options.runId, options.worker, options.reason], transaction },
		);
		return options.runId;
	}
	return insertRun(store, transaction, run, {
		id: options.runId,
		status: 'SKIPPED',
		worker: options.worker,
		stats: { skippedReason: options.reason },
	});
}

/** Records the CDM model a run resolved (the unit's default when the config names none). */
export async function recordRunCdmModel(store: Store, runId: string, cdmModelId: string): Promise<void> {
	await store.sequelize.query(`UPDATE ingestion_runs SET cdm_model_id = $2 WHERE id = $1 AND cdm_model_id IS DISTINCT FROM $2`, {
		bind: [runId, cdmModelId],
	});
}

/** Stores a running run's progress (the caller throttles). */
export async function recordRunProgress(
	store: Store,
	transaction: Transaction | undefined,
	runId: string,
	progress: RunProgress,
): Promise<void> {
	await store.sequelize.query(`UPDATE ingestion_runs SET progress = $2::jsonb WHERE id = $1 AND status = 'RUNNING'`, {
		bind: [runId, JSON.stringify({ ...progress, updatedAt: new Date().toISOString() })],
		transaction,
	});
}

export interface RunOutcome {
	status: 'SUCCEEDED' | 'FAILED';
	stats: RunStats;
	checkpointAfter: unknown;
	/** Sanitized error text (FAILED only). */
	error: string | null;
	progress: RunProgress;
}

/**
 * Ends a RUNNING run, updates the unit's last-run summary and releases the lease, all in `transaction`.
 * Only while `owner` still holds the lease does the unit's state change (a run that lost its lease was
 * already ended by the worker that took over).
 */
export async function finishRun(
	store: Store,
	transaction: Transaction,
	lease: { stateId: string; owner: string },
	runId: string,
	outcome: RunOutcome,
): Promise<void> {
	await store.sequelize.query(
		`UPDATE ingestion_runs
		    SET status = $2, finished_at = greatest(clock_timestamp(), started_at), stats = $3::jsonb,
		        checkpoint_after = $4::jsonb, error = $5, progress = $6::jsonb
		  WHERE id = $1 AND status = 'RUNNING'`,
		{
			bind: [
				runId,
				outcome.status,
				JSON.stringify(outcome.stats),
				json(outcome.checkpointAfter),
				outcome.error,
				JSON.stringify(outcome.progress),
			],
			transaction,
		},
	);
	await store.sequelize.query(
		`UPDATE ingestion_unit_states
		    SET last_run_id = $3, last_status = $4, last_finished_at = clock_timestamp(),
		        last_success_at = CASE WHEN $4 = 'SUCCEEDED' THEN clock_timestamp() ELSE last_success_at END,
		        last_stats = $5::jsonb, last_error = $6, lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
		  WHERE id = $1 AND lease_owner = $2`,
		{
			bind: [lease.stateId, lease.owner, runId, outcome.status, JSON.stringify(outcome.stats), outcome.error],
			transaction,
		},
	);
}

/** Marks a given QUEUED run FAILED when the engine cannot even start it (no config for the unit). */
export async function failQueuedRun(store: Store, runId: string, error: string): Promise<void> {
	await store.sequelize.query(
		`UPDATE ingestion_runs SET status = 'FAILED', started_at = clock_timestamp(), finished_at = clock_timestamp(), error = $2
		  WHERE id = $1 AND status = 'QUEUED'`,
		{ bind: [runId, error] },
	);
}
