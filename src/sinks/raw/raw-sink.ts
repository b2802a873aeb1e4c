import type { SourceRecord } from '../../ingestion/source';
import type { SinkPageContext, SinkTransactionContext, SinkWriteResult, UnitSink, UnitSinkContext } from '../../ingestion/sink';
import type { IngestionMode } from '../../store/models/enums';
import { jsonbText } from './copy-text';
import { assertSafeIdentifier, primaryKeyColumn, qualifiedName, quoteColumn, rawTableName, stagingTableName } from './identifiers';
import { loadIncoming, type PreparedRow } from './incoming-page';
import {
	dropTableIfExists,
	ensureLiveTable,
	ensureSchema,
	createRawTable,
	lockRawSchema,
	swapInStaging,
	type RawLayout,
	type RawTableShape,
} from './raw-table';
import { keyText, normalizeCursorValue, valueAtPath } from './record-values';

/** Schema of the built-in `warehouse` sink when its parameters name none. */
export const DEFAULT_RAW_SCHEMA = 'ingest_raw';

/** Where one unit lands in a pg.raw sink. */
export interface RawTarget {
	schema: string;
	table: string;
	staging: string;
}

export function rawTargetOf(sinkParameters: Record<string, unknown>, endpointId: string, unitId: string): RawTarget {
	const configured = sinkParameters.schema;
	const schema = assertSafeIdentifier(typeof configured === 'string' && configured ? configured : DEFAULT_RAW_SCHEMA, 'raw sink schema');
	const table = rawTableName(endpointId, unitId);
	return { schema, table, staging: stagingTableName(table) };
}

/**
 * The raw landing sink (pg.raw): one table per (endpoint, unit) in the sink's schema of the store database.
 * FULL loads a staging table and swaps it in at the end; INCREMENTAL appends every version (primary key +
 * cursor value) once; SCD1 keeps the newest version per primary key and marks deletions in `deleted_at`.
 * Each page is merged in the caller's transaction, from array parameters or (large pages) a COPY into a temp table.
 */
export class RawSink implements UnitSink {
	private readonly shape: RawTableShape;
	private readonly target: RawTarget;
	private readonly cursorField: string | null;
	/** Where a field named in the policy sits in a record (`updated` → `fields.updated` for Jira issues). */
	private readonly pathOf: (field: string) => string;

	constructor(context: UnitSinkContext) {
		const fieldPaths = context.fieldPaths ?? {};
		this.pathOf = (field) => (Object.prototype.hasOwnProperty.call(fieldPaths, field) ? fieldPaths[field] : field);
		const { policy, mode } = context;
		if (typeof context.sink.parameters.connection_url === 'string') {
			throw new Error(`Sink "${context.sink.id}": pg.raw sinks outside the store database are not supported`);
		}
		const primaryKeys = policy.primaryKeys ?? [];
		this.cursorField = policy.cursorField ?? null;
		if (mode !== 'FULL' && primaryKeys.length === 0) {
			throw new Error(`Policy of ${context.unitId}: ${mode} into the raw sink needs primaryKeys`);
		}
		if (mode === 'INCREMENTAL' && !this.cursorField) {
			throw new Error(`Policy of ${context.unitId}: INCREMENTAL into the raw sink needs a cursorField`);
		}
		const keyColumns = primaryKeys.map(primaryKeyColumn);
		if (new Set(keyColumns).size !== keyColumns.length) {
			throw new Error(`Policy of ${context.unitId}: primary keys [${primaryKeys.join(', ')}] map to the same column`);
		}
		this.target = rawTargetOf(context.sink.parameters, context.endpointId, context.unitId);
		this.shape = {
			schema: this.target.schema,
			keyColumns,
			tag: {
				n8nIngestion: 'raw',
				endpointId: context.endpointId,
				unitId: context.unitId,
				layout: rawLayoutOf(mode),
				primaryKeys: [...primaryKeys],
			},
		};
	}

	get location(): RawTarget {
		return this.target;
	}

	async begin({ client, mode }: SinkTransactionContext): Promise<void> {
		const { schema, table, staging } = this.target;
		await lockRawSchema(client, schema);
		await ensureSchema(client, schema);
		// A staging table left by a FULL run that died is of no use to anyone.
		await dropTableIfExists(client, schema, staging);
		if (mode === 'FULL') await createRawTable(client, this.shape, staging);
		else await ensureLiveTable(client, this.shape, table);
	}

	async writePage(records: readonly SourceRecord[], context: SinkPageContext): Promise<SinkWriteResult> {
		if (records.length === 0) return { rowsWritten: 0 };
		const rows = records.map((record, index) => this.prepare(record, index, context));
		const incoming = await loadIncoming(context.client, rows, this.shape.keyColumns.length, 2);
		const into = context.mode === 'FULL' ? this.target.staging : this.target.table;
		const sql =
			this.shape.tag.layout === 'versions' ? this.appendVersionsSql(into, incoming.from) : this.mergeLatestSql(into, incoming.from);
		const result = await context.client.query(sql, [context.runId, ...incoming.params]);
		return { rowsWritten: result.rowCount ?? 0 };
	}

