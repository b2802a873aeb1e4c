import { escapeIdentifier, escapeLiteral, type ClientBase } from 'pg';

import { assertSafeIdentifier, qualifiedName, quoteColumn } from './identifiers';

/** `latest`: one row per primary key (FULL, SCD1). `versions`: one row per (primary key, cursor value) (INCREMENTAL). */
export type RawLayout = 'latest' | 'versions';

/** What a landing table holds, recorded as JSON in its table comment and checked on every run. */
export interface RawTableTag {
	n8nIngestion: 'raw';
	endpointId: string;
	unitId: string;
	layout: RawLayout;
	/** Primary-key paths in the record, in column order. */
	primaryKeys: string[];
}

export interface RawTableShape {
	schema: string;
	tag: RawTableTag;
	/** Column of each primary key, same order as `tag.primaryKeys`. */
	keyColumns: string[];
}

/** Namespace of the advisory locks the raw sink takes ("raw" in ASCII). */
const RAW_LOCK_NAMESPACE = 7496055;

/** Serializes the raw sink's DDL in one schema across processes, until the transaction ends. */
export async function lockRawSchema(client: ClientBase, schema: string): Promise<void> {
	await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RAW_LOCK_NAMESPACE, schema]);
}

export async function ensureSchema(client: ClientBase, schema: string): Promise<void> {
	await client.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(assertSafeIdentifier(schema, 'schema name'))}`);
}

export interface ExistingTable {
	tag: RawTableTag | null;
	/** Names of its primary-key and unique constraints. */
	constraints: string[];
}

/** The table's tag and key constraints, or undefined when it does not exist. */
export async function describeTable(client: ClientBase, schema: string, table: string): Promise<ExistingTable | undefined> {
	const { rows } = await client.query<{ comment: string | null; constraints: string[] }>(
		`SELECT obj_description(c.oid, 'pg_class') AS comment,
		        coalesce(array(SELECT conname::text FROM pg_constraint WHERE conrelid = c.oid AND contype IN ('p', 'u') ORDER BY conname), '{}') AS constraints
		   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		  WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'r'`,
		[schema, table],
	);
	if (rows.length === 0) return undefined;
	return { tag: parseTag(rows[0].comment), constraints: rows[0].constraints };
}

function parseTag(comment: string | null): RawTableTag | null {
	if (!comment) return null;
	try {
		const tag = JSON.parse(comment) as Partial<RawTableTag>;
		return tag && tag.n8nIngestion === 'raw' ? (tag as RawTableTag) : null;
	} catch {
		return null;
	}
}

function keyConstraintSql(shape: RawTableShape): string {
	const keys = shape.keyColumns.map(quoteColumn);
	if (keys.length === 0) return '';
	return shape.tag.layout === 'latest' ? `PRIMARY KEY (${keys.join(', ')})` : `UNIQUE (${[...keys, 'cursor_value'].join(', ')})`;
}

async function writeTag(client: ClientBase, schema: string, table: string, tag: RawTableTag): Promise<void> {
	await client.query(`COMMENT ON TABLE ${qualifiedName(schema, table)} IS ${escapeLiteral(JSON.stringify(tag))}`);
}

/** Creates the table of `shape` under the name `table` (which must not exist). */
export async function createRawTable(client: ClientBase, shape: RawTableShape, table: string): Promise<void> {
	const keyColumns = shape.keyColumns.map((column) => `${quoteColumn(column)} text NOT NULL`);
	const constraint = keyConstraintSql(shape);
	const columns = [
		...keyColumns,
		`cursor_value text${shape.tag.layout === 'versions' ? ' NOT NULL' : ''}`,
		'record jsonb NOT NULL',
		'run_id uuid NOT NULL',
		'ingested_at timestamptz NOT NULL DEFAULT now()',
		'deleted_at timestamptz',
		...(constraint ? [constraint] : []),
	];
	await client.query(`CREATE TABLE ${qualifiedName(shape.schema, table)} (\n  ${columns.join(',\n  ')}\n)`);
	await writeTag(client, shape.schema, table, shape.tag);
}

export async function dropTableIfExists(client: ClientBase, schema: string, table: string): Promise<void> {
	await client.query(`DROP TABLE IF EXISTS ${qualifiedName(schema, table)}`);
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((key, i) => key === b[i]);
}

/**
 * Makes the live table fit `shape`: creates it when missing; switches its layout when the mode changed
 * (`latest` → `versions` keeps every row; `versions` → `latest` keeps the newest version of each key).
 * Refuses a table of another (endpoint, unit), or one keyed on other fields.
 */
export async function ensureLiveTable(client: ClientBase, shape: RawTableShape, table: string): Promise<void> {
	const existing = await describeTable(client, shape.schema, table);
	const where = `${shape.schema}.${table}`;
	if (!existing) return createRawTable(client, shape, table);
	const { tag } = existing;
	if (!tag || tag.endpointId !== shape.tag.endpointId || tag.unitId !== shape.tag.unitId) {
		throw new Error(
			`Table ${where} exists but was not created for unit ${shape.tag.unitId} of endpoint "${shape.tag.endpointId}": rename or drop it`,
		);
	}
	if (!sameKeys(tag.primaryKeys, shape.tag.primaryKeys)) {
		throw new Error(
			`Table ${where} is keyed on [${tag.primaryKeys.join(', ')}] but the policy's primary keys are [${shape.tag.primaryKeys.join(', ')}]: run the unit once in FULL mode to rebuild it`,
		);
	}
	if (tag.layout === shape.tag.layout) return;
	const name = qualifiedName(shape.schema, table);
	const keys = shape.keyColumns.map(quoteColumn);
	if (shape.tag.layout === 'latest') {
		// Keep the newest version of each key (ties: the one ingested last).
		await client.query(
			`DELETE FROM ${name} t USING (
			   SELECT ctid, row_number() OVER (PARTITION BY ${keys.join(', ')} ORDER BY cursor_value DESC NULLS LAST, ingested_at DESC) AS rank
			     FROM ${name}) ranked
			  WHERE t.ctid = ranked.ctid AND ranked.rank > 1`,
		);
	} else {
		const { rows } = await client.query(`SELECT 1 FROM ${name} WHERE cursor_value IS NULL LIMIT 1`);
		if (rows.length > 0) {
			throw new Error(`Table ${where} has rows without a cursor value, so it cannot keep versions: run the unit in FULL mode first`);
		}
	}
	for (const constraint of existing.constraints) {
		await client.query(`ALTER TABLE ${name} DROP CONSTRAINT ${quoteColumn(assertSafeIdentifier(constraint, 'constraint name'))}`);
	}
	await client.query(
		`ALTER TABLE ${name} ALTER COLUMN cursor_value ${shape.tag.layout === 'versions' ? 'SET' : 'DROP'} NOT NULL`,
	);
	await client.query(`ALTER TABLE ${name} ADD ${keyConstraintSql(shape)}`);
	await writeTag(client, shape.schema, table, shape.tag);
}

