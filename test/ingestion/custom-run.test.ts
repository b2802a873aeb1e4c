import { CustomRunFailedError, runCustomUnit, type CustomUnitPage } from '../../src/ingestion/custom-run';
import type { RunUnitDeps } from '../../src/ingestion/run-session';
import type { Store } from '../../src/store';
import { byId, readRaw, seedUnit, unitState } from '../helpers/engine-fixtures';
import { MemoryDataset, MemorySource, type MemoryRecord, type MemorySourceOptions } from '../helpers/memory-source';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('CUSTOM runs', () => {
	let ctx: TestStore;
	let store: Store;

	beforeAll(async () => {
		ctx = await openTestStore('custom_run');
		store = ctx.store;
	});
	afterAll(() => ctx.cleanup());

	const depsFor = (dataset: MemoryDataset, options: MemorySourceOptions = {}): RunUnitDeps => ({
		store,
		workerId: 'custom-test',
		sourceFactory: () => new MemorySource(dataset, { pageSize: 25, ...options }),
	});

	/** The caller's own store of records: what a user's flow would have received. */
	const received = new Map<string, MemoryRecord>();
	const take = (page: CustomUnitPage) => page.records.forEach((r) => received.set((r as unknown as MemoryRecord).id, r as unknown as MemoryRecord));

	it('hands pages to the caller, writes nothing, and advances the checkpoint only as pages are confirmed', async () => {
		const fixture = await seedUnit(store, { endpointId: 'custom-1', mode: 'CUSTOM' });
		const dataset = MemoryDataset.generate(31, 110);

		// First run: the caller confirms two pages, then stops.
		const first = runCustomUnit(fixture, depsFor(dataset));
		const checkpoints: unknown[] = [];
		const confirmedIds = new Set<string>();
		for await (const page of first) {
			take(page);
			if (page.pageNumber <= 2) {
				page.records.forEach((r) => confirmedIds.add((r as unknown as MemoryRecord).id));
				await page.confirm();
				checkpoints.push((await unitState(store, 'custom-1'))?.checkpoint);
			}
			if (page.pageNumber === 3) break;
		}
		const firstResult = await first.result;
		expect(firstResult).toMatchObject({ status: 'SUCCEEDED', stats: { pages: 3, recordsRead: 75, pagesConfirmed: 2, complete: false, rowsWritten: 0 } });
		expect(checkpoints[0]).not.toEqual(checkpoints[1]);
		expect(firstResult.checkpoint).toEqual(checkpoints[1]);
		expect(await readRaw(store, 'custom-1')).toEqual([]);

		// Second run: starts after the last confirmed page, so page 3 comes again; everything is confirmed.
		dataset.advance(10);
		const updated = dataset.update(10);
		const second = runCustomUnit(fixture, depsFor(dataset));
		let firstRecordOfSecondRun: string | undefined;
		for await (const page of second) {
			firstRecordOfSecondRun ??= (page.records[0] as unknown as MemoryRecord).id;
			take(page);
			await page.confirm();
			await page.confirm(); // confirming twice is harmless
		}
		const secondResult = await second.result;
		expect(secondResult).toMatchObject({ status: 'SUCCEEDED', stats: { complete: true } });
		expect(secondResult.stats.pagesConfirmed).toBe(secondResult.stats.pages);
		// Everything after the confirmed pages, plus the confirmed records that changed since.
		expect(secondResult.stats.recordsRead).toBe(110 - 50 + updated.filter((id) => confirmedIds.has(id)).length);
		expect(byId([...received.values()])).toEqual(byId(dataset.snapshot()));
		// The first record after the confirmed pages is the first the second run hands out.
		expect(confirmedIds.has(firstRecordOfSecondRun!)).toBe(false);
		expect(confirmedIds.size).toBe(50);
	});

	it('a page confirmed late still counts, an unconfirmed page does not; fail() ends the run FAILED', async () => {
		const fixture = await seedUnit(store, { endpointId: 'custom-2', mode: 'CUSTOM' });
		const dataset = MemoryDataset.generate(32, 60);
		const run = runCustomUnit(fixture, depsFor(dataset));
		const pages: CustomUnitPage[] = [];
		for await (const page of run) {
			pages.push(page);
			if (page.pageNumber === 2) {
				// Confirming page 1 after page 2 arrived is fine; then processing fails.
				await pages[0].confirm();
				await run.fail(new Error('the flow could not store the records'));
			}
		}
		const result = await run.result;
		expect(result).toMatchObject({ status: 'FAILED', error: 'the flow could not store the records', stats: { pagesConfirmed: 1 } });
		await expect(pages[1].confirm()).rejects.toThrow('Page 2 was confirmed after the run ended; its checkpoint was not stored');
		const state = await unitState(store, 'custom-2');
		expect(state).toMatchObject({ lastStatus: 'FAILED', leaseOwner: null });
		expect((state?.checkpoint as { source: { id: string } }).source.id).toBe((pages[0].records[24] as unknown as MemoryRecord).id);
	});

	it('throws from the loop when the source fails, with the run FAILED; a busy unit yields nothing and is SKIPPED', async () => {
		const fixture = await seedUnit(store, { endpointId: 'custom-3', mode: 'CUSTOM' });
		const dataset = MemoryDataset.generate(33, 60);
		const failing = runCustomUnit(
			fixture,
			depsFor(dataset, {
				beforePage: (n) => {
					if (n === 2) throw new Error('Jira answered 503');
				},
			}),
		);
		const seen: number[] = [];
		await expect(
			(async () => {
				for await (const page of failing) seen.push(page.pageNumber);
			})(),
		).rejects.toThrow(CustomRunFailedError);
		expect(seen).toEqual([1]);
		expect(await failing.result).toMatchObject({ status: 'FAILED', error: 'Jira answered 503' });

		await store.sequelize.query(
			`UPDATE ingestion_unit_states SET lease_owner = 'someone/else', lease_expires_at = now() + interval '1 minute' WHERE endpoint_id = 'custom-3'`,
		);
		const busy = runCustomUnit(fixture, depsFor(dataset));
		const pages: number[] = [];
		for await (const page of busy) pages.push(page.pageNumber);
		expect(pages).toEqual([]);
		expect((await busy.result).status).toBe('SKIPPED');
	});
});
