import { openTestStore, type TestStore } from '../helpers/test-database';

describe('deleting an endpoint', () => {
	let ctx: TestStore;

	beforeAll(async () => {
		ctx = await openTestStore('cascade');
	});
	afterAll(() => ctx.cleanup());

	async function seedEndpoint(id: string) {
		const { models } = ctx.store;
		await models.MetadataEndpoint.create({ id, templateId: 'jira.cloud', family: 'SOURCE', name: id });
		const dataset = await models.CatalogDataset.create({ endpointId: id, datasetId: 'jira.issues', name: 'Issues', kind: 'ENTITY' });
		const config = await models.IngestionUnitConfig.create({
			endpointId: id,
			datasetId: dataset.id,
			unitId: 'jira.issues',
			mode: 'INCREMENTAL',
			sinkId: 'warehouse',
		});
		const run = await models.IngestionRun.create({
			endpointId: id,
			unitId: 'jira.issues',
			configId: config.id,
			trigger: 'MANUAL',
			mode: 'INCREMENTAL',
			sinkId: 'warehouse',
		});
		await models.IngestionUnitState.create({
			configId: config.id,
			endpointId: id,
			unitId: 'jira.issues',
			checkpoint: { cursor: '2024-01-01T00:00:00Z' },
			lastRunId: run.id,
			lastStatus: 'QUEUED',
		});
		const node = await models.KbNode.create({
			entityType: 'ingestion.unit',
			logicalId: `ingestion::${id}::jira.issues`,
			endpointId: id,
			payload: { mode: 'INCREMENTAL' },
		});
		await models.KbEdge.create({ fromNodeId: node.id, edgeType: 'CONFIGURES', toLogicalKey: `${id}::jira.issues` });
	}

	async function countsFor(id: string) {
		const { models } = ctx.store;
		const where = { endpointId: id };
		return {
			datasets: await models.CatalogDataset.count({ where }),
			configs: await models.IngestionUnitConfig.count({ where }),
			states: await models.IngestionUnitState.count({ where }),
			runs: await models.IngestionRun.count({ where }),
			kbNodes: await models.KbNode.count({ where }),
			kbEdges: await models.KbEdge.count({ where: { toLogicalKey: `${id}::jira.issues` } }),
		};
	}

	it('removes its configs, catalog rows, states, runs and KB entries, and nothing of other endpoints', async () => {
		await seedEndpoint('jira-a');
		await seedEndpoint('jira-b');
		const full = { datasets: 1, configs: 1, states: 1, runs: 1, kbNodes: 1, kbEdges: 1 };
		expect(await countsFor('jira-a')).toEqual(full);

		await ctx.store.models.MetadataEndpoint.destroy({ where: { id: 'jira-a' } });

		expect(await countsFor('jira-a')).toEqual({ datasets: 0, configs: 0, states: 0, runs: 0, kbNodes: 0, kbEdges: 0 });
		expect(await countsFor('jira-b')).toEqual(full);
		expect(await ctx.store.models.MetadataEndpoint.count({ where: { id: ['warehouse', 'cdm'] } })).toBe(2);
	});
});
