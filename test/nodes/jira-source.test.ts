import { QueryTypes } from 'sequelize';

import { upsertConfig } from '../../src/ingestion/config-service';
import type { JiraSimulator } from '../../src/jira-simulator';
import { closeCachedStores } from '../../src/n8n/store-pool';
import type { Store } from '../../src/store';
import { SIMULATOR_CREDENTIALS, startSimulator } from '../helpers/jira';
import { runWorkflow, shutdownN8n, type Credentials } from '../helpers/n8n-harness';
import { addSimulatorEndpoint, credentialsFor, jiraCredential, packageNode, single, storeCredential } from '../helpers/n8n-fixtures';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('Jira Source node (in n8n WorkflowExecute, Jira simulator)', () => {
	let ts: TestStore;
	let store: Store;
	let sim: JiraSimulator;
	let other: JiraSimulator;

	beforeAll(async () => {
		ts = await openTestStore('n8n_jira_source');
		store = ts.store;
		[sim, other] = await Promise.all([startSimulator({ seed: 5, issues: 30 }), startSimulator({ seed: 6, issues: 3 })]);
		await addSimulatorEndpoint(store, 'jira-src', sim);
	});
	afterAll(async () => {
		await closeCachedStores();
		await Promise.all([sim.stop(), other.stop()]);
		await ts.cleanup();
		shutdownN8n();
	});

	const run = (parameters: Record<string, unknown>, options: { credentials?: Credentials; extra?: object } = {}) =>
		runWorkflow(single(packageNode('Jira Source', 'jiraSource', parameters as never, options.extra)), {
			credentials: options.credentials ?? credentialsFor(ts.database.url, sim),
			startAt: 'Jira Source',
		});

	it('collects the metadata into the catalog, then lists the units it defines', async () => {
		const collected = await run({ operation: 'collectMetadata', endpointId: 'jira-src' });
		expect(collected.status).toBe('success');
		const [report] = collected.json('Jira Source');
		expect(report.endpointId).toBe('jira-src');
		expect((report.datasets as Array<{ datasetId: string }>).map((dataset) => dataset.datasetId).sort()).toEqual([
			'jira.api_surface',
			'jira.comments',
			'jira.issue_types',
			'jira.issues',
			'jira.priorities',
			'jira.projects',
			'jira.statuses',
			'jira.users',
			'jira.worklogs',
		]);
		expect((report.requests as { requests: number }).requests).toBeGreaterThan(0);

		const listed = await run({ operation: 'listUnits', endpointId: 'jira-src' });
		expect(listed.json('Jira Source').map((unit) => [unit.unitId, unit.defaultMode, unit.cdmModelId])).toEqual([
			['jira.comments', 'INCREMENTAL', 'cdm.work.comment'],
			['jira.issues', 'INCREMENTAL', 'cdm.work.item'],
			['jira.projects', 'FULL', 'cdm.work.project'],
			['jira.users', 'FULL', 'cdm.work.user'],
			['jira.worklogs', 'INCREMENTAL', 'cdm.work.worklog'],
		]);
		expect(listed.items('Jira Source').every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('reads records of a unit as items with a limit and continues from a cursor, never moving the stored checkpoint', async () => {
		await upsertConfig(store, { endpointId: 'jira-src', unitId: 'jira.issues', policy: { pageSize: 10 } });
		const first = await run({ operation: 'readUnit', endpointId: 'jira-src', unitId: 'jira.issues', startFrom: 'beginning', limit: 10, output: 'summary' });
		expect(first.status).toBe('success');
		const [summary] = first.json('Jira Source') as Array<{ records: Array<{ id: string; key: string }>; nextCursor: unknown; complete: boolean; startCursor: unknown }>;
		expect(summary.records).toHaveLength(10);
		expect(summary.startCursor).toBeNull();
		expect(summary.complete).toBe(false);
		expect(summary.nextCursor).toEqual(expect.objectContaining({ updatedMs: expect.any(Number) }));

		const next = await run({
			operation: 'readUnit',
			endpointId: 'jira-src',
			unitId: 'jira.issues',
			startFrom: 'cursor',
			cursor: JSON.stringify(summary.nextCursor),
			limit: 50,
		});
		const records = next.json('Jira Source') as Array<{ id: string }>;
		expect(records).toHaveLength(20);
		const ids = new Set([...summary.records.map((record) => record.id), ...records.map((record) => record.id)]);
		expect(ids.size).toBe(30);

		const fromCheckpoint = await run({ operation: 'readUnit', endpointId: 'jira-src', unitId: 'jira.issues', startFrom: 'checkpoint', limit: 5 });
		expect(fromCheckpoint.json('Jira Source')).toHaveLength(5);
		const states = await store.sequelize.query<{ checkpoint: unknown }>(
			`SELECT checkpoint FROM ingestion_unit_states WHERE endpoint_id = 'jira-src'`,
			{ type: QueryTypes.SELECT },
		);
		expect(states).toEqual([]);
		expect(await store.models.IngestionRun.count()).toBe(0);
	});

	it("refuses a credential of another Jira site, and never sends or shows that site's token", async () => {
		const credentials = { ingestionStoreApi: storeCredential(ts.database.url), jiraIngestionApi: { ...jiraCredential(other), apiToken: 'other-site-secret-token' } };
		const requestsBefore = sim.control.totalRequests();
		const result = await run({ operation: 'readUnit', endpointId: 'jira-src', unitId: 'jira.projects', startFrom: 'beginning', limit: 5 }, { credentials });
		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(`The Jira credential is for ${other.url}, but endpoint "jira-src" reads ${sim.url}: choose the credential of that site`);
		expect(JSON.stringify(result.run.data)).not.toContain('other-site-secret-token');
		expect(sim.control.totalRequests()).toBe(requestsBefore);
	});

	it('reports a wrong token as a NodeApiError (HTTP 401) without the token, and goes on with Continue On Fail', async () => {
		const credentials = { ingestionStoreApi: storeCredential(ts.database.url), jiraIngestionApi: { ...jiraCredential(sim), apiToken: 'wrong-token-abcdef' } };
		const failed = await run({ operation: 'collectMetadata', endpointId: 'jira-src' }, { credentials });
		expect(failed.status).toBe('error');
		expect(failed.error?.name).toBe('NodeApiError');
		expect(failed.error?.message).toMatch(/HTTP 401/);
		expect((failed.error as { httpCode?: string }).httpCode).toBe('401');
		expect((failed.error as { description?: string }).description).toMatch(/Check the Jira Ingestion credential/);
		expect(JSON.stringify(failed.run.data)).not.toContain('wrong-token-abcdef');
		expect(JSON.stringify(failed.run.data)).not.toContain(Buffer.from(`${SIMULATOR_CREDENTIALS.email}:wrong-token-abcdef`).toString('base64'));

		const node = packageNode('Jira Source', 'jiraSource', { operation: 'collectMetadata', endpointId: '={{ $json.endpointId }}' }, { onError: 'continueRegularOutput' });
		const continued = await runWorkflow(single(node), {
			credentials: credentialsFor(ts.database.url, sim),
			startAt: 'Jira Source',
			input: [{ json: { endpointId: 'jira-missing' } }, { json: { endpointId: 'jira-src' } }],
		});
		expect(continued.status).toBe('success');
		const items = continued.items('Jira Source');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.error).toMatch(/^No endpoint "jira-missing"/);
		expect(items[1].json).toEqual(expect.objectContaining({ endpointId: 'jira-src' }));
	});
});
