import { Client } from 'pg';

import { runIngestionUnit } from '../../src/ingestion/run-unit';
import type { Store } from '../../src/store';
import { byId, liveRows, rawTableOf, readRaw, seedUnit } from '../helpers/engine-fixtures';
import { MemoryDataset, MemorySource } from '../helpers/memory-source';
import { openTestStore, type TestStore } from '../helpers/test-database';

interface Observation {
	n: number;
	runs: number;
	run: string | null;
}

describe('FULL swap', () => {
	let ctx: TestStore;
	let store: Store;

	beforeAll(async () => {
		ctx = await openTestStore('full_swap');
		store = ctx.store;
	});
	afterAll(() => ctx.cleanup());

	it('concurrent readers see the old table or the new one, never a half-loaded or missing table', async () => {
		const fixture = await seedUnit(store, { endpointId: 'swap1', mode: 'FULL' });
		const dataset = MemoryDataset.generate(41, 2000);
		const deps = (beforePage?: () => Promise<void>) => ({
			store,
			workerId: 'swap-test',
			sourceFactory: () => new MemorySource(dataset, { pageSize: 100, beforePage }),
		});
		const first = await runIngestionUnit(fixture, deps());
		expect(first.status).toBe('SUCCEEDED');

		dataset.update(2000);
		dataset.insert(300);
		dataset.delete(100);
		const table = rawTableOf('swap1');
		const readers = await Promise.all(
			[0, 1, 2].map(async () => {
				const client = new Client({ connectionString: ctx.database.url });
				await client.connect();
				return client;
			}),
		);
		const observations: Observation[][] = readers.map(() => []);
		const errors: unknown[] = [];
		let reading = true;
		const loops = readers.map(async (client, i) => {
			while (reading) {
				try {
					// One reader holds its snapshot a little while, so the swap has to wait for it.
					const sleep = i === 0 ? ', pg_sleep(0.05)' : '';
					const { rows } = await client.query<Observation>(
						`SELECT count(*)::int AS n, count(DISTINCT run_id)::int AS runs, min(run_id::text) AS run FROM ${table}${sleep}`,
					);
					observations[i].push(rows[0]);
				} catch (error) {
					errors.push(error);
				}
			}
		});
		const second = await runIngestionUnit(fixture, deps(() => new Promise((resolve) => setTimeout(resolve, 5))));
		// Keep reading a moment after the swap.
		await new Promise((resolve) => setTimeout(resolve, 200));
		reading = false;
		await Promise.all(loops);
		await Promise.all(readers.map((client) => client.end()));

		expect(second.status).toBe('SUCCEEDED');
		expect(errors).toEqual([]);
		const valid = (o: Observation) =>
			o.runs === 1 && ((o.run === first.runId && o.n === 2000) || (o.run === second.runId && o.n === 2200));
		for (const sequence of observations) {
			expect(sequence.length).toBeGreaterThan(0);
			expect(sequence.filter((o) => !valid(o))).toEqual([]);
			// Each reader saw the old table while the load ran and the new one after; once new, never old again.
			const seen = sequence.map((o) => (o.run === first.runId ? 'old' : 'new'));
			expect(seen[0]).toBe('old');
			expect(seen[seen.length - 1]).toBe('new');
			expect(seen.slice(seen.indexOf('new'))).not.toContain('old');
		}
		expect(liveRows(await readRaw(store, 'swap1'))).toEqual(byId(dataset.snapshot()));
	});

	it('a FULL run that fails leaves the old table as it was and drops its staging table', async () => {
		const fixture = await seedUnit(store, { endpointId: 'swap2', mode: 'FULL' });
		const dataset = MemoryDataset.generate(42, 300);
		expect((await runIngestionUnit(fixture, { store, sourceFactory: () => new MemorySource(dataset) })).status).toBe('SUCCEEDED');
		const before = await readRaw(store, 'swap2');
		dataset.update(300);
		const failed = await runIngestionUnit(fixture, {
			store,
			sourceFactory: () =>
				new MemorySource(dataset, {
					beforePage: (n) => {
						if (n === 4) throw new Error('connection reset by Jira');
					},
				}),
		});
		expect(failed).toMatchObject({ status: 'FAILED', error: 'connection reset by Jira', stats: { pages: 3 } });
		expect(await readRaw(store, 'swap2')).toEqual(before);
		const [staging] = await store.sequelize.query(`SELECT to_regclass('ingest_raw.swap2__jira_issues__stg') AS present`);
		expect(staging).toEqual([{ present: null }]);
		// The checkpoint did not move: FULL publishes it only with the swap (its progress is kept apart).
		expect(failed.checkpoint).toMatchObject({ source: expect.anything(), full: { runId: failed.runId, pages: 3 } });
		expect(failed.checkpoint?.source).toEqual((await store.models.IngestionRun.findAll({ where: { endpointId: 'swap2', status: 'SUCCEEDED' } }))[0].checkpointAfter?.source);
	});

	it('keeps a view on the raw table working across FULL runs', async () => {
		const fixture = await seedUnit(store, { endpointId: 'swap3', mode: 'FULL' });
		const dataset = MemoryDataset.generate(43, 50);
		const deps = { store, sourceFactory: () => new MemorySource(dataset) };
		expect((await runIngestionUnit(fixture, deps)).status).toBe('SUCCEEDED');
		await store.sequelize.query(`CREATE VIEW public.swap3_issues AS SELECT pk_id, record->>'key' AS key FROM ${rawTableOf('swap3')}`);
		dataset.insert(10);
		dataset.delete(5);
		expect((await runIngestionUnit(fixture, deps)).status).toBe('SUCCEEDED');
		const [rows] = await store.sequelize.query('SELECT count(*)::int AS n FROM public.swap3_issues');
		expect(rows).toEqual([{ n: 55 }]);
		expect(liveRows(await readRaw(store, 'swap3'))).toEqual(byId(dataset.snapshot()));
	});
});
