import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

import type { Store } from '../store';
import {
	addColumnSql,
	cdmTableColumns,
	cdmTableIndexes,
	cdmTableLocation,
	commentSql,
	createIndexSql,
	createSchemaSql,
	createTableSql,
	type CdmTableLocation,
} from './ddl';
import { CdmError } from './errors';
import type { CdmModelDefinition, CdmSqlType } from './model-definition';
import type { CdmWorkModelId } from './model-ids';
import { CDM_WORK_MODELS } from './models';
import { connectCdmSink, withSinkErrorsScrubbed, type CdmSink } from './sink-connection';
import { assertSinkListsModel, loadCdmSinkEndpoint } from './sink-endpoint';

export const CDM_CATALOG_DOMAIN = 'cdm.work';

export interface CdmProvisionResult {
	sinkEndpointId: string;
	cdmModelId: CdmWorkModelId;
	schema: string;
	table: string;
	/** `schema.table` */
	physicalLocation: string;
	/** catalog_datasets.id of the CDM_TABLE dataset. */
	datasetId: string;
	/** True when this call created the table; false when it was already there. */
	created: boolean;
	/** True when this call registered the catalog dataset; false when it updated an existing one. */
	registered: boolean;
	/** Columns added to an existing table that predates them. */
	addedColumns: string[];
	/** Indexes created on an existing table that lacked them. */
	createdIndexes: string[];
}

export interface ProvisionOptions {
	/** Where a sink's connection_url_env and N8N_INGESTION_SECRET_KEY are read (default process.env). */
	env?: NodeJS.ProcessEnv;
}

/** What format_type() prints for each column type. */
const FORMATTED_TYPES: Record<CdmSqlType, string> = {
	text: 'text',
	'text[]': 'text[]',
	timestamptz: 'timestamp with time zone',
	jsonb: 'jsonb',
	integer: 'integer',
	boolean: 'boolean',
};

interface DdlOutcome {
	created: boolean;
	addedColumns: string[];
	createdIndexes: string[];
}

async function run(sequelize: Sequelize, transaction: Transaction, sql: string, bind: unknown[] = []): Promise<Array<Record<string, unknown>>> {
	return sequelize.query<Record<string, unknown>>(sql, { transaction, bind, type: QueryTypes.SELECT });
}

/**
 * Creates the table (or completes an existing one) under a transaction-scoped advisory lock on the schema, so
 * concurrent provisioning of any model into the same schema (CREATE SCHEMA/TABLE/INDEX IF NOT EXISTS can still race in
 * Postgres) is serialised. An existing table whose column types differ from the model is refused, never altered.
 */
