import { QueryTypes } from 'sequelize';

import { JiraMetadataSubsystem } from '../../src/jira/metadata-subsystem';
import type { JiraSimulator } from '../../src/jira-simulator';
import { closeCachedStores } from '../../src/n8n/store-pool';
import type { Store } from '../../src/store';
import { SIMULATOR_CREDENTIALS, startSimulator } from '../helpers/jira';
import { runWorkflow, shutdownN8n } from '../helpers/n8n-harness';
import { addSimulatorEndpoint, credentialsFor, packageNode, single } from '../helpers/n8n-fixtures';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('CDM Sink node (in n8n WorkflowExecute)', () => {
	let ts: TestStore;
	let store: Store;
	let sim: JiraSimulator;

	beforeAll(async () => {
		ts = await openTestStore('n8n_cdm_sink');
		store = ts.store;
		sim = await startSimulator({ seed: 9, issues: 25 });
		await addSimulatorEndpoint(store, 'jira-cdm', sim);
		await new JiraMetadataSubsystem(store, { auth: { kind: 'basic', email: SIMULATOR_CREDENTIALS.email, apiToken: SIMULATOR_CREDENTIALS.apiToken } }).collect('jira-cdm');
	});
	afterAll(async () => {
		await closeCachedStores();
		await sim.stop();
		await ts.cleanup();
		shutdownN8n();
	});

	const count = async (table: string) =>
		(await store.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM cdm_work.${table}`, { type: QueryTypes.SELECT }))[0].n;

	const project = (id: string, extra: Record<string, unknown> = {}) => ({
		cdm_id: `jira:manual:project:${id}`,
		source_system: 'jira',
		source_project_id: id,
		project_key: `P${id}`,
		name: `Project ${id}`,
		description: null,
		lead_cdm_id: null,
		url: null,
		project_type: 'software',
		category: null,
		is_private: false,
		is_archived: false,
		updated_at: '2031-01-01T00:00:00.000Z',
		properties: {},
		...extra,
	});

	it('provisions one model, idempotently, then every model of the sink', async () => {
		const run = (parameters: Record<string, unknown>) =>
			runWorkflow(single(packageNode('CDM Sink', 'cdmSink', parameters as never)), { credentials: credentialsFor(ts.database.url), startAt: 'CDM Sink' });
		const first = await run({ operation: 'provisionModel', sinkId: 'cdm', cdmModelId: 'cdm.work.project' });
		expect(first.status).toBe('success');
		expect(first.json('CDM Sink')).toEqual([
			expect.objectContaining({ sinkEndpointId: 'cdm', cdmModelId: 'cdm.work.project', physicalLocation: 'cdm_work.cdm_work_project', created: true }),
		]);
		const again = await run({ operation: 'provisionModel', sinkId: 'cdm', cdmModelId: 'cdm.work.project' });
		expect(again.json('CDM Sink')).toEqual([expect.objectContaining({ created: false })]);
		const all = await run({ operation: 'provisionModel', sinkId: 'cdm', allModels: true });
		expect(all.json('CDM Sink').map((result) => [result.cdmModelId, result.created])).toEqual([
			['cdm.work.project', false],
			['cdm.work.user', true],
			['cdm.work.item', true],
			['cdm.work.comment', true],
			['cdm.work.worklog', true],
		]);
	});

	it('writes Jira records read by the Jira Source node through the model mapper, in batches', async () => {
		const reader = packageNode('Read Issues', 'jiraSource', { operation: 'readUnit', endpointId: 'jira-cdm', unitId: 'jira.issues', startFrom: 'beginning', limit: 100 });
		const sink = packageNode('CDM Sink', 'cdmSink', {
			operation: 'writeRows',
			sinkId: 'cdm',
			cdmModelId: 'cdm.work.item',
			inputFormat: 'jiraRecords',
			endpointId: 'jira-cdm',
			batchSize: 10,
		});
		const result = await runWorkflow(
			{ nodes: [reader, sink], connections: { 'Read Issues': { main: [[{ node: 'CDM Sink', type: 'main', index: 0 }]] } } },
			{ credentials: credentialsFor(ts.database.url, sim), startAt: 'Read Issues' },
		);
		expect(result.status).toBe('success');
		expect(result.json('Read Issues')).toHaveLength(25);
		const [summary] = result.items('CDM Sink');
		expect(summary.json).toEqual(
			expect.objectContaining({ sinkId: 'cdm', cdmModelId: 'cdm.work.item', sourceEndpointId: 'jira-cdm', received: 25, inserted: 25, batches: 3, rejected: 0 }),
		);
		expect(summary.pairedItem).toHaveLength(25);
		expect(await count('cdm_work_item')).toBe(25);
		const [row] = await store.sequelize.query<{ cdm_id: string; source_endpoint_id: string }>(
			'SELECT cdm_id, source_endpoint_id FROM cdm_work.cdm_work_item ORDER BY cdm_id LIMIT 1',
			{ type: QueryTypes.SELECT },
		);
		expect(row.cdm_id).toMatch(/^jira:jira-cdm:issue:/);
		expect(row.source_endpoint_id).toBe('jira-cdm');
	});

	it('refuses a bad CDM row before writing anything, naming the item and field; with Continue On Fail it writes the others', async () => {
		const parameters = { operation: 'writeRows', sinkId: 'cdm', cdmModelId: 'cdm.work.project', inputFormat: 'cdmRows', endpointId: 'jira-cdm' };
		const input = [{ json: project('1') }, { json: project('2', { is_private: 'sometimes' }) }, { json: project('3') }];
		const before = await count('cdm_work_project');

		const failed = await runWorkflow(single(packageNode('CDM Sink', 'cdmSink', parameters)), { credentials: credentialsFor(ts.database.url), startAt: 'CDM Sink', input });
		expect(failed.status).toBe('error');
		expect(failed.error?.name).toBe('NodeOperationError');
		expect(failed.error?.message).toMatch(/^cdm\.work\.project row 1 \(cdm_id "jira:manual:project:2"\): field is_private/);
		expect((failed.error as { description?: string }).description).toBe('The row jira:manual:project:2 has an invalid "is_private" for cdm.work.project.');
		expect(await count('cdm_work_project')).toBe(before);

		const node = packageNode('CDM Sink', 'cdmSink', parameters, { onError: 'continueRegularOutput' });
		const continued = await runWorkflow(single(node), { credentials: credentialsFor(ts.database.url), startAt: 'CDM Sink', input });
		expect(continued.status).toBe('success');
		const items = continued.items('CDM Sink');
		expect(items[0].json).toEqual(expect.objectContaining({ received: 2, inserted: 2, rejected: 1 }));
		expect(items[0].pairedItem).toEqual([{ item: 0 }, { item: 2 }]);
		expect(items[1]).toEqual({ json: expect.objectContaining({ error: expect.stringMatching(/field is_private/) }), pairedItem: { item: 1 } });
		expect(await count('cdm_work_project')).toBe(before + 2);
	});
});