	async applyDeletions(keys: readonly SourceRecord[], context: SinkPageContext): Promise<SinkWriteResult> {
		if (keys.length === 0 || context.mode === 'FULL') return { rowsWritten: 0, rowsDeleted: 0 };
		const columns = this.shape.keyColumns;
		const values = columns.map(() => [] as string[]);
		for (const [index, key] of keys.entries()) {
			const texts = this.keysOf(key, index, context.pageNumber, 'deletion');
			texts.forEach((text, i) => values[i].push(text));
		}
		const quoted = columns.map(quoteColumn);
		const result = await context.client.query(
			`UPDATE ${qualifiedName(this.target.schema, this.target.table)} SET deleted_at = now()
			  WHERE deleted_at IS NULL
			    AND (${quoted.join(', ')}) IN (SELECT * FROM unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')}))`,
			values,
		);
		return { rowsWritten: 0, rowsDeleted: result.rowCount ?? 0 };
	}

	async finish({ client, mode }: SinkTransactionContext): Promise<SinkWriteResult> {
		if (mode !== 'FULL') return { rowsWritten: 0 };
		await swapInStaging(client, this.shape, this.target.staging, this.target.table);
		return { rowsWritten: 0 };
	}

	async abort({ client, mode }: SinkTransactionContext): Promise<void> {
		if (mode === 'FULL') await dropTableIfExists(client, this.target.schema, this.target.staging);
	}

	private keysOf(record: SourceRecord, index: number, pageNumber: number, what: string): string[] {
		return this.shape.tag.primaryKeys.map((field) => {
			const text = keyText(valueAtPath(record, this.pathOf(field)));
			if (text === null) {
				throw new Error(`${what} ${index + 1} of page ${pageNumber} has no value for primary key "${field}"`);
			}
			return text;
		});
	}

	private prepare(record: SourceRecord, index: number, context: SinkPageContext): PreparedRow {
		const keys = this.keysOf(record, index, context.pageNumber, 'Record');
		const cursor = this.cursorField ? normalizeCursorValue(valueAtPath(record, this.pathOf(this.cursorField))) : null;
		if (cursor === null && this.shape.tag.layout === 'versions') {
			throw new Error(`Record ${index + 1} of page ${context.pageNumber} has no value for cursor field "${this.cursorField}"`);
		}
		return { keys, cursor, json: jsonbText(record) };
	}

	private keyLists(): { target: string; source: string } {
		const target = this.shape.keyColumns.map(quoteColumn);
		const source = target.map((_, i) => `incoming.k${i}`);
		return { target: target.join(', '), source: source.join(', ') };
	}

	/** INCREMENTAL: every (key, cursor value) once; a replayed page inserts nothing. */
	private appendVersionsSql(into: string, from: string): string {
		const keys = this.keyLists();
		return `INSERT INTO ${qualifiedName(this.target.schema, into)} AS t (${keys.target}, cursor_value, record, run_id)
		        SELECT ${keys.source}, incoming.cursor_value, incoming.record, $1::uuid FROM ${from}
		        ON CONFLICT (${keys.target}, cursor_value) DO NOTHING`;
	}

	/**
	 * FULL (into staging) and SCD1: the newest version per key. An older cursor value never replaces a newer
	 * one; the same version is not rewritten (so replays write nothing), and it does not revive a deleted row.
	 */
	private mergeLatestSql(into: string, from: string): string {
		const table = qualifiedName(this.target.schema, into);
		if (this.shape.keyColumns.length === 0) {
			return `INSERT INTO ${table} (cursor_value, record, run_id) SELECT incoming.cursor_value, incoming.record, $1::uuid FROM ${from}`;
		}
		const keys = this.keyLists();
		return `INSERT INTO ${table} AS t (${keys.target}, cursor_value, record, run_id)
		        SELECT DISTINCT ON (${keys.source}) ${keys.source}, incoming.cursor_value, incoming.record, $1::uuid FROM ${from}
		         ORDER BY ${keys.source}, incoming.cursor_value DESC NULLS LAST, incoming.ord DESC
		        ON CONFLICT (${keys.target}) DO UPDATE
		           SET cursor_value = EXCLUDED.cursor_value, record = EXCLUDED.record, run_id = EXCLUDED.run_id,
		               ingested_at = now(), deleted_at = NULL
		         WHERE EXCLUDED.cursor_value > t.cursor_value
		            OR ((EXCLUDED.cursor_value IS NULL OR t.cursor_value IS NULL) AND (t.deleted_at IS NOT NULL OR t.record IS DISTINCT FROM EXCLUDED.record))
		            OR (EXCLUDED.cursor_value = t.cursor_value AND t.deleted_at IS NULL AND t.record IS DISTINCT FROM EXCLUDED.record)`;
	}
}

/** The sink factory for `pg.raw` endpoints with RAW data. */
export function createRawSink(context: UnitSinkContext): RawSink {
	return new RawSink(context);
}

/** INCREMENTAL keeps every version; FULL and SCD1 keep the newest per key. */
export function rawLayoutOf(mode: IngestionMode): RawLayout {
	return mode === 'INCREMENTAL' ? 'versions' : 'latest';
}
