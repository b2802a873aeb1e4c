import { QueryTypes, type Transaction } from 'sequelize';
import { z } from 'zod';

import { constraintViolation, type Store } from '../store';
import { RUN_TRIGGERS, type RunTrigger } from '../store/models/enums';
import { CONFIG_COLUMNS, CONFIG_FROM, toConfigRecord, type ConfigRow } from './config-record';
import { resolveUnit, type UnitSource } from './config-validation';
import { RUN_COLUMNS, toRunRecord, type IngestionRunRecord, type RunRow } from './run-record';
import { idSchema, parseRequest } from './input-schema';
import { isUuid } from './uuid';
import { badInput, notFound } from './validation-error';

export interface QueueRunRequest {
	endpointId: string;
	unitId: string;
	/** MANUAL ("run now", the default) or SCHEDULE (a schedule tick; refused unless the config's schedule is live). */
	trigger?: RunTrigger;
}

export interface QueueRunResult {
	run: IngestionRunRecord;
	/** True when this call queued the run; false when the unit already had a QUEUED or RUNNING run, which is returned. */
	queued: boolean;
}

const runRequestSchema = z.object({
	endpointId: idSchema,
	unitId: idSchema,
	trigger: z.enum(RUN_TRIGGERS, { errorMap: () => ({ message: `must be one of ${RUN_TRIGGERS.join(', ')}` }) }).optional(),
});

async function activeRun(store: Store, endpointId: string, unitId: string, transaction: Transaction): Promise<IngestionRunRecord | undefined> {
	const [row] = await store.sequelize.query<RunRow>(
		`SELECT ${RUN_COLUMNS} FROM ingestion_runs r
     WHERE r.endpoint_id = $1 AND r.unit_id = $2 AND r.status IN ('QUEUED', 'RUNNING')
     ORDER BY (r.status = 'RUNNING') DESC, r.queued_at DESC LIMIT 1`,
		{ bind: [endpointId, unitId], type: QueryTypes.SELECT, transaction },
	);
	return row ? toRunRecord(row) : undefined;
}

/**
 * Queues a run of a unit with its stored config (mode, policy, sink, data mode, CDM model), unless the unit already
 * has a QUEUED or RUNNING run: then that run is returned and nothing is written. The insert sends the NOTIFY the
 * trigger listens for. Refuses an unknown or disabled endpoint, an unknown unit, and a unit without a config.
 */
export async function queueRun(store: Store, request: QueueRunRequest, options: { unitSource?: UnitSource } = {}): Promise<QueueRunResult> {
	const parsed = parseRequest(runRequestSchema, request);
	const trigger = parsed.trigger ?? 'MANUAL';
	const { endpoint, unit } = await resolveUnit(store, parsed.endpointId, parsed.unitId, options.unitSource);
	const queue = () =>
		store.sequelize.transaction(async (transaction) => {
			// Locking the config row serializes run requests of the unit (and waits for a config upsert in flight).
			const [row] = await store.sequelize.query<ConfigRow>(
				`SELECT ${CONFIG_COLUMNS} FROM ${CONFIG_FROM} WHERE c.endpoint_id = $1 AND c.unit_id = $2 FOR UPDATE OF c`,
				{ bind: [endpoint.id, unit.unitId], type: QueryTypes.SELECT, transaction },
			);
			if (!row) {
				throw notFound('unitId', `unitId: unit "${unit.unitId}" of endpoint "${endpoint.id}" has no ingestion config yet: configure it first`);
			}
			const config = toConfigRecord(row);
			if (trigger === 'SCHEDULE' && !(config.enabled && config.scheduleKind === 'INTERVAL')) {
				throw badInput('unitId', `unitId: unit "${unit.unitId}" has no live schedule (enabled INTERVAL config)`);
			}
			const running = await activeRun(store, endpoint.id, unit.unitId, transaction);
			if (running) return { run: running, queued: false };
			const [inserted] = await store.sequelize.query<RunRow>(
				`INSERT INTO ingestion_runs AS r (endpoint_id, unit_id, config_id, trigger, status, mode, data_mode, sink_id, cdm_model_id, policy)
         VALUES ($1, $2, $3, $4, 'QUEUED', $5, $6, $7, $8, $9::jsonb)
         RETURNING ${RUN_COLUMNS}`,
				{
					bind: [
						config.endpointId,
						config.unitId,
						config.id,
						trigger,
						config.mode,
						config.dataMode,
						config.sinkId,
						config.cdmModelId,
						JSON.stringify(config.policy),
					],
					type: QueryTypes.SELECT,
					transaction,
				},
			);
			return { run: toRunRecord(inserted), queued: true };
		});
	try {
		return await queue();
	} catch (error) {
		// Another writer (not through this function) queued a run of the unit at the same moment: answer with it.
		if (constraintViolation(error)?.constraint === 'ingestion_runs_one_queued_per_unit') return queue();
		throw error;
	}
}

export interface ListRunsOptions {
	unitId?: string;
	/** Most recent first; 20 by default, at most 500. */
	limit?: number;
}

export const MAX_RUNS_LISTED = 500;

/** Recent runs of an endpoint (or of one unit), most recent first. */
export async function listRuns(store: Store, endpointId: string, options: ListRunsOptions = {}): Promise<IngestionRunRecord[]> {
	const limit = options.limit ?? 20;
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUNS_LISTED) {
		throw badInput('limit', `limit must be within 1..${MAX_RUNS_LISTED} (got ${limit})`);
	}
	const rows = await store.sequelize.query<RunRow>(
		`SELECT ${RUN_COLUMNS} FROM ingestion_runs r
     WHERE r.endpoint_id = $1 AND ($2::text IS NULL OR r.unit_id = $2)
     ORDER BY r.queued_at DESC, r.id LIMIT $3`,
		{ bind: [endpointId, options.unitId ?? null, limit], type: QueryTypes.SELECT },
	);
	return rows.map(toRunRecord);
}

export async function getRun(store: Store, runId: string): Promise<IngestionRunRecord | null> {
	if (!isUuid(runId)) return null;
	const [row] = await store.sequelize.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM ingestion_runs r WHERE r.id = $1`, {
		bind: [runId],
		type: QueryTypes.SELECT,
	});
	return row ? toRunRecord(row) : null;
}

export interface UnitKey {
	endpointId: string;
	unitId: string;
}

/** The most recent run of each unit (by queue time), in one statement for any number of units. */
export async function latestRunsFor(store: Store, units: readonly UnitKey[]): Promise<IngestionRunRecord[]> {
	if (units.length === 0) return [];
	const rows = await store.sequelize.query<RunRow>(
		`SELECT ${RUN_COLUMNS}
     FROM unnest($1::text[], $2::text[]) AS k(endpoint_id, unit_id)
     CROSS JOIN LATERAL (
       SELECT * FROM ingestion_runs x WHERE x.endpoint_id = k.endpoint_id AND x.unit_id = k.unit_id
       ORDER BY x.queued_at DESC LIMIT 1
     ) r`,
		{ bind: [units.map((u) => u.endpointId), units.map((u) => u.unitId)], type: QueryTypes.SELECT },
	);
	return rows.map(toRunRecord);
}
