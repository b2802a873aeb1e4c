import { escapeIdentifier } from 'pg';
import { QueryTypes } from 'sequelize';

import type { IngestionPolicy } from '../../src/ingestion/policy';
import { rawTargetOf } from '../../src/sinks/raw/raw-sink';
import type { Store } from '../../src/store';
import type { DataMode, IngestionMode } from '../../src/store/models/enums';
import type { MemoryRecord } from './memory-source';

export const ISSUE_POLICY: IngestionPolicy = { primaryKeys: ['id'], cursorField: 'updated', lookbackMinutes: 0 };

export interface UnitFixture {
	endpointId: string;
	unitId: string;
	mode: IngestionMode;
	policy: IngestionPolicy;
	sinkId: string;
	dataMode: DataMode;
	cdmModelId: string | null;
}

/** A Jira endpoint with one catalog dataset and a config for it; returns the run input of that config. */
export async function seedUnit(
	store: Store,
	options: { endpointId: string; unitId?: string; mode: IngestionMode; policy?: IngestionPolicy; sinkId?: string; dataMode?: DataMode; cdmModelId?: string | null },
): Promise<UnitFixture> {
	const unitId = options.unitId ?? 'jira.issues';
	await store.models.MetadataEndpoint.findOrCreate({
		where: { id: options.endpointId },
		defaults: { id: options.endpointId, templateId: 'jira.cloud', family: 'SOURCE', name: `Jira ${options.endpointId}`, parameters: { baseUrl: 'https://example.atlassian.net' } },
	});
	const [dataset] = await store.models.CatalogDataset.findOrCreate({
		where: { endpointId: options.endpointId, datasetId: unitId },
		defaults: { endpointId: options.endpointId, datasetId: unitId, name: unitId, kind: 'ENTITY', schema: { fields: [{ name: 'id' }, { name: 'updated' }] } },
	});
	const fixture: UnitFixture = {
		endpointId: options.endpointId,
		unitId,
		mode: options.mode,
		policy: options.policy ?? ISSUE_POLICY,
		sinkId: options.sinkId ?? 'warehouse',
		dataMode: options.dataMode ?? 'RAW',
		cdmModelId: options.cdmModelId ?? null,
	};
	await store.models.IngestionUnitConfig.create({
		endpointId: fixture.endpointId,
		datasetId: dataset.id,
		unitId,
		mode: fixture.mode,
		sinkId: fixture.sinkId,
		policy: fixture.policy as Record<string, unknown>,
		dataMode: fixture.dataMode,
		cdmModelId: fixture.cdmModelId,
	});
	return fixture;
}

export interface RawRow {
	pk_id: string;
	cursor_value: string;
	record: MemoryRecord;
	run_id: string;
	deleted_at: Date | null;
}

export function rawTableOf(endpointId: string, unitId = 'jira.issues'): string {
	const target = rawTargetOf({}, endpointId, unitId);
	return `${escapeIdentifier(target.schema)}.${escapeIdentifier(target.table)}`;
}

/** Every row of a unit's landing table (none when the table does not exist). */
export async function readRaw(store: Store, endpointId: string, unitId = 'jira.issues'): Promise<RawRow[]> {
	const target = rawTargetOf({}, endpointId, unitId);
	const [{ present }] = await store.sequelize.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, {
		bind: [`${target.schema}.${target.table}`],
		type: QueryTypes.SELECT,
	});
	if (!present) return [];
	return store.sequelize.query<RawRow>(`SELECT * FROM ${rawTableOf(endpointId, unitId)} ORDER BY pk_id, cursor_value`, {
		type: QueryTypes.SELECT,
	});
}

/** The cursor value the raw sink stores for a record's `updated` (UTC ISO-8601). */
export function normalizedUpdated(record: MemoryRecord): string {
	return new Date(Date.parse(record.updated.replace('+0000', 'Z'))).toISOString();
}

/** Records by id, sorted, for comparing row sets. */
export function byId(records: MemoryRecord[]): Array<[string, MemoryRecord]> {
	return records.map((record) => [record.id, record] as [string, MemoryRecord]).sort(([a], [b]) => Number(a) - Number(b));
}

/** Live rows of a `latest` raw table as (id, record) pairs, sorted like `byId`. */
export function liveRows(rows: RawRow[]): Array<[string, MemoryRecord]> {
	return byId(rows.filter((row) => row.deleted_at === null).map((row) => row.record));
}

export async function unitState(store: Store, endpointId: string, unitId = 'jira.issues') {
	return store.models.IngestionUnitState.findOne({ where: { endpointId, unitId } });
}