/**
 * Replaces the live table by the staging table in the caller's transaction: readers see the old rows until
 * it commits and the new rows after, never a half-loaded table. When views depend on the live table (it
 * cannot be dropped), its rows are replaced instead, which readers also see atomically.
 */
export async function swapInStaging(client: ClientBase, shape: RawTableShape, staging: string, live: string): Promise<void> {
	const { schema } = shape;
	await client.query('SAVEPOINT n8ni_raw_swap');
	try {
		await client.query(`DROP TABLE IF EXISTS ${qualifiedName(schema, live)}`);
		await client.query(`ALTER TABLE ${qualifiedName(schema, staging)} RENAME TO ${quoteColumn(live)}`);
		await client.query('RELEASE SAVEPOINT n8ni_raw_swap');
	} catch (error) {
		await client.query('ROLLBACK TO SAVEPOINT n8ni_raw_swap');
		if ((error as { code?: string }).code !== '2BP01') throw error;
		const columns = (await client.query<{ name: string }>(
			`SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
			[qualifiedName(schema, staging)],
		)).rows.map((row) => quoteColumn(row.name));
		await client.query(`TRUNCATE ${qualifiedName(schema, live)}`);
		await ensureLiveTable(client, shape, live);
		await client.query(
			`INSERT INTO ${qualifiedName(schema, live)} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM ${qualifiedName(schema, staging)}`,
		);
		await dropTableIfExists(client, schema, staging);
	}
}