async function applyDdl(sink: CdmSink, transaction: Transaction, location: CdmTableLocation, model: CdmModelDefinition): Promise<DdlOutcome> {
	const { sequelize } = sink;
	const exec = (sql: string) => sequelize.query(sql, { transaction });
	await run(sequelize, transaction, `SELECT pg_advisory_xact_lock(hashtext('n8n-ingestion.cdm.ddl'), hashtext($1))`, [location.schema]);
	const [{ exists }] = await run(sequelize, transaction, 'SELECT to_regclass($1) IS NOT NULL AS exists', [location.sql]);
	const indexes = cdmTableIndexes(location, model);
	if (!exists) {
		await exec(createSchemaSql(location));
		await exec(createTableSql(location, model));
		for (const index of indexes) await exec(createIndexSql(location, index));
		for (const statement of commentSql(location, model)) await exec(statement);
		return { created: true, addedColumns: [], createdIndexes: [] };
	}
	const existing = await run(
		sequelize,
		transaction,
		`SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
		   FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
		[location.sql],
	);
	const types = new Map(existing.map((row) => [String(row.name), String(row.type)]));
	const addedColumns: string[] = [];
	for (const column of cdmTableColumns(model)) {
		const actual = types.get(column.name);
		if (actual === undefined) {
			await exec(addColumnSql(location, column));
			addedColumns.push(column.name);
		} else if (actual !== FORMATTED_TYPES[column.sqlType]) {
			throw new CdmError(
				'TABLE_CONFLICT',
				`${location.physicalLocation} already exists and its column ${column.name} is ${actual}, not ${FORMATTED_TYPES[column.sqlType]}: choose another schema or table_prefix`,
				column.name,
			);
		}
	}
	const present = await run(sequelize, transaction, 'SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2', [
		location.schema,
		location.table,
	]);
	const presentNames = new Set(present.map((row) => String(row.indexname)));
	const createdIndexes: string[] = [];
	for (const index of indexes) {
		if (presentNames.has(index.name)) continue;
		await exec(createIndexSql(location, index));
		createdIndexes.push(index.name);
	}
	return { created: false, addedColumns, createdIndexes };
}

/** The catalog's description of the table: its columns, key and plumbing. */
export function cdmCatalogSchema(model: CdmModelDefinition): Record<string, unknown> {
	return {
		primaryKey: ['cdm_id'],
		versionField: 'updated_at',
		softDeleteField: 'deleted_at',
		fields: cdmTableColumns(model).map((column) => ({
			name: column.name,
			type: column.sqlType,
			nullable: column.nullable,
			description: column.description,
		})),
	};
}

async function registerDataset(
	store: Store,
	transaction: Transaction,
	sinkEndpointId: string,
	model: CdmModelDefinition,
	location: CdmTableLocation,
): Promise<{ id: string; inserted: boolean }> {
	const { sequelize } = store;
	await run(sequelize, transaction, `SELECT pg_advisory_xact_lock(hashtext('n8n-ingestion.cdm.catalog'), hashtext($1))`, [
		`${sinkEndpointId}\n${model.id}`,
	]);
	const [row] = await run(
		sequelize,
		transaction,
		`INSERT INTO catalog_datasets (endpoint_id, dataset_id, name, kind, domain, physical_location, schema, labels, collected_at)
		 VALUES ($1, $2, $3, 'CDM_TABLE', $4, $5, $6::jsonb, $7::jsonb, now())
		 ON CONFLICT ON CONSTRAINT catalog_datasets_endpoint_dataset_unique DO UPDATE SET
		   name = excluded.name, kind = excluded.kind, domain = excluded.domain,
		   physical_location = excluded.physical_location, schema = excluded.schema,
		   labels = catalog_datasets.labels || excluded.labels, collected_at = now(), updated_at = now()
		 RETURNING id, (xmax = 0) AS inserted`,
		[
			sinkEndpointId,
			model.id,
			`CDM ${model.name.toLowerCase()} (${location.physicalLocation})`,
			CDM_CATALOG_DOMAIN,
			location.physicalLocation,
			JSON.stringify(cdmCatalogSchema(model)),
			JSON.stringify({ cdm_model_id: model.id, sink_endpoint_id: sinkEndpointId }),
		],
	);
	return { id: String(row.id), inserted: row.inserted === true };
}

/**
 * Provisions one CDM model on a cdm.jdbc sink, shared by the CLI, the GraphQL bridge and the n8n node: validates that
 * the sink exists, is a cdm.jdbc SINK and lists the model (errors name the field), applies the idempotent DDL, and
 * registers or updates the model's CDM_TABLE catalog dataset. Safe to re-run and to run concurrently. When the sink
 * lives in the store's database, DDL and catalog commit together.
 */
export async function provisionCdmSink(
	store: Store,
	sinkEndpointId: string,
	cdmModelId: string,
	options: ProvisionOptions = {},
): Promise<CdmProvisionResult> {
	const { endpoint, settings } = await loadCdmSinkEndpoint(store, sinkEndpointId);
	const modelId = assertSinkListsModel(endpoint, settings, cdmModelId);
	const model = CDM_WORK_MODELS[modelId];
	const location = cdmTableLocation(settings.schema, settings.tablePrefix, model);
	const sink = connectCdmSink(store, settings, options.env);

	let ddl: DdlOutcome;
	let dataset: { id: string; inserted: boolean };
	if (sink.sharesStoreDatabase) {
		[ddl, dataset] = await store.sequelize.transaction(async (transaction) => {
			const outcome = await applyDdl(sink, transaction, location, model);
			return [outcome, await registerDataset(store, transaction, endpoint.id, model, location)] as const;
		});
	} else {
		ddl = await withSinkErrorsScrubbed(sink, () => sink.sequelize.transaction((transaction) => applyDdl(sink, transaction, location, model)));
		dataset = await store.sequelize.transaction((transaction) => registerDataset(store, transaction, endpoint.id, model, location));
	}
	return {
		sinkEndpointId: endpoint.id,
		cdmModelId: modelId,
		schema: location.schema,
		table: location.table,
		physicalLocation: location.physicalLocation,
		datasetId: dataset.id,
		created: ddl.created,
		registered: dataset.inserted,
		addedColumns: ddl.addedColumns,
		createdIndexes: ddl.createdIndexes,
	};
}

/** Provisions every model the sink lists (parameters.models), in dependency order. */
export async function provisionAllCdmModels(store: Store, sinkEndpointId: string, options: ProvisionOptions = {}): Promise<CdmProvisionResult[]> {
	const { settings } = await loadCdmSinkEndpoint(store, sinkEndpointId);
	const ordered = (Object.keys(CDM_WORK_MODELS) as CdmWorkModelId[]).filter((id) => settings.models.includes(id));
	const results: CdmProvisionResult[] = [];
	for (const modelId of ordered) results.push(await provisionCdmSink(store, sinkEndpointId, modelId, options));
	return results;
}
