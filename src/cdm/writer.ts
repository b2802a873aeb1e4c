import { finished } from 'node:stream/promises';

import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Transaction } from 'sequelize';

import { copyChunks, copyField } from './copy-text';
import { CdmError } from './errors';
import type { CdmModelDefinition } from './model-definition';
import { validateCdmRows } from './row-validation';
import type { CdmSink } from './sink-connection';
import { cdmWritePlan, type CdmWritePlan } from './write-plan';
import {
	assertCdmModelProvisioned,
	assertSinkTransaction,
	assertWriteIdentity,
	inSinkTransaction,
	notProvisionedError,
	pgClientOf,
	pgErrorCode,
	resolveCdmModel,
} from './write-context';

export { validateCdmRows } from './row-validation';
export { canScopeToProjects, softDeleteByIds, softDeleteMissing, type CdmSoftDeleteOptions } from './soft-delete';
export { assertCdmModelProvisioned, assertCdmTableReady } from './write-context';

export interface CdmWriteOptions {
	/**
	 * The caller's transaction (the engine commits the page's sink write and checkpoint together). It must belong to
	 * `sink.sequelize`; without it the batch runs in a transaction of its own.
	 */
	transaction?: Transaction;
	/** ingestion_runs.id of the run writing; recorded per row and used by softDeleteMissing. */
	runId: string | null;
	/** metadata_endpoints.id of the source endpoint the rows came from. */
	endpointId: string;
}

export interface CdmWriteResult {
	/** Rows handed in. */
	received: number;
	/** New rows. */
	inserted: number;
	/** Existing rows rewritten (newer or equal version with other content, or confirmed by another run). */
	updated: number;
	/** Rows left as they were: same content already written by this run, an older version, or a duplicate in the batch. */
	unchanged: number;
}

const EMPTY_RESULT: CdmWriteResult = { received: 0, inserted: 0, updated: 0, unchanged: 0 };

function addResults(a: CdmWriteResult, b: CdmWriteResult): CdmWriteResult {
	return {
		received: a.received + b.received,
		inserted: a.inserted + b.inserted,
		updated: a.updated + b.updated,
		unchanged: a.unchanged + b.unchanged,
	};
}

/** A validated batch: one cdm_id and one COPY line per distinct row. */
interface PreparedBatch {
	plan: CdmWritePlan;
	received: number;
	ids: string[];
	lines: string[];
}

function prepareBatch(sink: CdmSink, model: CdmModelDefinition, rows: readonly unknown[]): PreparedBatch {
	const valid = validateCdmRows(model, rows);
	const plan = cdmWritePlan(sink.schema, sink.tablePrefix, model);
	return { plan, received: rows.length, ids: valid.map((row) => row.cdm_id as string), lines: valid.map(plan.encodeLine) };
}

/**
 * Streams COPY data. `onSent` fires once all of it has left for the server (pg-copy-streams holds data until the
 * server accepts the COPY, and the socket may buffer more), so work done then overlaps with Postgres processing it.
 */
async function copyInto(client: ClientBase, sql: string, chunks: string[], onSent: () => void): Promise<void> {
	const stream = client.query(copyFrom(sql));
	const done = finished(stream);
	if (chunks.length === 0) onSent();
	chunks.forEach((chunk, i) => stream.write(chunk, i === chunks.length - 1 ? () => setImmediate(onSent) : undefined));
	stream.end();
	await done;
}

/**
 * Stage tables empty themselves at commit (ON COMMIT DELETE ROWS), so a transaction starts with them empty; only a
 * second batch of the same model in one transaction has to clear what the first left.
 */
const stagesUsed = new WeakMap<object, Set<string>>();

function rootOf(transaction: Transaction): object {
	let current = transaction as unknown as { parent?: unknown };
	while (current.parent) current = current.parent as { parent?: unknown };
	return current;
}

const COPY_SAVEPOINT = 'n8n_ingestion_cdm_copy';

