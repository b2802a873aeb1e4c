import { randomUUID } from 'node:crypto';

import { runIngestionUnit } from '../../src/ingestion/run-unit';
import type { RunUnitDeps } from '../../src/ingestion/run-session';
import { COPY_MIN_ROWS } from '../../src/sinks/raw/incoming-page';
import { createRawSink } from '../../src/sinks/raw/raw-sink';
import type { SinkEndpoint } from '../../src/ingestion/sink';
import { pgClientOf } from '../../src/store/sql-query';
import type { Store } from '../../src/store';
import { byId, liveRows, normalizedUpdated, rawTableOf, readRaw, seedUnit, unitState } from '../helpers/engine-fixtures';
import { MemoryDataset, MemorySource, type MemoryRecord, type MemorySourceOptions } from '../helpers/memory-source';
import { openTestStore, type TestStore } from '../helpers/test-database';

const WAREHOUSE: SinkEndpoint = { id: 'warehouse', templateId: 'pg.raw', parameters: { schema: 'ingest_raw' }, capabilities: {} };

describe('engine into the raw sink', () => {
	let ctx: TestStore;
	let store: Store;

	beforeAll(async () => {
		ctx = await openTestStore('raw_modes');
		store = ctx.store;
	});
	afterAll(() => ctx.cleanup());

	const depsFor = (dataset: MemoryDataset, options: MemorySourceOptions = {}): RunUnitDeps => ({
		store,
		workerId: 'raw-modes-test',
		sourceFactory: () => new MemorySource(dataset, options),
	});

	it('FULL: the table equals the source after a first run and after changes and a second run', async () => {
		const fixture = await seedUnit(store, { endpointId: 'full-1', mode: 'FULL' });
		const dataset = MemoryDataset.generate(11, 333);
		const first = await runIngestionUnit(fixture, depsFor(dataset));
		expect(first).toMatchObject({ status: 'SUCCEEDED', stats: { recordsRead: 333, pages: 7, rowsWritten: 333 } });
		let rows = await readRaw(store, 'full-1');
		expect(liveRows(rows)).toEqual(byId(dataset.snapshot()));
		expect(rows.every((row) => row.run_id === first.runId && row.cursor_value === normalizedUpdated(row.record))).toBe(true);

		dataset.update(40);
		dataset.insert(25);
		const deleted = dataset.delete(30);
		const second = await runIngestionUnit(fixture, depsFor(dataset));
		expect(second.status).toBe('SUCCEEDED');
		rows = await readRaw(store, 'full-1');
		expect(liveRows(rows)).toEqual(byId(dataset.snapshot()));
		expect(rows).toHaveLength(dataset.records.size);
		expect(rows.some((row) => deleted.includes(row.pk_id))).toBe(false);
		expect(new Set(rows.map((row) => row.run_id))).toEqual(new Set([second.runId]));
		// The checkpoint is where the FULL read ended: the newest record.
		const newest = dataset.snapshot().sort((a, b) => normalizedUpdated(a).localeCompare(normalizedUpdated(b)) || a.id.localeCompare(b.id)).pop()!;
		expect(second.checkpoint?.source).toEqual({ updated: Date.parse(normalizedUpdated(newest)), id: newest.id });
		expect(second.checkpoint?.full).toBeUndefined();
	});

	it('INCREMENTAL: every version lands once, and the newest version per key equals the source', async () => {
		const fixture = await seedUnit(store, { endpointId: 'inc-1', mode: 'INCREMENTAL' });
		const dataset = MemoryDataset.generate(12, 260);
		const versions = new Map<string, MemoryRecord>();
		const remember = () => dataset.snapshot().forEach((r) => versions.set(`${r.id}@${normalizedUpdated(r)}`, r));

		remember();
		const first = await runIngestionUnit(fixture, depsFor(dataset, { pageSize: 40 }));
		expect(first).toMatchObject({ status: 'SUCCEEDED', stats: { recordsRead: 260, rowsWritten: 260 } });

		dataset.advance(30);
		const updated = dataset.update(35);
		const inserted = dataset.insert(20);
		remember();
		const second = await runIngestionUnit(fixture, depsFor(dataset, { pageSize: 40 }));
		// Only the changes are read.
		expect(second.stats.recordsRead).toBe(updated.length + inserted.length);
		expect(second.stats.rowsWritten).toBe(updated.length + inserted.length);

		const rows = await readRaw(store, 'inc-1');
		const stored = new Map(rows.map((row) => [`${row.pk_id}@${row.cursor_value}`, row.record]));
		expect(stored.size).toBe(rows.length);
		expect([...stored.keys()].sort()).toEqual([...versions.keys()].sort());
		for (const [key, record] of versions) expect(stored.get(key)).toEqual(record);
		const newest = new Map<string, RawRowLike>();
		for (const row of rows) {
			const seen = newest.get(row.pk_id);
			if (!seen || seen.cursor_value < row.cursor_value) newest.set(row.pk_id, row);
		}
		expect(byId([...newest.values()].map((row) => row.record))).toEqual(byId(dataset.snapshot()));

		// Nothing changed: nothing read, nothing written. With a lookback the re-read changes nothing either.
		const idle = await runIngestionUnit(fixture, depsFor(dataset, { pageSize: 40 }));
		expect(idle.stats).toMatchObject({ recordsRead: 0, rowsWritten: 0 });
		const lookback = await runIngestionUnit({ ...fixture, policy: { ...fixture.policy, lookbackMinutes: 45 } }, depsFor(dataset, { pageSize: 40 }));
		expect(lookback.stats.recordsRead).toBeGreaterThan(0);
		expect(lookback.stats.rowsWritten).toBe(0);
		expect(lookback.checkpoint?.source).toEqual(idle.checkpoint?.source);
		expect(await readRaw(store, 'inc-1')).toHaveLength(rows.length);
	});

	it('SCD1: one row per key with the newest version, deletions marked with deleted_at', async () => {
		const fixture = await seedUnit(store, { endpointId: 'scd-1', mode: 'SCD1' });
		const dataset = MemoryDataset.generate(13, 180);
		const deps = depsFor(dataset, { pageSize: 25, withDeletions: true });
		expect((await runIngestionUnit(fixture, deps)).status).toBe('SUCCEEDED');
		expect(liveRows(await readRaw(store, 'scd-1'))).toEqual(byId(dataset.snapshot()));

		const landed = new Set(dataset.records.keys());
		dataset.advance(10);
		dataset.update(30);
		dataset.insert(15);
		const deleted = dataset.delete(12);
		// A record added and deleted between two runs never lands, so it has nothing to mark.
		const marked = deleted.filter((id) => landed.has(id)).sort();
		const second = await runIngestionUnit(fixture, deps);
		expect(second).toMatchObject({ status: 'SUCCEEDED', stats: { rowsDeleted: marked.length, deletionPages: 1 } });
		const rows = await readRaw(store, 'scd-1');
		expect(liveRows(rows)).toEqual(byId(dataset.snapshot()));
		expect(rows.filter((row) => row.deleted_at !== null).map((row) => row.pk_id).sort()).toEqual(marked);
		expect(new Set(rows.map((row) => row.pk_id)).size).toBe(rows.length);
		expect(second.checkpoint?.deletions).toEqual({ seq: 12 });

		// Deletions are read from their own checkpoint: a third run marks nothing again.
		const third = await runIngestionUnit(fixture, deps);
		expect(third.stats).toMatchObject({ rowsDeleted: 0, rowsWritten: 0 });
	});

	it('keeps ingest state on the unit: last status, times, stats, checkpoint', async () => {
		const fixture = await seedUnit(store, { endpointId: 'state-1', mode: 'SCD1' });
		const dataset = MemoryDataset.generate(14, 30);
		const result = await runIngestionUnit(fixture, depsFor(dataset));
		const state = await unitState(store, 'state-1');
		expect(state).toMatchObject({
			lastRunId: result.runId,
			lastStatus: 'SUCCEEDED',
			lastError: null,
			leaseOwner: null,
			leaseExpiresAt: null,
			checkpoint: result.checkpoint,
		});
		expect(state?.lastStats).toMatchObject({ recordsRead: 30, rowsWritten: 30, pages: 1 });
		expect(state?.lastSuccessAt).toBeInstanceOf(Date);
		const run = await store.models.IngestionRun.findByPk(result.runId);
		expect(run).toMatchObject({ status: 'SUCCEEDED', worker: 'raw-modes-test', checkpointBefore: null });
		expect(run?.checkpointAfter).toEqual(result.checkpoint);
		// A second run starts from where the first ended.
		const next = await runIngestionUnit(fixture, depsFor(dataset));
		expect((await store.models.IngestionRun.findByPk(next.runId))?.checkpointBefore).toEqual(result.checkpoint);
		expect(run!.finishedAt!.getTime()).toBeGreaterThanOrEqual(run!.startedAt!.getTime());
	});

	describe('sink writes', () => {
		async function withSink(endpointId: string, mode: 'INCREMENTAL' | 'SCD1', work: (write: (records: MemoryRecord[]) => Promise<number>) => Promise<void>) {
			const sink = createRawSink({
				store,
				sink: WAREHOUSE,
				endpointId,
				unitId: 'jira.issues',
				mode,
				policy: { primaryKeys: ['id'], cursorField: 'updated' },
				dataMode: 'RAW',
				cdmModelId: null,
			});
			const runId = randomUUID();
			await store.sequelize.transaction((transaction) => sink.begin({ transaction, client: pgClientOf(transaction), runId, mode }));
			await work((records) =>
				store.sequelize.transaction(async (transaction) => {
					const context = { transaction, client: pgClientOf(transaction), runId, mode, pageNumber: 1 };
					return (await sink.writePage(records as unknown as Record<string, unknown>[], context)).rowsWritten;
				}),
			);
		}

		const record = (id: string, updated: string, summary: string): MemoryRecord => ({
			id,
			key: `ENG-${id}`,
			updated,
			fields: { summary, status: 'Done', version: 1, labels: [], description: null },
		});

		it('SCD1: an older version never replaces a newer one, and a replayed page changes nothing', async () => {
			await withSink('direct-scd', 'SCD1', async (write) => {
				const newer = record('1', '2024-02-01T10:00:00.000+0100', 'newer');
				const older = record('1', '2024-02-01T08:30:00.000+0000', 'older');
				expect(await write([newer])).toBe(1);
				expect(await write([older])).toBe(0);
				expect(await write([newer])).toBe(0);
				// Two versions of one key in one page: the newer wins.
				expect(await write([record('2', '2024-03-01T00:00:00.000+0000', 'b2'), record('2', '2024-02-01T00:00:00.000+0000', 'b1')])).toBe(1);
				const rows = await readRaw(store, 'direct-scd');
				expect(rows.map((row) => [row.pk_id, row.cursor_value, row.record.fields.summary])).toEqual([
					['1', '2024-02-01T09:00:00.000Z', 'newer'],
					['2', '2024-03-01T00:00:00.000Z', 'b2'],
				]);
			});
		});

		it('INCREMENTAL: a replayed page adds no duplicate; awkward text survives intact', async () => {
			await withSink('direct-inc', 'INCREMENTAL', async (write) => {
				const page = [
					record('1', '2024-02-01T00:00:00.000+0000', 'tab\t newline\n cr\r backslash\\ \\N quote"\' ✓ 𝄞 nul\u0000'),
					record('1', '2024-02-02T00:00:00.000+0000', 'v2'),
				];
				expect(await write(page)).toBe(2);
				expect(await write(page)).toBe(0);
				const rows = await readRaw(store, 'direct-inc');
				expect(rows).toHaveLength(2);
				expect(rows[0].record.fields.summary).toBe('tab\t newline\n cr\r backslash\\ \\N quote"\' ✓ 𝄞 nul\uFFFD');
			});
		});

		it('merges a page of COPY size exactly like a small page (awkward text, duplicates within the page)', async () => {
			const big = Array.from({ length: COPY_MIN_ROWS + 100 }, (_, i) =>
				record(String(i % (COPY_MIN_ROWS + 50)), `2024-02-01T00:00:${String(i % 60).padStart(2, '0')}.000+0000`, `tab\t nl\n \\N ✓ ${i}`),
			);
			for (const mode of ['SCD1', 'INCREMENTAL'] as const) {
				const stored: Array<Array<[string, string, string]>> = [];
				for (const [endpointId, pages] of [
					[`copy-${mode}`, [big]],
					[`arrays-${mode}`, [big.slice(0, 300), big.slice(300)]],
				] as const) {
					await withSink(endpointId, mode, async (write) => {
						for (const page of pages) await write(page);
						expect(await write(big)).toBe(0);
					});
					const rows = await readRaw(store, endpointId);
					stored.push(rows.map((row) => [row.pk_id, row.cursor_value, row.record.fields.summary]));
				}
				expect(stored[0]).toEqual(stored[1]);
				expect(stored[0]).toHaveLength(mode === 'SCD1' ? COPY_MIN_ROWS + 50 : COPY_MIN_ROWS + 100);
			}
		});

		it('fails clearly on a record without its primary key or cursor, writing nothing of the page', async () => {
			await withSink('direct-bad', 'INCREMENTAL', async (write) => {
				const noKey = { key: 'ENG-9', updated: '2024-02-01T00:00:00.000+0000' } as unknown as MemoryRecord;
				await expect(write([record('1', '2024-02-01T00:00:00.000+0000', 'ok'), noKey])).rejects.toThrow(
					'Record 2 of page 1 has no value for primary key "id"',
				);
				const noCursor = { id: '3' } as unknown as MemoryRecord;
				await expect(write([noCursor])).rejects.toThrow('Record 1 of page 1 has no value for cursor field "updated"');
				expect(await readRaw(store, 'direct-bad')).toEqual([]);
			});
		});
	});

	it('switches a table between INCREMENTAL versions and SCD1 latest rows when the mode changes', async () => {
		const dataset = MemoryDataset.generate(15, 90);
		const incremental = await seedUnit(store, { endpointId: 'switch-1', mode: 'INCREMENTAL' });
		expect((await runIngestionUnit(incremental, depsFor(dataset))).status).toBe('SUCCEEDED');
		dataset.advance(5);
		dataset.update(20);
		expect((await runIngestionUnit(incremental, depsFor(dataset))).status).toBe('SUCCEEDED');
		expect((await readRaw(store, 'switch-1')).length).toBe(110);

		const scd1 = await runIngestionUnit({ ...incremental, mode: 'SCD1' }, depsFor(dataset));
		expect(scd1.status).toBe('SUCCEEDED');
		const rows = await readRaw(store, 'switch-1');
		expect(rows).toHaveLength(90);
		expect(liveRows(rows)).toEqual(byId(dataset.snapshot()));

		dataset.advance(5);
		dataset.update(10);
		const back = await runIngestionUnit(incremental, depsFor(dataset));
		expect(back.status).toBe('SUCCEEDED');
		expect(await readRaw(store, 'switch-1')).toHaveLength(100);
	});

	it('refuses to merge into a table keyed on other fields, before writing anything', async () => {
		const dataset = MemoryDataset.generate(16, 20);
		const fixture = await seedUnit(store, { endpointId: 'keys-1', mode: 'SCD1' });
		expect((await runIngestionUnit(fixture, depsFor(dataset))).status).toBe('SUCCEEDED');
		const rekeyed = await runIngestionUnit({ ...fixture, policy: { ...fixture.policy, primaryKeys: ['key'] } }, depsFor(dataset));
		expect(rekeyed.status).toBe('FAILED');
		expect(rekeyed.error).toContain('is keyed on [id] but the policy\'s primary keys are [key]: run the unit once in FULL mode');
		expect(rekeyed.stats.recordsRead).toBe(0);
		// FULL rebuilds it on the new key.
		const full = await runIngestionUnit({ ...fixture, mode: 'FULL', policy: { ...fixture.policy, primaryKeys: ['key'] } }, depsFor(dataset));
		expect(full.status).toBe('SUCCEEDED');
		const [rows] = await store.sequelize.query(`SELECT pk_key, record->>'key' AS key FROM ${rawTableOf('keys-1')}`);
		expect((rows as Array<{ pk_key: string; key: string }>).every((row) => row.pk_key === row.key)).toBe(true);
		expect(rows).toHaveLength(20);
	});
});

type RawRowLike = { cursor_value: string; record: MemoryRecord; pk_id: string };
