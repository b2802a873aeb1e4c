import { closeCachedStores } from '../../src/n8n/store-pool';
import type { Store } from '../../src/store';
import { runWorkflow, shutdownN8n } from '../helpers/n8n-harness';
import { credentialsFor, packageNode, single } from '../helpers/n8n-fixtures';
import { seedJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('Ingestion Config node (in n8n WorkflowExecute)', () => {
	let ts: TestStore;
	let store: Store;

	beforeAll(async () => {
		ts = await openTestStore('n8n_config');
		store = ts.store;
		await seedJiraEndpoint(store, 'jira-cfg');
	});
	afterAll(async () => {
		await closeCachedStores();
		await ts.cleanup();
		shutdownN8n();
	});

	const run = (parameters: Record<string, unknown>, extra = {}) =>
		runWorkflow(single(packageNode('Ingestion Config', 'ingestionConfig', parameters as never, extra)), {
			credentials: credentialsFor(ts.database.url),
			startAt: 'Ingestion Config',
		});

	it('gets the defaults of an unconfigured unit', async () => {
		const result = await run({ operation: 'get', endpointId: 'jira-cfg', unitId: 'jira.issues' });
		expect(result.status).toBe('success');
		expect(result.json('Ingestion Config')).toEqual([
			expect.objectContaining({
				configured: false,
				id: null,
				endpointId: 'jira-cfg',
				unitId: 'jira.issues',
				mode: 'INCREMENTAL',
				sinkId: 'warehouse',
				scheduleKind: 'MANUAL',
				dataMode: 'RAW',
				policy: { primaryKeys: ['id'], cursorField: 'updated', lookbackMinutes: 5 },
			}),
		]);
	});

	it('upserts with the config service validation, then gets and lists what was stored', async () => {
		const upsert = await run({
			operation: 'upsert',
			endpointId: 'jira-cfg',
			unitId: 'jira.issues',
			configFields: { scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 30, policy: '{"filters":{"projects":["ENG"]}}' },
		});
		expect(upsert.status).toBe('success');
		const [created] = upsert.json('Ingestion Config');
		expect(created).toEqual(
			expect.objectContaining({ created: true, configured: true, scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 30, enabled: true }),
		);
		expect(created.policy).toEqual(expect.objectContaining({ filters: { projects: ['ENG'] }, primaryKeys: ['id'] }));

		const again = await run({ operation: 'upsert', endpointId: 'jira-cfg', unitId: 'jira.issues', configFields: { enabled: false } });
		expect(again.json('Ingestion Config')[0]).toEqual(expect.objectContaining({ created: false, enabled: false, scheduleIntervalMinutes: 30 }));

		const got = await run({ operation: 'get', endpointId: 'jira-cfg', unitId: 'jira.issues' });
		expect(got.json('Ingestion Config')[0]).toEqual(expect.objectContaining({ configured: true, id: created.id, enabled: false }));

		const listed = await run({ operation: 'getAll', endpointId: 'jira-cfg' });
		expect(listed.json('Ingestion Config').map((config) => config.unitId)).toEqual(['jira.issues']);
		const all = await run({ operation: 'getAll', endpointId: 'jira-cfg', includeUnconfigured: true });
		expect(all.json('Ingestion Config').map((config) => [config.unitId, config.configured])).toEqual([
			['jira.comments', false],
			['jira.issues', true],
			['jira.projects', false],
			['jira.users', false],
			['jira.worklogs', false],
		]);
	});

	it('turns a validation error into a NodeOperationError naming the field, and writes nothing', async () => {
		const before = await store.models.IngestionUnitConfig.count();
		const result = await run({
			operation: 'upsert',
			endpointId: 'jira-cfg',
			unitId: 'jira.users',
			configFields: { mode: 'INCREMENTAL' },
		});
		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/mode/);
		expect((result.error as { description?: string }).description).toBe('The field at fault is "mode".');
		expect(await store.models.IngestionUnitConfig.count()).toBe(before);

		const badJson = await run({ operation: 'upsert', endpointId: 'jira-cfg', unitId: 'jira.users', configFields: { policy: '{nope' } });
		expect(badJson.error?.message).toBe('policy is not valid JSON');
	});

	it('with Continue On Fail, outputs the error of the failing item and goes on with the others', async () => {
		const node = packageNode(
			'Ingestion Config',
			'ingestionConfig',
			{ operation: 'get', endpointId: '={{ $json.endpointId }}', unitId: '={{ $json.unitId }}' },
			{ onError: 'continueRegularOutput' },
		);
		const result = await runWorkflow(single(node), {
			credentials: credentialsFor(ts.database.url),
			startAt: 'Ingestion Config',
			input: [{ json: { endpointId: 'jira-cfg', unitId: 'jira.nope' } }, { json: { endpointId: 'jira-cfg', unitId: 'jira.projects' } }],
		});
		expect(result.status).toBe('success');
		const items = result.items('Ingestion Config');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.error).toMatch(/unitId: "jira.nope" is not an ingestion unit of endpoint "jira-cfg"/);
		expect(items[0].json.description).toBe('The field at fault is "unitId".');
		expect(items[1].json).toEqual(expect.objectContaining({ unitId: 'jira.projects', mode: 'FULL', configured: false }));
	});
});
