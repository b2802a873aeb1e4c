import { randomUUID } from 'node:crypto';

import type { RunUnitDeps } from '../../src/ingestion/run-session';
import { runIngestionUnit } from '../../src/ingestion/run-unit';
import type { Store } from '../../src/store';
import { byId, liveRows, readRaw, seedUnit, unitState, type UnitFixture } from '../helpers/engine-fixtures';
import { MemoryDataset, MemorySource, type MemorySourceOptions } from '../helpers/memory-source';
import { openTestStore, type TestStore } from '../helpers/test-database';

function deferred(): { promise: Promise<void>; resolve: () => void } {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => {
		resolve = r;
	});
	return { promise, resolve };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('unit lease and run lifecycle', () => {
	let ctx: TestStore;
	let store: Store;

	beforeAll(async () => {
		ctx = await openTestStore('lease');
		store = ctx.store;
	});
	afterAll(() => ctx.cleanup());

	const depsFor = (dataset: MemoryDataset, options: MemorySourceOptions = {}, extra: Partial<RunUnitDeps> = {}): RunUnitDeps => ({
		store,
		workerId: 'lease-test',
		sourceFactory: () => new MemorySource(dataset, options),
		...extra,
	});

	const insertRun = async (fixture: UnitFixture, status: string, id = randomUUID()) => {
		await store.sequelize.query(
			`INSERT INTO ingestion_runs (id, endpoint_id, unit_id, trigger, status, mode, sink_id, started_at)
			 VALUES ($1, $2, $3, 'SCHEDULE', $4, $5, $6, CASE WHEN $4 = 'QUEUED' THEN NULL ELSE now() END)`,
			{ bind: [id, fixture.endpointId, fixture.unitId, status, fixture.mode, fixture.sinkId] },
		);
		return id;
	};

	it('runs a unit once when two runs start together: one SUCCEEDED, the other SKIPPED', async () => {
		const fixture = await seedUnit(store, { endpointId: 'busy-1', mode: 'SCD1' });
		const dataset = MemoryDataset.generate(21, 120);
		const oneSkipped = deferred();
		// Whichever run gets the lease waits on its first page until the other has been skipped.
		const deps = depsFor(dataset, { pageSize: 30, beforePage: () => oneSkipped.promise });
		const track = (promise: ReturnType<typeof runIngestionUnit>) =>
			promise.then((result) => {
				if (result.status === 'SKIPPED') oneSkipped.resolve();
				return result;
			});
		const results = await Promise.all([track(runIngestionUnit(fixture, deps)), track(runIngestionUnit(fixture, deps))]);
		expect(results.map((r) => r.status).sort()).toEqual(['SKIPPED', 'SUCCEEDED']);
		const done = results.find((r) => r.status === 'SUCCEEDED')!;
		const skipped = results.find((r) => r.status === 'SKIPPED')!;
		expect(skipped.skippedReason).toBe('Unit jira.issues of endpoint "busy-1" is already running');
		expect(await store.models.IngestionRun.findByPk(skipped.runId)).toMatchObject({
			status: 'SKIPPED',
			stats: { skippedReason: skipped.skippedReason },
		});
		// The skipped run did not touch the unit's state or data.
		expect(await unitState(store, 'busy-1')).toMatchObject({ lastRunId: done.runId, lastStatus: 'SUCCEEDED', checkpoint: done.checkpoint });
		expect(liveRows(await readRaw(store, 'busy-1'))).toEqual(byId(dataset.snapshot()));
	});

	it('takes over an expired lease and fails the dead holder\'s RUNNING run; an unexpired lease skips', async () => {
		const fixture = await seedUnit(store, { endpointId: 'dead-1', mode: 'SCD1' });
		const dataset = MemoryDataset.generate(22, 40);
		expect((await runIngestionUnit(fixture, depsFor(dataset))).status).toBe('SUCCEEDED');
		// A worker took the lease, marked its run RUNNING, and died.
		const deadRun = await insertRun(fixture, 'RUNNING');
		await store.sequelize.query(
			`UPDATE ingestion_unit_states SET lease_owner = 'dead-worker/x', lease_expires_at = now() + interval '1 minute' WHERE endpoint_id = 'dead-1'`,
		);
		const whileAlive = await runIngestionUnit(fixture, depsFor(dataset));
		expect(whileAlive.status).toBe('SKIPPED');
		expect((await store.models.IngestionRun.findByPk(deadRun))?.status).toBe('RUNNING');

		await store.sequelize.query(`UPDATE ingestion_unit_states SET lease_expires_at = now() - interval '1 second' WHERE endpoint_id = 'dead-1'`);
		dataset.advance(5);
		dataset.update(5);
		const takeover = await runIngestionUnit(fixture, depsFor(dataset));
		expect(takeover.status).toBe('SUCCEEDED');
		const dead = await store.models.IngestionRun.findByPk(deadRun);
		expect(dead?.status).toBe('FAILED');
		expect(dead?.error).toBe('The worker running this run stopped renewing its lease (dead-worker/x); the unit was taken over');
		expect(dead?.finishedAt).toBeInstanceOf(Date);
		expect(await unitState(store, 'dead-1')).toMatchObject({ leaseOwner: null, lastRunId: takeover.runId, lastStatus: 'SUCCEEDED' });
		expect(liveRows(await readRaw(store, 'dead-1'))).toEqual(byId(dataset.snapshot()));
	});

	it('fences a stalled holder: after a takeover its page commits are refused and the checkpoint stays', async () => {
		const fixture = await seedUnit(store, { endpointId: 'stall-1', mode: 'SCD1' });
		const dataset = MemoryDataset.generate(23, 100);
		const stalled = deferred();
		const release = deferred();
		const firstCommitted = deferred();
		const slow = runIngestionUnit(
			fixture,
			depsFor(
				dataset,
				{
					pageSize: 20,
					beforePage: async (page) => {
						if (page === 2) {
							// Page 2 is read while page 1 is written: stall once page 1 is committed.
							await firstCommitted.promise;
							stalled.resolve();
							await release.promise;
						}
					},
				},
				// No heartbeat during the test: the stall outlives the lease, as a long GC pause or a frozen VM would.
				{ workerId: 'stalled-worker', lease: { ttlMs: 60_000, heartbeatMs: 3_600_000 }, onProgress: () => firstCommitted.resolve() },
			),
		);
		await stalled.promise;
		await store.sequelize.query(`UPDATE ingestion_unit_states SET lease_expires_at = now() - interval '1 second' WHERE endpoint_id = 'stall-1'`);
		const takeover = await runIngestionUnit(fixture, depsFor(dataset, { pageSize: 20 }, { workerId: 'new-worker' }));
		expect(takeover.status).toBe('SUCCEEDED');
		release.resolve();
		const stale = await slow;
		expect(stale.status).toBe('FAILED');
		expect(stale.error).toBe('The lease on unit jira.issues was taken over by another worker after it expired; this run stopped');
		expect(stale.stats.pages).toBe(1);
		const state = await unitState(store, 'stall-1');
		expect(state).toMatchObject({ checkpoint: takeover.checkpoint, lastRunId: takeover.runId, lastStatus: 'SUCCEEDED', leaseOwner: null });
		const staleRun = await store.models.IngestionRun.findByPk(stale.runId);
		expect(staleRun?.status).toBe('FAILED');
		expect(staleRun?.error).toContain('stopped renewing its lease');
		expect(liveRows(await readRaw(store, 'stall-1'))).toEqual(byId(dataset.snapshot()));
	});

	it('a stalled FULL run that lost its lease leaves the new holder\'s staging table alone', async () => {
		const fixture = await seedUnit(store, { endpointId: 'stall-2', mode: 'FULL' });
		const dataset = MemoryDataset.generate(28, 100);
		const stalls = [deferred(), deferred()];
		const releases = [deferred(), deferred()];
		const stallingDeps = (i: number, workerId: string) =>
			depsFor(
				dataset,
				{
					pageSize: 20,
					beforePage: async (page) => {
						if (page === 2) {
							stalls[i].resolve();
							await releases[i].promise;
						}
					},
				},
				{ workerId, lease: { ttlMs: 60_000, heartbeatMs: 3_600_000 } },
			);
		const old = runIngestionUnit(fixture, stallingDeps(0, 'old-worker'));
		await stalls[0].promise;
		await store.sequelize.query(`UPDATE ingestion_unit_states SET lease_expires_at = now() - interval '1 second' WHERE endpoint_id = 'stall-2'`);
		const fresh = runIngestionUnit(fixture, stallingDeps(1, 'new-worker'));
		await stalls[1].promise;
		// The old run wakes up, is fenced off, and fails; it must not drop the staging table the new run is loading.
		releases[0].resolve();
		expect((await old).status).toBe('FAILED');
		releases[1].resolve();
		expect(await fresh).toMatchObject({ status: 'SUCCEEDED', stats: { recordsRead: 100 } });
		expect(liveRows(await readRaw(store, 'stall-2'))).toEqual(byId(dataset.snapshot()));
	});

	it('renews the lease while a run outlasts its TTL, so a second run is still skipped', async () => {
		const fixture = await seedUnit(store, { endpointId: 'beat-1', mode: 'INCREMENTAL' });
		const dataset = MemoryDataset.generate(24, 80);
		const lease = { ttlMs: 400, heartbeatMs: 100 };
		const midway = deferred();
		const long = runIngestionUnit(
			fixture,
			depsFor(
				dataset,
				{
					pageSize: 10,
					beforePage: async (page) => {
						await sleep(150);
						if (page === 6) midway.resolve();
					},
				},
				{ lease },
			),
		);
		await midway.promise;
		// By now the run has lasted more than twice the TTL.
		const second = await runIngestionUnit(fixture, depsFor(dataset, {}, { lease }));
		expect(second.status).toBe('SKIPPED');
		expect((await long).status).toBe('SUCCEEDED');
	});

	it('carries out a given QUEUED run on its own row; leaves a run that is not QUEUED alone', async () => {
		const fixture = await seedUnit(store, { endpointId: 'queued-1', mode: 'FULL' });
		const dataset = MemoryDataset.generate(25, 10);
		const queued = await insertRun(fixture, 'QUEUED');
		const result = await runIngestionUnit({ ...fixture, trigger: 'SCHEDULE', runId: queued }, depsFor(dataset));
		expect(result).toMatchObject({ status: 'SUCCEEDED', runId: queued });
		const row = await store.models.IngestionRun.findByPk(queued);
		expect(row).toMatchObject({ status: 'SUCCEEDED', worker: 'lease-test', trigger: 'SCHEDULE', error: null });
		expect(row?.stats).toMatchObject({ recordsRead: 10, rowsWritten: 10, pages: 1 });
		expect(row?.progress).toMatchObject({ recordsRead: 10, pages: 1 });
		expect(await store.models.IngestionRun.count({ where: { endpointId: 'queued-1' } })).toBe(1);

		const again = await runIngestionUnit({ ...fixture, runId: queued }, depsFor(dataset));
		expect(again).toMatchObject({ status: 'SKIPPED', runId: queued, skippedReason: `Run ${queued} is SUCCEEDED, not QUEUED: left as it is` });
		expect((await store.models.IngestionRun.findByPk(queued))?.finishedAt).toEqual(row?.finishedAt);

		const chosenId = randomUUID();
		expect((await runIngestionUnit({ ...fixture, runId: chosenId }, depsFor(dataset))).runId).toBe(chosenId);
		expect((await store.models.IngestionRun.findByPk(chosenId))?.status).toBe('SUCCEEDED');

		const other = await seedUnit(store, { endpointId: 'queued-2', mode: 'FULL' });
		await expect(runIngestionUnit({ ...other, runId: queued }, depsFor(dataset))).rejects.toThrow(
			`Run ${queued} belongs to unit jira.issues of endpoint "queued-1", not to this unit`,
		);
	});

	it('rejects input it cannot run: bad fields, CUSTOM mode, or a unit without config (failing its queued run)', async () => {
		const dataset = MemoryDataset.generate(26, 5);
		await expect(
			runIngestionUnit({ endpointId: '', unitId: 'Issues', mode: 'FULL', sinkId: 'warehouse', runId: 'x' }, depsFor(dataset)),
		).rejects.toThrow('Invalid run input: endpointId is required; unitId must look like jira.issues; runId must be a UUID');
		await expect(runIngestionUnit({ endpointId: 'a', unitId: 'jira.issues', mode: 'CUSTOM', sinkId: 'warehouse' }, depsFor(dataset))).rejects.toThrow(
			'run them with runCustomUnit',
		);
		const fixture = await seedUnit(store, { endpointId: 'noconf-1', mode: 'FULL' });
		const queued = await insertRun({ ...fixture, unitId: 'jira.comments' }, 'QUEUED');
		await expect(runIngestionUnit({ ...fixture, unitId: 'jira.comments', runId: queued }, depsFor(dataset))).rejects.toThrow(
			'No ingestion config for unit jira.comments of endpoint "noconf-1": configure the unit first',
		);
		expect(await store.models.IngestionRun.findByPk(queued)).toMatchObject({
			status: 'FAILED',
			error: 'No ingestion config for unit jira.comments of endpoint "noconf-1": configure the unit first',
		});
	});

	it('fails a run whose stored checkpoint it cannot read, leaving the checkpoint as it is', async () => {
		const fixture = await seedUnit(store, { endpointId: 'badcp-1', mode: 'INCREMENTAL' });
		const dataset = MemoryDataset.generate(29, 10);
		expect((await runIngestionUnit(fixture, depsFor(dataset))).status).toBe('SUCCEEDED');
		await store.sequelize.query(`UPDATE ingestion_unit_states SET checkpoint = '{"cursor": 5}' WHERE endpoint_id = 'badcp-1'`);
		const queued = await insertRun(fixture, 'QUEUED');
		const result = await runIngestionUnit({ ...fixture, runId: queued }, depsFor(dataset));
		expect(result).toMatchObject({
			status: 'FAILED',
			runId: queued,
			error: 'The stored checkpoint of this unit has an unknown format: reset it (set it to null) to read from the beginning',
			stats: { recordsRead: 0 },
		});
		expect(await unitState(store, 'badcp-1')).toMatchObject({ checkpoint: { cursor: 5 }, leaseOwner: null, lastStatus: 'FAILED' });
		expect((await store.models.IngestionRun.findByPk(queued))?.checkpointBefore).toEqual({ cursor: 5 });
		expect(await readRaw(store, 'badcp-1')).toHaveLength(10);
	});

	it('stops between pages when cancelled: FAILED, committed pages and their checkpoint kept, lease released', async () => {
		const fixture = await seedUnit(store, { endpointId: 'cancel-1', mode: 'INCREMENTAL' });
		const dataset = MemoryDataset.generate(27, 100);
		const controller = new AbortController();
		const result = await runIngestionUnit(
			fixture,
			depsFor(dataset, { pageSize: 10 }, { signal: controller.signal, onProgress: (p) => p.pages === 3 && controller.abort() }),
		);
		expect(result).toMatchObject({ status: 'FAILED', error: 'The run was cancelled', stats: { pages: 3, recordsRead: 30 } });
		expect(await readRaw(store, 'cancel-1')).toHaveLength(30);
		expect(await unitState(store, 'cancel-1')).toMatchObject({ lastStatus: 'FAILED', lastError: 'The run was cancelled', leaseOwner: null });
		const resumed = await runIngestionUnit(fixture, depsFor(dataset, { pageSize: 10 }));
		expect(resumed.stats.recordsRead).toBe(70);
		expect(await readRaw(store, 'cancel-1')).toHaveLength(100);
	});
});
