import { QueryTypes } from 'sequelize';

import type { IngestionPolicy } from '../ingestion/policy';
import type { Store } from '../store';
import type { DataMode, IngestionMode, RunTrigger } from '../store/models/enums';
import type { RunRequest } from './trigger-request';

export interface ClaimRunsOptions {
	/** Only runs of this endpoint (default: every endpoint). */
	endpointId?: string | null;
	/** Only this run. */
	runId?: string;
	/** Who claims (the trigger instance). */
	dispatcher: string;
	/** A run still QUEUED this long after its dispatch may be claimed again (its execution was lost). */
	redispatchAfterSeconds: number;
	/** Most runs claimed by one call (default 100). */
	limit?: number;
}

interface DispatchRow {
	id: string;
	endpoint_id: string;
	unit_id: string;
	mode: IngestionMode;
	policy: IngestionPolicy;
	sink_id: string;
	data_mode: DataMode;
	cdm_model_id: string | null;
	trigger: RunTrigger;
	queued_at: Date;
}

/**
 * Claims QUEUED runs for dispatch, oldest first, with one UPDATE ... RETURNING: a run is claimed when it was never
 * dispatched, or when it is still QUEUED `redispatchAfterSeconds` after its last dispatch. Rows another transaction
 * holds (a run being started) are skipped. Two dispatchers never claim the same run at the same time, so each
 * queued run is emitted once (again only if its first execution never started it).
 */
export async function claimQueuedRuns(store: Store, options: ClaimRunsOptions): Promise<RunRequest[]> {
	const rows = await store.sequelize.query<DispatchRow>(
		`UPDATE ingestion_runs r
     SET dispatched_at = now(), dispatched_by = $2, dispatch_count = r.dispatch_count + 1
     WHERE r.id IN (
       SELECT q.id FROM ingestion_runs q
       WHERE q.status = 'QUEUED'
         AND ($1::text IS NULL OR q.endpoint_id = $1)
         AND ($5::uuid IS NULL OR q.id = $5)
         AND (q.dispatched_at IS NULL OR q.dispatched_at < now() - make_interval(secs => $3))
       ORDER BY q.queued_at, q.id
       LIMIT $4
       FOR UPDATE SKIP LOCKED)
     RETURNING r.id, r.endpoint_id, r.unit_id, r.mode, r.policy, r.sink_id, r.data_mode, r.cdm_model_id, r.trigger, r.queued_at`,
		{
			bind: [options.endpointId ?? null, options.dispatcher, options.redispatchAfterSeconds, options.limit ?? 100, options.runId ?? null],
			type: QueryTypes.SELECT,
		},
	);
	return rows
		.sort((a, b) => a.queued_at.getTime() - b.queued_at.getTime() || a.id.localeCompare(b.id))
		.map((row) => ({
			kind: 'run',
			runId: row.id,
			endpointId: row.endpoint_id,
			unitId: row.unit_id,
			mode: row.mode,
			policy: row.policy,
			sinkId: row.sink_id,
			dataMode: row.data_mode,
			cdmModelId: row.cdm_model_id,
			trigger: row.trigger,
			queuedAt: row.queued_at.toISOString(),
		}));
}
