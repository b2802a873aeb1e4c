import { QueryTypes, type Transaction } from 'sequelize';

import { removeIngestionUnitNodes, upsertIngestionUnitNodes } from '../kb/ingestion-unit-nodes';
import type { Store } from '../store';
import { draftConfig } from './config-draft';
import { parseConfigInput } from './config-input';
import { CONFIG_COLUMNS, CONFIG_FROM, toConfigRecord, type ConfigRow, type IngestionUnitConfigRecord } from './config-record';
import { resolveUnit, validateDraft, type ResolvedUnit, type UnitSource, type ValidConfig } from './config-validation';

export interface UpsertConfigResult {
	config: IngestionUnitConfigRecord;
	/** True when this call created the config, false when it updated a stored one. */
	created: boolean;
}

export interface ConfigServiceOptions {
	/** Units of an endpoint; the catalog-derived units by default. */
	unitSource?: UnitSource;
}

/** Serializes upserts of one (endpoint, unit) across connections and processes until the transaction ends. */
async function lockUnit(store: Store, endpointId: string, unitId: string, transaction: Transaction): Promise<void> {
	await store.sequelize.query(`SELECT pg_advisory_xact_lock(hashtext('ingestion_unit_config'), hashtext($1))`, {
		bind: [`${endpointId}\u0000${unitId}`],
		transaction,
	});
}

async function selectConfigs(
	store: Store,
	where: string,
	bind: unknown[],
	transaction?: Transaction,
): Promise<IngestionUnitConfigRecord[]> {
	const rows = await store.sequelize.query<ConfigRow>(`SELECT ${CONFIG_COLUMNS} FROM ${CONFIG_FROM} WHERE ${where} ORDER BY c.endpoint_id, c.unit_id`, {
		bind,
		type: QueryTypes.SELECT,
		transaction,
	});
	return rows.map(toConfigRecord);
}

async function writeConfig(
	store: Store,
	resolved: ResolvedUnit,
	valid: ValidConfig,
	transaction: Transaction,
): Promise<UpsertConfigResult> {
	const [rows] = (await store.sequelize.query(
		`INSERT INTO ingestion_unit_configs AS c
       (endpoint_id, dataset_id, unit_id, enabled, mode, sink_id, schedule_kind, schedule_interval_minutes, policy, data_mode, cdm_model_id,
        updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, clock_timestamp())
     ON CONFLICT ON CONSTRAINT ingestion_unit_configs_endpoint_unit_unique DO UPDATE SET
       dataset_id = EXCLUDED.dataset_id, enabled = EXCLUDED.enabled, mode = EXCLUDED.mode, sink_id = EXCLUDED.sink_id,
       schedule_kind = EXCLUDED.schedule_kind, schedule_interval_minutes = EXCLUDED.schedule_interval_minutes,
       policy = EXCLUDED.policy, data_mode = EXCLUDED.data_mode, cdm_model_id = EXCLUDED.cdm_model_id, updated_at = EXCLUDED.updated_at
     RETURNING c.id, c.endpoint_id, c.unit_id, c.dataset_id AS dataset_uuid, $12::text AS dataset_key, c.enabled, c.mode,
       c.sink_id, c.schedule_kind, c.schedule_interval_minutes, c.policy, c.data_mode, c.cdm_model_id, c.created_at,
       c.updated_at, (c.xmax = 0) AS inserted`,
		{
			bind: [
				resolved.endpoint.id,
				resolved.dataset.id,
				resolved.unit.unitId,
				valid.enabled,
				valid.mode,
				valid.sinkId,
				valid.scheduleKind,
				valid.scheduleIntervalMinutes,
				JSON.stringify(valid.policy),
				valid.dataMode,
				valid.cdmModelId,
				resolved.dataset.datasetId,
			],
			transaction,
		},
	)) as [Array<ConfigRow & { inserted: boolean }>, unknown];
	return { config: toConfigRecord(rows[0]), created: rows[0].inserted };
}

/**
 * Creates or updates the config of one unit. Checks the rules in order (endpoint, unit, dataset, mode, schedule,
 * sink and data mode, policy) and throws a `ConfigValidationError` naming the field at fault; a rejected call writes
 * nothing. The config row, its KB node and edge, and the NOTIFY (sent by the table's trigger) commit together.
 * Concurrent upserts of one unit are serialized, so each applies its fields on top of the previous one: the last
 * writer wins field by field and none fails. `updatedAt` is taken once the unit's lock is held (clock_timestamp, not
 * the transaction's start), so the writes of one unit have increasing `updatedAt` in the order they took effect.
 */
