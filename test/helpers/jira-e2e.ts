import { escapeIdentifier } from 'pg';
import { QueryTypes } from 'sequelize';

import { JIRA_CDM_MAPPERS } from '../../src/cdm/mappers/jira';
import { CDM_WORK_MODELS } from '../../src/cdm/models';
import type { CdmWorkModelId } from '../../src/cdm/model-ids';
import { provisionAllCdmModels } from '../../src/cdm/provision';
import { upsertConfig } from '../../src/ingestion/config-service';
import { runCustomUnit } from '../../src/ingestion/custom-run';
import type { IngestionPolicy } from '../../src/ingestion/policy';
import { runInputFromConfig } from '../../src/ingestion/run-input';
import type { RunUnitDeps, RunUnitResult } from '../../src/ingestion/run-session';
import { runIngestionUnit } from '../../src/ingestion/run-unit';
import { primaryKeyColumn } from '../../src/sinks/raw/identifiers';
import { rawTargetOf } from '../../src/sinks/raw/raw-sink';
import { normalizeCursorValue, valueAtPath } from '../../src/sinks/raw/record-values';
import { issueFields } from '../../src/jira/readers';
import { JIRA_UNIT_DEFAULTS } from '../../src/jira/units';
import { JiraMetadataSubsystem } from '../../src/jira/metadata-subsystem';
import type { JiraSimulator, JiraSimulatorOptions } from '../../src/jira-simulator';
import type { Store } from '../../src/store';
import type { DataMode, IngestionMode } from '../../src/store/models/enums';
import { SIMULATOR_CREDENTIALS, startSimulator } from './jira';
import { openTestStore, type TestStore } from './test-database';

type Json = Record<string, unknown>;

export const SIM_AUTH = { kind: 'basic', email: SIMULATOR_CREDENTIALS.email, apiToken: SIMULATOR_CREDENTIALS.apiToken } as const;

/** The record fields each Jira unit is keyed and versioned on (catalog paths: `updated` of an issue is `fields.updated`). */
export const UNIT_KEYS: Record<string, { key: string; cursor?: string }> = {
	'jira.projects': { key: 'id' },
	'jira.users': { key: 'accountId' },
	'jira.issues': { key: 'id', cursor: 'fields.updated' },
	'jira.comments': { key: 'id', cursor: 'updated' },
	'jira.worklogs': { key: 'id', cursor: 'updated' },
};

/** A store on its own database, a Jira simulator, and a Jira endpoint on it whose metadata is collected. */
export interface JiraE2E {
	ts: TestStore;
	store: Store;
	sim: JiraSimulator;
	endpointId: string;
	/** Custom field ids the issues unit requests (from the catalog). */
	customFieldIds: string[];
	close(): Promise<void>;
}

export async function openJiraE2E(
	label: string,
	options: { sim?: JiraSimulatorOptions; endpointId?: string; projects?: string[]; provision?: boolean } = {},
): Promise<JiraE2E> {
	const ts = await openTestStore(label);
	const sim = await startSimulator({ seed: 5, issues: 150, ...options.sim });
	const endpointId = options.endpointId ?? 'jira-e2e';
	const { store } = ts;
	await addJiraEndpoint({ store, sim }, endpointId, options.projects);
	if (options.provision !== false) await provisionAllCdmModels(store, 'cdm');
	const dataset = await store.models.CatalogDataset.findOne({ where: { endpointId, datasetId: 'jira.issues' } });
	const fields = ((dataset?.schema as { fields?: Array<{ jiraId?: string; custom?: boolean }> }).fields ?? []).filter((f) => f.custom && f.jiraId);
	return {
		ts,
		store,
		sim,
		endpointId,
		customFieldIds: fields.map((f) => f.jiraId as string),
		async close() {
			await sim.stop();
			await ts.cleanup();
		},
	};
}

/** A Jira Cloud endpoint on the simulator, with its metadata collected (so its units exist). */
export async function addJiraEndpoint(env: Pick<JiraE2E, 'store' | 'sim'>, endpointId: string, projects?: string[]): Promise<void> {
	await env.store.models.MetadataEndpoint.create({
		id: endpointId,
		templateId: 'jira.cloud',
		family: 'SOURCE',
		name: endpointId,
		parameters: { baseUrl: env.sim.url, deployment: 'cloud', ...(projects ? { projects } : {}) },
		capabilities: { supports_units: true },
	});
	await new JiraMetadataSubsystem(env.store, { auth: SIM_AUTH }).collect(endpointId);
}

export interface UnitSetup {
	unitId: string;
	mode: IngestionMode;
	dataMode: DataMode;
	policy?: IngestionPolicy;
}

