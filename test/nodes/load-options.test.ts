import { closeCachedStores } from '../../src/n8n/store-pool';
import { loadOptions, shutdownN8n } from '../helpers/n8n-harness';
import { credentialsFor, packageNode } from '../helpers/n8n-fixtures';
import { seedJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('load-options lists of the nodes (n8n-core LoadOptionsContext)', () => {
	let ts: TestStore;

	beforeAll(async () => {
		ts = await openTestStore('n8n_load_options');
		await seedJiraEndpoint(ts.store, 'jira-lo', { datasets: ['jira.issues', 'jira.users'] });
		await seedJiraEndpoint(ts.store, 'jira-empty', { datasets: [] });
	});
	afterAll(async () => {
		await closeCachedStores();
		await ts.cleanup();
		shutdownN8n();
	});

	const credentials = () => credentialsFor(ts.database.url);

	it('lists source endpoints, sinks, CDM sinks and the trigger scopes', async () => {
		const run = packageNode('Ingestion Run', 'ingestionRun', { source: 'chosen' });
		expect((await loadOptions(run, 'getSourceEndpoints', credentials())).map((option) => option.value)).toEqual(['jira-empty', 'jira-lo']);
		expect(await loadOptions(run, 'getSinks', credentials())).toEqual([
			{ name: 'Common data model (work) (cdm)', value: 'cdm', description: 'cdm.jdbc' },
			{ name: 'Warehouse (raw landing) (warehouse)', value: 'warehouse', description: 'pg.raw' },
		]);
		expect((await loadOptions(run, 'getCdmSinks', credentials())).map((option) => option.value)).toEqual(['cdm']);
		const trigger = packageNode('Ingestion Trigger', 'ingestionTrigger', {});
		expect((await loadOptions(trigger, 'getTriggerEndpoints', credentials())).map((option) => [option.name, option.value])).toEqual([
			['All Endpoints', ''],
			['Jira jira-empty (jira-empty)', 'jira-empty'],
			['Jira jira-lo (jira-lo)', 'jira-lo'],
		]);
	});

	it("lists the chosen endpoint's units, and says to collect metadata when it has none", async () => {
		const units = await loadOptions(packageNode('Ingestion Run', 'ingestionRun', { source: 'chosen', endpointId: 'jira-lo' }), 'getUnits', credentials());
		expect(units).toEqual([
			{ name: 'Jira issues (jira.issues)', value: 'jira.issues', description: 'Default mode INCREMENTAL' },
			{ name: 'Jira users (jira.users)', value: 'jira.users', description: 'Default mode FULL' },
		]);
		await expect(loadOptions(packageNode('Ingestion Run', 'ingestionRun', { source: 'chosen', endpointId: 'jira-empty' }), 'getUnits', credentials())).rejects.toMatchObject({
			name: 'NodeOperationError',
			message: 'Endpoint "jira-empty" has no ingestion units yet',
			description: 'Collect its metadata first (Jira Source node, operation "Collect Metadata").',
		});
	});

	it('reports an unreachable store clearly, without its password', async () => {
		const node = packageNode('Ingestion Run', 'ingestionRun', { source: 'chosen' });
		const error = (await loadOptions(node, 'getSourceEndpoints', {
			ingestionStoreApi: { connectionType: 'fields', host: '127.0.0.1', port: 1, database: 'x', user: 'u', password: 'Very-Secret-pw', ssl: 'disable' },
		}).catch((caught: unknown) => caught)) as { message: string; description: string };
		expect(error).toMatchObject({ name: 'NodeOperationError', description: expect.stringMatching(/^Check the Ingestion Store credential/) });
		expect(JSON.stringify(error)).not.toContain('Very-Secret-pw');
		expect(error.message).not.toContain('Very-Secret-pw');
	});
});