/** Another writer inserted one of the rows taken for new between our check and our COPY. */
class NewRowConflict extends Error {}

/**
 * Rows the table does not hold yet are COPY'd straight into it (Postgres' multi-row insert path); rows it holds are
 * COPY'd into the stage table and merged with the version guard. If another writer inserts one of the "new" rows in
 * between (unique violation), every row of the batch goes through the merge instead: in the caller's transaction by
 * rolling back to a savepoint, in a transaction of our own by starting it again.
 */
async function writePrepared(
	sink: CdmSink,
	batch: PreparedBatch,
	options: CdmWriteOptions,
	onServerBusy: () => void = () => undefined,
): Promise<CdmWriteResult> {
	if (batch.lines.length === 0) {
		onServerBusy();
		return { ...EMPTY_RESULT, received: batch.received };
	}
	try {
		return await attemptWrite(sink, batch, options, onServerBusy, true);
	} catch (error) {
		if (!(error instanceof NewRowConflict)) throw error;
		return attemptWrite(sink, batch, options, onServerBusy, false);
	}
}

async function copyNewRows(client: ClientBase, plan: CdmWritePlan, lines: string[], options: CdmWriteOptions, onSent: () => void): Promise<boolean> {
	const plumbing = `\t${copyField(options.endpointId)}\t${copyField(options.runId)}`;
	const inCallerTransaction = options.transaction !== undefined;
	if (inCallerTransaction) await client.query(`SAVEPOINT ${COPY_SAVEPOINT}`);
	try {
		await copyInto(client, plan.copyToTableSql, copyChunks(lines, plumbing), onSent);
		if (inCallerTransaction) await client.query(`RELEASE SAVEPOINT ${COPY_SAVEPOINT}`);
		return true;
	} catch (error) {
		if (pgErrorCode(error) !== '23505') throw error;
		if (!inCallerTransaction) throw new NewRowConflict();
		await client.query(`ROLLBACK TO SAVEPOINT ${COPY_SAVEPOINT}`);
		return false;
	}
}

async function attemptWrite(
	sink: CdmSink,
	batch: PreparedBatch,
	options: CdmWriteOptions,
	onServerBusy: () => void,
	copyNew: boolean,
): Promise<CdmWriteResult> {
	const { plan } = batch;
	return inSinkTransaction(sink, options.transaction, async (transaction) => {
		const client = pgClientOf(transaction);
		try {
			const fresh: string[] = [];
			let toMerge: string[] = batch.lines;
			if (copyNew) {
				const { rows: present } = await client.query<{ cdm_id: string }>(plan.existingIdsSql, [batch.ids]);
				const existing = new Set(present.map((row) => row.cdm_id));
				toMerge = [];
				batch.lines.forEach((line, i) => (existing.has(batch.ids[i]) ? toMerge : fresh).push(line));
			}
			let inserted = 0;
			let updated = 0;
			if (fresh.length > 0) {
				if (await copyNewRows(client, plan, fresh, options, toMerge.length === 0 ? onServerBusy : () => undefined)) inserted += fresh.length;
				else toMerge = batch.lines;
			}
			if (toMerge.length > 0) {
				const root = rootOf(transaction);
				let used = stagesUsed.get(root);
				if (!used) stagesUsed.set(root, (used = new Set()));
				await client.query(used.has(plan.stageTable) ? plan.truncateStageSql : plan.createStageSql);
				used.add(plan.stageTable);
				await copyInto(client, plan.copyToStageSql, copyChunks(toMerge), () => undefined);
				const merge = client.query<{ inserted: number; updated: number }>(plan.mergeSql, [options.endpointId, options.runId]);
				onServerBusy();
				const counts = (await merge).rows[0];
				inserted += counts.inserted;
				updated += counts.updated;
			}
			return { received: batch.received, inserted, updated, unchanged: batch.received - inserted - updated };
		} catch (error) {
			const code = pgErrorCode(error);
			if (code === '42P01') throw notProvisionedError(sink, plan.model.id);
			if (code === '42703') {
				throw new CdmError(
					'TABLE_CONFLICT',
					`${plan.location.physicalLocation} lacks columns of ${plan.model.id}: run provisioning again, it adds them`,
					'cdmModelId',
				);
			}
			throw error;
		} finally {
			onServerBusy();
		}
	});
}