/** Stores the unit's config through the config service (with its validation) and returns it. */
export async function configureUnit(env: JiraE2E, setup: UnitSetup) {
	const { config } = await upsertConfig(env.store, {
		endpointId: env.endpointId,
		unitId: setup.unitId,
		mode: setup.mode,
		dataMode: setup.dataMode,
		scheduleKind: 'MANUAL',
		policy: setup.policy ?? {},
	});
	return config;
}

export function engineDeps(env: JiraE2E, extra: Partial<RunUnitDeps> = {}): RunUnitDeps {
	return { store: env.store, credentials: () => ({ ...SIM_AUTH }), progressIntervalMs: 0, ...extra };
}

/** Runs the unit's stored config once (CUSTOM: collects the pages handed over, confirming each). */
export async function runUnit(env: JiraE2E, unitId: string, extra: Partial<RunUnitDeps> = {}): Promise<RunUnitResult & { handed: Json[] }> {
	const config = await env.store.models.IngestionUnitConfig.findOne({ where: { endpointId: env.endpointId, unitId } });
	if (!config) throw new Error(`no config for ${unitId}`);
	const input = runInputFromConfig(config);
	if (config.mode !== 'CUSTOM') return { ...(await runIngestionUnit(input, engineDeps(env, extra))), handed: [] };
	const handed: Json[] = [];
	const run = runCustomUnit(input, engineDeps(env, extra));
	for await (const page of run) {
		handed.push(...(page.records as Json[]));
		await page.confirm();
	}
	return { ...(await run.result), handed };
}

/** The simulator's truth for a unit, as the unit's reader delivers records. */
export function truthOf(env: JiraE2E, unitId: string, projects?: string[]): Json[] {
	const truth = env.sim.control.truth;
	const inProjects = (key: unknown) => !projects || projects.includes(String(key).split('-')[0]);
	switch (unitId) {
		case 'jira.projects':
			return truth.projects().filter((project) => inProjects(project.key));
		case 'jira.users':
			return truth.users();
		case 'jira.issues':
			return truth.issues(issueFields(env.customFieldIds)).filter((issue) => inProjects(issue.key));
		case 'jira.comments':
			return truth.comments().filter((comment) => inProjects(comment.issueKey));
		case 'jira.worklogs': {
			const keys = new Map(truth.issues(['key']).map((issue) => [String(issue.id), String(issue.key)]));
			return truth.worklogs().filter((worklog) => inProjects(keys.get(String(worklog.issueId))));
		}
		default:
			throw new Error(`no truth for ${unitId}`);
	}
}

export function keyOf(unitId: string, record: Json): string {
	return String(valueAtPath(record, UNIT_KEYS[unitId].key));
}

export function cursorOf(unitId: string, record: Json): string | null {
	const path = UNIT_KEYS[unitId].cursor;
	return path ? normalizeCursorValue(valueAtPath(record, path)) : null;
}

export function byKey(unitId: string, records: Json[]): Map<string, Json> {
	return new Map(records.map((record) => [keyOf(unitId, record), record]));
}

/**
 * How two keyed row sets differ: keys missing from `actual`, keys `actual` has on top, and keys whose content differs
 * (at most `limit` of each, so a failure prints a readable diff rather than thousands of records).
 */
export function rowSetDiff(expected: Map<string, unknown>, actual: Map<string, unknown>, limit = 5) {
	const missing = [...expected.keys()].filter((key) => !actual.has(key));
	const extra = [...actual.keys()].filter((key) => !expected.has(key));
	const changed = [...expected.keys()].filter((key) => actual.has(key) && JSON.stringify(canonical(expected.get(key))) !== JSON.stringify(canonical(actual.get(key))));
	const sample = changed.slice(0, 2).map((key) => ({ key, differences: leafDiff(expected.get(key), actual.get(key)) }));
	return {
		expected: expected.size,
		missing: missing.slice(0, limit),
		missingCount: missing.length,
		extra: extra.slice(0, limit),
		extraCount: extra.length,
		changed: changed.slice(0, limit),
		changedCount: changed.length,
		...(changed.length > 0 ? { sample } : {}),
	};
}

/** Where two JSON values differ: `path: expected → actual`, at most `limit` entries. */
export function leafDiff(expected: unknown, actual: unknown, path = '', out: string[] = [], limit = 8): string[] {
	if (out.length >= limit) return out;
	const isObject = (v: unknown) => v !== null && typeof v === 'object' && !(v instanceof Date);
	if (isObject(expected) && isObject(actual) && Array.isArray(expected) === Array.isArray(actual)) {
		const keys = new Set([...Object.keys(expected as Json), ...Object.keys(actual as Json)]);
		for (const key of [...keys].sort()) leafDiff((expected as Json)[key], (actual as Json)[key], path ? `${path}.${key}` : key, out, limit);
		return out;
	}
	const a = JSON.stringify(canonical(expected));
	const b = JSON.stringify(canonical(actual));
	if (a !== b) out.push(`${path || '(root)'}: ${String(a).slice(0, 120)} → ${String(b).slice(0, 120)}`);
	return out;
}

