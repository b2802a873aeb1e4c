import { countStatements } from '../../src/store/statement-counter';
import { startTestBridge, type TestBridge } from '../helpers/bridge';
import { seedJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

const ALL_MODELS = ['cdm.work.project', 'cdm.work.user', 'cdm.work.item', 'cdm.work.comment', 'cdm.work.worklog'];

describe('Endpoint.supportedDataModes and Endpoint.cdmModels (what a sink accepts and has provisioned)', () => {
	let ctx: TestStore;
	let bridge: TestBridge;

	beforeAll(async () => {
		ctx = await openTestStore('bridge_sink_fields');
		await seedJiraEndpoint(ctx.store, 'jira-s', { datasets: ['jira.issues'] });
		// A sink that accepts both modes and lists one model, and one that lists a model it lacks a table for.
		await ctx.store.models.MetadataEndpoint.create({
			id: 'lake',
			templateId: 'cdm.jdbc',
			family: 'SINK',
			name: 'Lake',
			capabilities: { supports_raw: true, supports_cdm_work: true, supported_cdm_models: ['cdm.work.user', 42] },
		});
		bridge = await startTestBridge(ctx.store);
	});
	afterAll(async () => {
		await bridge?.close();
		await ctx.cleanup();
	});

	it('derives the data modes from the capabilities; sources accept none', async () => {
		const endpoints = await bridge.client.endpoints();
		const modes = Object.fromEntries(endpoints.map((e) => [e.id, e.supportedDataModes]));
		expect(modes).toEqual({ 'jira-s': [], warehouse: ['RAW'], cdm: ['CDM'], lake: ['RAW', 'CDM'] });
	});

	it('lists every model of a CDM sink as unprovisioned until provisionCdmSink registers its table', async () => {
		const before = await bridge.client.endpoint('cdm');
		expect(before?.cdmModels).toEqual(ALL_MODELS.map((cdmModelId) => ({ cdmModelId, provisioned: false, physicalLocation: null })));
		expect((await bridge.client.endpoint('warehouse'))?.cdmModels).toEqual([]);
		expect((await bridge.client.endpoint('jira-s'))?.cdmModels).toEqual([]);

		await bridge.client.provisionCdmSink({ sinkEndpointId: 'cdm', cdmModelId: 'cdm.work.item' });
		const after = await bridge.client.endpoint('cdm');
		expect(after?.cdmModels.filter((m) => m.provisioned)).toEqual([
			{ cdmModelId: 'cdm.work.item', provisioned: true, physicalLocation: 'cdm_work.cdm_work_item' },
		]);
		expect(after?.cdmModels.map((m) => m.cdmModelId)).toEqual(ALL_MODELS);
	});

	it('ignores non-string listed models and still shows a provisioned model the sink no longer lists', async () => {
		await ctx.store.models.CatalogDataset.create({
			endpointId: 'lake',
			datasetId: 'cdm.work.project',
			name: 'cdm_work_project',
			kind: 'CDM_TABLE',
			domain: 'cdm.work',
			physicalLocation: 'lake_cdm.cdm_work_project',
		});
		expect((await bridge.client.endpoint('lake'))?.cdmModels).toEqual([
			{ cdmModelId: 'cdm.work.user', provisioned: false, physicalLocation: null },
			{ cdmModelId: 'cdm.work.project', provisioned: true, physicalLocation: 'lake_cdm.cdm_work_project' },
		]);
	});

	it('reads the provisioned tables of all sinks in one statement', async () => {
		const counter = countStatements(ctx.store.sequelize);
		try {
			await bridge.client.request('{ endpoints { id cdmModels { cdmModelId provisioned } } }');
			// the endpoints, then the CDM tables of every sink at once
			expect(counter.count).toBe(2);
		} finally {
			counter.stop();
		}
	});
});
