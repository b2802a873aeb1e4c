import { escapeLiteral } from 'pg';

import { CdmError } from './errors';
import { quoteIdentifier, validateIdentifier, validateSchemaName, validateTablePrefix } from './identifiers';
import type { CdmModelDefinition, CdmSqlType } from './model-definition';

export const CDM_DEFAULT_SCHEMA = 'cdm_work';
export const CDM_DEFAULT_TABLE_PREFIX = 'cdm_';

/** Where a model's rows live on a sink. */
export interface CdmTableLocation {
	schema: string;
	table: string;
	/** `schema.table`, as recorded in the catalog's physical_location. */
	physicalLocation: string;
	/** `"schema"."table"`, safe to put in SQL. */
	sql: string;
}

/** A column of a CDM table: the model's columns followed by the plumbing columns. */
export interface CdmTableColumn {
	name: string;
	sqlType: CdmSqlType;
	nullable: boolean;
	/** SQL default expression, if any. */
	defaultSql?: string;
	description: string;
}

export interface CdmTableIndex {
	name: string;
	columns: string[];
}

/** Columns every CDM table has besides the model's: where and when a row was written, and its soft-delete marker. */
export const CDM_PLUMBING_COLUMNS: readonly CdmTableColumn[] = [
	{ name: 'source_endpoint_id', sqlType: 'text', nullable: false, description: 'metadata_endpoints.id of the source endpoint' },
	{ name: 'ingestion_run_id', sqlType: 'text', nullable: true, description: 'Ingestion run that last wrote (or confirmed) the row' },
	{
		name: 'ingested_at',
		sqlType: 'timestamptz',
		nullable: false,
		defaultSql: 'now()',
		description: 'When an ingestion run last wrote the row',
	},
	{
		name: 'deleted_at',
		sqlType: 'timestamptz',
		nullable: true,
		description: 'Set when the row disappeared from the source (soft delete); cleared when it comes back',
	},
];

const DEFAULTS_BY_TYPE: Partial<Record<CdmSqlType, string>> = { 'text[]': `'{}'::text[]`, jsonb: `'{}'::jsonb` };

/** `<schema>.<prefix><model suffix>`; schema and prefix validated (errors name `schema` / `table_prefix`). */
export function cdmTableLocation(schema: unknown, tablePrefix: unknown, model: CdmModelDefinition): CdmTableLocation {
	const validSchema = validateSchemaName(schema);
	const prefix = validateTablePrefix(tablePrefix);
	const table = derivedIdentifier(`${prefix}${model.tableSuffix}`);
	return {
		schema: validSchema,
		table,
		physicalLocation: `${validSchema}.${table}`,
		sql: `${quoteIdentifier(validSchema, 'schema')}.${quoteIdentifier(table, 'table_prefix')}`,
	};
}

/** Identifiers built from the prefix: a bad one is the prefix's fault, so the error names `table_prefix`. */
function derivedIdentifier(name: string): string {
	try {
		return validateIdentifier(name, 'table_prefix');
	} catch (error) {
		if (error instanceof CdmError) {
			throw new CdmError(
				'INVALID_PARAMETER',
				`table_prefix is too long or invalid: it would produce the identifier "${name.slice(0, 80)}" (${name.length} characters; Postgres allows 63)`,
				'table_prefix',
			);
		}
		throw error;
	}
}

export function cdmTableColumns(model: CdmModelDefinition): CdmTableColumn[] {
	const modelColumns = model.columnNames.map((name) => {
		const column = model.columns[name];
		return {
			name,
			sqlType: column.sqlType,
			nullable: column.nullable,
			defaultSql: DEFAULTS_BY_TYPE[column.sqlType],
			description: column.description,
		};
	});
	return [...modelColumns, ...CDM_PLUMBING_COLUMNS];
}

/** Indexes besides the primary key: each indexed model column, and (source endpoint, run) for soft deletes. */
export function cdmTableIndexes(location: CdmTableLocation, model: CdmModelDefinition): CdmTableIndex[] {
	const indexes = model.columnNames
		.filter((name) => model.columns[name].indexed)
		.map((name) => ({ name: derivedIdentifier(`${location.table}_${name}_idx`), columns: [name] }));
	indexes.push({ name: derivedIdentifier(`${location.table}_run_idx`), columns: ['source_endpoint_id', 'ingestion_run_id'] });
	return indexes;
}

export function primaryKeyName(location: CdmTableLocation): string {
	return derivedIdentifier(`${location.table}_pkey`);
}

function columnSql(column: CdmTableColumn): string {
	const parts = [quoteIdentifier(column.name, 'column'), column.sqlType];
	if (!column.nullable) parts.push('NOT NULL');
	if (column.defaultSql) parts.push(`DEFAULT ${column.defaultSql}`);
	return parts.join(' ');
}

export function createSchemaSql(location: CdmTableLocation): string {
	return `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(location.schema, 'schema')}`;
}

export function createTableSql(location: CdmTableLocation, model: CdmModelDefinition): string {
	const columns = cdmTableColumns(model).map((column) => `  ${columnSql(column)}`);
	columns.push(`  CONSTRAINT ${quoteIdentifier(primaryKeyName(location), 'table_prefix')} PRIMARY KEY (cdm_id)`);
	return `CREATE TABLE IF NOT EXISTS ${location.sql} (\n${columns.join(',\n')}\n)`;
}

export function createIndexSql(location: CdmTableLocation, index: CdmTableIndex): string {
	const columns = index.columns.map((name) => quoteIdentifier(name, 'column')).join(', ');
	return `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(index.name, 'table_prefix')} ON ${location.sql} (${columns})`;
}

/** For a table created by an older version of the model: adds a column the model gained (always nullable). */
export function addColumnSql(location: CdmTableLocation, column: CdmTableColumn): string {
	const relaxed = column.defaultSql ? columnSql(column) : columnSql({ ...column, nullable: true });
	return `ALTER TABLE ${location.sql} ADD COLUMN IF NOT EXISTS ${relaxed}`;
}

/** COMMENT ON statements describing the table and its columns (visible in psql's \d+ and BI tools). */
export function commentSql(location: CdmTableLocation, model: CdmModelDefinition): string[] {
	const statements = [`COMMENT ON TABLE ${location.sql} IS ${escapeLiteral(`${model.id}: ${model.description}`)}`];
	for (const column of cdmTableColumns(model)) {
		statements.push(
			`COMMENT ON COLUMN ${location.sql}.${quoteIdentifier(column.name, 'column')} IS ${escapeLiteral(column.description)}`,
		);
	}
	return statements;
}

/** Validates every identifier a sink's schema and prefix lead to for the given models (table, key and index names). */
export function validateCdmLayout(schema: unknown, tablePrefix: unknown, models: readonly CdmModelDefinition[]): void {
	for (const model of models) {
		const location = cdmTableLocation(schema, tablePrefix, model);
		primaryKeyName(location);
		cdmTableIndexes(location, model);
	}
}

/** Every statement that provisions the model's table from nothing; each is idempotent (IF NOT EXISTS). */
export function cdmDdlStatements(location: CdmTableLocation, model: CdmModelDefinition): string[] {
	return [
		createSchemaSql(location),
		createTableSql(location, model),
		...cdmTableIndexes(location, model).map((index) => createIndexSql(location, index)),
	];
}