/** A row-set diff that says "equal". */
export function equalSets(expected: number) {
	return { expected, missing: [], missingCount: 0, extra: [], extraCount: 0, changed: [], changedCount: 0 };
}

/** JSON with object keys sorted, so key order never makes two equal records differ. */
export function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value instanceof Date) return value.toISOString();
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.keys(value as Json).sort().map((key) => [key, canonical((value as Json)[key])]));
	}
	return value;
}

export interface RawRow {
	key: string;
	cursor: string | null;
	record: Json;
	deletedAt: Date | null;
}

/** Every row of the unit's raw landing table (none when it does not exist). */
export async function readRawRows(env: JiraE2E, unitId: string): Promise<RawRow[]> {
	const target = rawTargetOf({}, env.endpointId, unitId);
	const [{ present }] = await env.store.sequelize.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, {
		bind: [`${target.schema}.${target.table}`],
		type: QueryTypes.SELECT,
	});
	if (!present) return [];
	const column = escapeIdentifier(primaryKeyColumn(JIRA_UNIT_DEFAULTS[unitId].primaryKeys[0]));
	const rows = await env.store.sequelize.query<{ key: string; cursor_value: string | null; record: Json; deleted_at: Date | null }>(
		`SELECT ${column} AS key, cursor_value, record, deleted_at FROM ${escapeIdentifier(target.schema)}.${escapeIdentifier(target.table)}`,
		{ type: QueryTypes.SELECT },
	);
	return rows.map((row) => ({ key: row.key, cursor: row.cursor_value, record: row.record, deletedAt: row.deleted_at }));
}

/** Live rows of a `latest` raw table (FULL, SCD1) by key; fails on a key held twice. */
export function liveRawRows(rows: RawRow[]): Map<string, Json> {
	const live = rows.filter((row) => row.deletedAt === null);
	const map = new Map(live.map((row) => [row.key, row.record]));
	if (map.size !== live.length) throw new Error(`raw table holds ${live.length - map.size} duplicate keys`);
	return map;
}

/** Rows of a `versions` raw table (INCREMENTAL) by `key@cursor`. */
export function rawVersions(rows: RawRow[]): Map<string, Json> {
	const map = new Map(rows.map((row) => [`${row.key}@${row.cursor}`, row.record]));
	if (map.size !== rows.length) throw new Error(`raw table holds ${rows.length - map.size} duplicate versions`);
	return map;
}

/** The versions of `records` as `key@cursor`, as an INCREMENTAL raw table keys them. */
export function versionsOf(unitId: string, records: Json[]): Map<string, Json> {
	return new Map(records.map((record) => [`${keyOf(unitId, record)}@${cursorOf(unitId, record)}`, record]));
}

const MODEL_OF: Record<string, CdmWorkModelId> = Object.fromEntries(
	Object.entries(JIRA_UNIT_DEFAULTS).map(([unitId, defaults]) => [unitId, defaults.cdmModelId]),
) as Record<string, CdmWorkModelId>;

export function cdmModelOf(unitId: string): CdmWorkModelId {
	return MODEL_OF[unitId];
}

/** The truth mapped to CDM rows with the unit's own mapper, by cdm_id. */
export function mappedTruth(env: JiraE2E, unitId: string, records: Json[]): Map<string, Json> {
	const map = JIRA_CDM_MAPPERS[cdmModelOf(unitId)];
	return new Map(
		records.map((record) => {
			const row = map(record, { endpointId: env.endpointId });
			return [String(row.cdm_id), canonical(row) as Json];
		}),
	);
}

export interface CdmRows {
	live: Map<string, Json>;
	deleted: Map<string, Json>;
	/** Rows whose ingestion_run_id is null or whose source endpoint is not this one. */
	all: number;
}

/** The unit's CDM table (built-in `cdm` sink) for this endpoint: model columns only, split into live and soft-deleted rows. */
export async function readCdmRows(env: JiraE2E, unitId: string): Promise<CdmRows> {
	const model = CDM_WORK_MODELS[cdmModelOf(unitId)];
	const columns = model.columnNames.map((name) => escapeIdentifier(name)).join(', ');
	const rows = await env.store.sequelize.query<Json & { deleted_at: Date | null }>(
		`SELECT ${columns}, deleted_at FROM cdm_work.${escapeIdentifier(`cdm_${model.tableSuffix}`)} WHERE source_endpoint_id = $1`,
		{ bind: [env.endpointId], type: QueryTypes.SELECT },
	);
	const live = new Map<string, Json>();
	const deleted = new Map<string, Json>();
	for (const { deleted_at: deletedAt, ...row } of rows) {
		(deletedAt === null ? live : deleted).set(String(row.cdm_id), canonical(row) as Json);
	}
	return { live, deleted, all: rows.length };
}
