import { QueryTypes } from 'sequelize';

import type { RunUnitDeps } from '../../src/ingestion/run-session';
import { runIngestionUnit } from '../../src/ingestion/run-unit';
import type { UnitSink, UnitSinkContext } from '../../src/ingestion/sink';
import type { Store } from '../../src/store';
import { seedUnit } from '../helpers/engine-fixtures';
import { MemoryDataset, MemorySource } from '../helpers/memory-source';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('sink preflight and CDM data mode', () => {
	let ctx: TestStore;
	let store: Store;
	const dataset = MemoryDataset.generate(51, 40);
	let sourcesMade = 0;
	let preflightCase = 0;

	beforeAll(async () => {
		ctx = await openTestStore('cdm_preflight');
		store = ctx.store;
	});
	afterAll(() => ctx.cleanup());

	const deps = (extra: Partial<RunUnitDeps> = {}): RunUnitDeps => ({
		store,
		sourceFactory: () => {
			sourcesMade += 1;
			return new MemorySource(dataset);
		},
		...extra,
	});

	const tablesIn = (schema: string) =>
		store.sequelize.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', {
			bind: [schema],
			type: QueryTypes.SELECT,
		});

	it('fails a CDM run at once when the model is not provisioned on the sink: no read, nothing written', async () => {
		const fixture = await seedUnit(store, { endpointId: 'cdm-1', mode: 'INCREMENTAL', sinkId: 'cdm', dataMode: 'CDM' });
		sourcesMade = 0;
		const result = await runIngestionUnit(fixture, deps());
		expect(result).toMatchObject({
			status: 'FAILED',
			error: 'CDM model cdm.work.item is not provisioned on sink "cdm": provision the sink first, then run the unit again (nothing was written)',
			stats: { recordsRead: 0, rowsWritten: 0, pages: 0 },
		});
		expect(sourcesMade).toBe(0);
		expect(await tablesIn('cdm_work')).toEqual([]);
		expect(await tablesIn('ingest_raw')).toEqual([]);
		expect(await store.models.IngestionRun.findByPk(result.runId)).toMatchObject({ status: 'FAILED', dataMode: 'CDM', error: result.error });
		expect(await store.models.IngestionUnitState.findOne({ where: { endpointId: 'cdm-1' } })).toMatchObject({
			lastStatus: 'FAILED',
			lastError: result.error,
			leaseOwner: null,
			checkpoint: null,
		});
	});

	it.each([
		['a CDM run into the raw warehouse', { sinkId: 'warehouse', dataMode: 'CDM' as const }, 'Sink "warehouse" (pg.raw) does not take CDM data'],
		['a RAW run into the CDM sink', { sinkId: 'cdm', dataMode: 'RAW' as const }, 'Sink "cdm" (cdm.jdbc) does not take RAW data'],
		[
			'a CDM model the sink does not list',
			{ sinkId: 'cdm', dataMode: 'CDM' as const, cdmModelId: 'cdm.work.sprint' },
			'Sink "cdm" does not list CDM model cdm.work.sprint; it lists: cdm.work.comment, cdm.work.item, cdm.work.project, cdm.work.user, cdm.work.worklog',
		],
		['an unknown sink', { sinkId: 'nowhere', dataMode: 'RAW' as const }, 'Sink "nowhere" does not exist'],
	])('fails %s before reading', async (_label, overrides, message) => {
		const fixture = await seedUnit(store, { endpointId: `pre-${++preflightCase}`, unitId: 'jira.users', mode: 'FULL', policy: { primaryKeys: ['accountId'] } });
		sourcesMade = 0;
		const result = await runIngestionUnit({ ...fixture, ...overrides }, deps());
		expect(result).toMatchObject({ status: 'FAILED', error: message });
		expect(sourcesMade).toBe(0);
	});

	it('runs a CDM unit through the injected CDM sink once the model is provisioned, page writes in the store transaction', async () => {
		const fixture = await seedUnit(store, { endpointId: 'cdm-2', mode: 'INCREMENTAL', sinkId: 'cdm', dataMode: 'CDM' });
		// A catalog row without its table (provisioning interrupted or the table dropped) fails cleanly in the writer.
		await store.models.CatalogDataset.create({ endpointId: 'cdm', datasetId: 'cdm.work.item', name: 'Work items', kind: 'CDM_TABLE' });
		const unwired = await runIngestionUnit(fixture, deps());
		expect(unwired).toMatchObject({
			status: 'FAILED',
			error: 'cdm.work.item is not provisioned on sink "cdm": run provisioning first (n8n-ingestion provision --sink cdm --model cdm.work.item)',
		});

		await store.sequelize.query('CREATE TABLE public.cdm_pages (run_id uuid, model text, page int, n int)');
		const contexts: UnitSinkContext[] = [];
		const sink = (context: UnitSinkContext): UnitSink => {
			contexts.push(context);
			return {
				begin: async () => undefined,
				writePage: async (records, page) => {
					await page.client.query('INSERT INTO public.cdm_pages VALUES ($1, $2, $3, $4)', [page.runId, context.cdmModelId, page.pageNumber, records.length]);
					return { rowsWritten: records.length };
				},
				finish: async () => ({ rowsWritten: 0 }),
			};
		};
		const result = await runIngestionUnit(fixture, deps({ sinkFactory: sink }));
		expect(result).toMatchObject({ status: 'SUCCEEDED', stats: { recordsRead: 40, rowsWritten: 40 } });
		// The model defaults to the unit's (jira.issues → cdm.work.item).
		expect(contexts[0]).toMatchObject({ dataMode: 'CDM', cdmModelId: 'cdm.work.item', endpointId: 'cdm-2', unitId: 'jira.issues' });
		expect((await store.models.IngestionRun.findByPk(result.runId))?.cdmModelId).toBe('cdm.work.item');
		const [pages] = await store.sequelize.query('SELECT page, n, model FROM public.cdm_pages ORDER BY page');
		expect(pages).toEqual([{ page: 1, n: 40, model: 'cdm.work.item' }]);
	});
});