/**
 * Writes one batch of CDM rows of `modelId` to the sink. All rows are validated by the model's zod schema first (a bad
 * row fails the batch, naming its cdm_id and field, before anything is written). Then one upsert on cdm_id: new rows
 * are COPY'd into the table; rows it already holds are COPY'd into a temporary stage table and merged, where an older
 * `updated_at` never overwrites a newer row (a row without `updated_at` carries no version: the latest write wins) and
 * a row that re-appears loses its `deleted_at`. Runs in `options.transaction` when given, else in one of its own.
 */
export async function writeCdmBatch(
	sink: CdmSink,
	modelId: string,
	rows: readonly unknown[],
	options: CdmWriteOptions,
): Promise<CdmWriteResult> {
	const model = resolveCdmModel(modelId);
	assertWriteIdentity(options);
	const batch = prepareBatch(sink, model, rows);
	assertSinkTransaction(sink, options.transaction);
	await assertCdmModelProvisioned(sink, model.id, options.transaction);
	return writePrepared(sink, batch, options);
}

async function* batchesOf(rows: AsyncIterable<unknown> | Iterable<unknown>, size: number): AsyncGenerator<unknown[]> {
	let batch: unknown[] = [];
	for await (const row of rows) {
		batch.push(row);
		if (batch.length >= size) {
			yield batch;
			batch = [];
		}
	}
	if (batch.length > 0) yield batch;
}

export interface CdmWriteRowsOptions extends Omit<CdmWriteOptions, 'transaction'> {
	/** Rows per batch (default 1000). */
	batchSize?: number;
}

/**
 * Writes rows from an (async) iterable in batches, each batch in a transaction of its own. While Postgres works on one
 * batch, the next is validated and encoded, so JavaScript and database work overlap; batches still commit in order.
 */
export async function writeCdmRows(
	sink: CdmSink,
	modelId: string,
	rows: AsyncIterable<unknown> | Iterable<unknown>,
	options: CdmWriteRowsOptions,
): Promise<CdmWriteResult & { batches: number }> {
	const model = resolveCdmModel(modelId);
	assertWriteIdentity(options);
	const size = options.batchSize ?? 1000;
	if (!Number.isInteger(size) || size < 1) throw new CdmError('INVALID_PARAMETER', 'batchSize must be a positive integer', 'batchSize');
	await assertCdmModelProvisioned(sink, model.id);
	const writeOptions = { runId: options.runId, endpointId: options.endpointId };
	let total = EMPTY_RESULT;
	let batches = 0;
	let inFlight: Promise<CdmWriteResult> | undefined;
	let serverBusy: Promise<void> = Promise.resolve();
	try {
		for await (const rowsOfBatch of batchesOf(rows, size)) {
			await serverBusy;
			const batch = prepareBatch(sink, model, rowsOfBatch);
			if (inFlight) total = addResults(total, await inFlight);
			let signal: () => void = () => undefined;
			serverBusy = new Promise((resolve) => (signal = resolve));
			inFlight = writePrepared(sink, batch, writeOptions, signal);
			inFlight.catch(() => undefined); // handled when awaited; not an unhandled rejection meanwhile
			batches++;
		}
		if (inFlight) total = addResults(total, await inFlight);
	} catch (error) {
		// an earlier batch's failure is the one to report; never leave a write running behind the caller's back
		if (inFlight) await inFlight;
		throw error;
	}
	return { ...total, batches };
}
