import { deleteEndpoint, upsertConfig } from '../../src/ingestion';
import { datasetLogicalKey, ingestionUnitLogicalId } from '../../src/kb/logical-keys';
import { seedJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('KB emission of ingestion unit configs', () => {
	let ctx: TestStore;

	beforeAll(async () => {
		ctx = await openTestStore('kb_units');
	});
	afterAll(() => ctx.cleanup());

	async function kbOf(endpointId: string) {
		const nodes = await ctx.store.models.KbNode.findAll({ where: { endpointId }, order: [['logicalId', 'ASC']], raw: true });
		const edges = await ctx.store.models.KbEdge.findAll({
			where: { fromNodeId: nodes.map((n) => n.id) },
			order: [['toLogicalKey', 'ASC']],
			raw: true,
		});
		return { nodes, edges };
	}

	it('keys nodes and edges by endpoint and unit / dataset', () => {
		expect(ingestionUnitLogicalId('jira-prod', 'jira.issues')).toBe('ingestion::jira-prod::jira.issues');
		expect(datasetLogicalKey('jira-prod', 'jira.issues')).toBe('jira-prod::jira.issues');
	});

	it('one node and one CONFIGURES edge per configured unit; deleting the endpoint removes them and nothing else', async () => {
		await seedJiraEndpoint(ctx.store, 'kb-a');
		await seedJiraEndpoint(ctx.store, 'kb-b', { datasets: ['jira.issues'] });
		for (const unitId of ['jira.issues', 'jira.projects']) await upsertConfig(ctx.store, { endpointId: 'kb-a', unitId });
		await upsertConfig(ctx.store, { endpointId: 'kb-a', unitId: 'jira.issues', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 20 });
		await upsertConfig(ctx.store, { endpointId: 'kb-b', unitId: 'jira.issues' });

		const a = await kbOf('kb-a');
		expect(a.nodes.map((n) => [n.entityType, n.logicalId, n.scope])).toEqual([
			['ingestion.unit', 'ingestion::kb-a::jira.issues', 'global'],
			['ingestion.unit', 'ingestion::kb-a::jira.projects', 'global'],
		]);
		expect(a.nodes[0].payload).toMatchObject({ scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 20 });
		expect(a.edges.map((e) => [e.edgeType, e.toLogicalKey])).toEqual([
			['CONFIGURES', 'kb-a::jira.issues'],
			['CONFIGURES', 'kb-a::jira.projects'],
		]);

		await deleteEndpoint(ctx.store, 'kb-a');
		expect(await kbOf('kb-a')).toEqual({ nodes: [], edges: [] });
		expect(await ctx.store.models.KbEdge.count({ where: { toLogicalKey: ['kb-a::jira.issues', 'kb-a::jira.projects'] } })).toBe(0);
		const b = await kbOf('kb-b');
		expect([b.nodes.length, b.edges.length]).toEqual([1, 1]);
	});

	it('a sink still written to cannot be deleted', async () => {
		await expect(deleteEndpoint(ctx.store, 'warehouse')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'endpointId' });
		await expect(deleteEndpoint(ctx.store, 'ghost')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