export async function upsertConfig(store: Store, input: unknown, options: ConfigServiceOptions = {}): Promise<UpsertConfigResult> {
	const parsed = parseConfigInput(input);
	const resolved = await resolveUnit(store, parsed.endpointId, parsed.unitId, options.unitSource);
	return store.sequelize.transaction(async (transaction) => {
		await lockUnit(store, parsed.endpointId, parsed.unitId, transaction);
		const [stored] = await selectConfigs(store, 'c.endpoint_id = $1 AND c.unit_id = $2', [parsed.endpointId, parsed.unitId], transaction);
		const draft = draftConfig(parsed, stored, resolved.unit);
		const valid = await validateDraft(store, resolved.unit, draft, transaction);
		const result = await writeConfig(store, resolved, valid, transaction);
		await upsertIngestionUnitNodes(store, [result.config], transaction);
		return result;
	});
}

export async function getConfig(store: Store, endpointId: string, unitId: string): Promise<IngestionUnitConfigRecord | null> {
	const [config] = await selectConfigs(store, 'c.endpoint_id = $1 AND c.unit_id = $2', [endpointId, unitId]);
	return config ?? null;
}

/** Every config of an endpoint, ordered by unit id. */
export function listConfigs(store: Store, endpointId: string): Promise<IngestionUnitConfigRecord[]> {
	return selectConfigs(store, 'c.endpoint_id = $1', [endpointId]);
}

/** Configs by id (one statement for any number; unknown ids are left out). */
export function listConfigsByIds(store: Store, ids: readonly string[]): Promise<IngestionUnitConfigRecord[]> {
	return selectConfigs(store, 'c.id = ANY($1::uuid[])', [ids]);
}

/** Configs of the given catalog datasets (catalog_datasets.id), one statement for any number. */
export function listConfigsByDatasetUuids(store: Store, datasetUuids: readonly string[]): Promise<IngestionUnitConfigRecord[]> {
	return selectConfigs(store, 'c.dataset_id = ANY($1::uuid[])', [datasetUuids]);
}

/** Runs `work` in the caller's transaction, or in a new one. */
function inTransaction<T>(store: Store, transaction: Transaction | undefined, work: (t: Transaction) => Promise<T>): Promise<T> {
	return transaction ? work(transaction) : store.sequelize.transaction(work);
}

async function skipQueuedRuns(store: Store, endpointId: string, reason: string, transaction: Transaction): Promise<void> {
	await store.sequelize.query(
		`UPDATE ingestion_runs SET status = 'SKIPPED', finished_at = now(), error = $2 WHERE endpoint_id = $1 AND status = 'QUEUED'`,
		{ bind: [endpointId, reason], transaction },
	);
}

/**
 * Disables every config of an endpoint (its schedules stop: each row's trigger sends a NOTIFY), updates their KB
 * nodes, and ends its queued runs as SKIPPED. Call it when the endpoint is disabled. Returns the configs disabled.
 */
export async function disableEndpointConfigs(
	store: Store,
	endpointId: string,
	transaction?: Transaction,
): Promise<IngestionUnitConfigRecord[]> {
	return inTransaction(store, transaction, async (transaction) => {
		await store.sequelize.query(
			`UPDATE ingestion_unit_configs SET enabled = false, updated_at = now() WHERE endpoint_id = $1 AND enabled`,
			{ bind: [endpointId], transaction },
		);
		await skipQueuedRuns(store, endpointId, 'endpoint disabled before the run started', transaction);
		const configs = await selectConfigs(store, 'c.endpoint_id = $1', [endpointId], transaction);
		await upsertIngestionUnitNodes(store, configs, transaction);
		return configs;
	});
}

/**
 * Deletes every config of an endpoint with its unit states and KB nodes (runs keep their history with config_id
 * cleared). Deleting the endpoint row does the same through its cascades; this is for removing a source's
 * ingestion setup while keeping the endpoint. Returns how many configs were deleted.
 */
export async function deleteEndpointConfigs(store: Store, endpointId: string): Promise<number> {
	return store.sequelize.transaction(async (transaction) => {
		await skipQueuedRuns(store, endpointId, 'ingestion config deleted before the run started', transaction);
		await removeIngestionUnitNodes(store, endpointId, undefined, transaction);
		const [, result] = (await store.sequelize.query(`DELETE FROM ingestion_unit_configs WHERE endpoint_id = $1`, {
			bind: [endpointId],
			transaction,
		})) as [unknown, { rowCount?: number }];
		return result?.rowCount ?? 0;
	});
}
