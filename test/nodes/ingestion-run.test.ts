import { requestCollection, getCollectionRequest } from '../../src/ingestion/collection-requests';
import { upsertConfig } from '../../src/ingestion/config-service';
import { runInputForRequest } from '../../src/ingestion/run-request-input';
import { getRun } from '../../src/ingestion/run-queue';
import { runIngestionUnit } from '../../src/ingestion/run-unit';
import type { JiraSimulator } from '../../src/jira-simulator';
import { closeCachedStores } from '../../src/n8n/store-pool';
import type { Store } from '../../src/store';
import { startSimulator } from '../helpers/jira';
import { MemoryDataset, MemorySource } from '../helpers/memory-source';
import { runWorkflow, shutdownN8n, type Credentials } from '../helpers/n8n-harness';
import { addSimulatorEndpoint, credentialsFor, jiraCredential, packageNode, single, storeCredential } from '../helpers/n8n-fixtures';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('Ingestion Run node (in n8n WorkflowExecute, Jira simulator)', () => {
	let ts: TestStore;
	let store: Store;
	let sim: JiraSimulator;
	let other: JiraSimulator;

	beforeAll(async () => {
		ts = await openTestStore('n8n_run');
		store = ts.store;
		[sim, other] = await Promise.all([startSimulator({ seed: 21, issues: 30 }), startSimulator({ seed: 22, issues: 2 })]);
		await addSimulatorEndpoint(store, 'jira-run', sim);
		const collect = await runWorkflow(single(packageNode('Jira Source', 'jiraSource', { operation: 'collectMetadata', endpointId: 'jira-run' })), {
			credentials: credentialsFor(ts.database.url, sim),
			startAt: 'Jira Source',
		});
		expect(collect.status).toBe('success');
	});
	afterAll(async () => {
		await closeCachedStores();
		await Promise.all([sim.stop(), other.stop()]);
		await ts.cleanup();
		shutdownN8n();
	});

	const runNode = (parameters: Record<string, unknown>, extra = {}) => packageNode('Ingestion Run', 'ingestionRun', parameters as never, extra);
	const run = (parameters: Record<string, unknown>, options: { input?: Array<{ json: Record<string, unknown> }>; credentials?: Credentials; extra?: object } = {}) =>
		runWorkflow(single(runNode(parameters, options.extra)), {
			credentials: options.credentials ?? credentialsFor(ts.database.url, sim),
			startAt: 'Ingestion Run',
			input: options.input as never,
		});

	it('runs the unit chosen in the node by its stored config and outputs the run with status, stats and checkpoint', async () => {
		await upsertConfig(store, { endpointId: 'jira-run', unitId: 'jira.users' });
		const result = await run({ source: 'chosen', endpointId: 'jira-run', unitId: 'jira.users' });
		expect(result.status).toBe('success');
		const [summary] = result.json('Ingestion Run') as Array<Record<string, any>>;
		expect(summary).toEqual(expect.objectContaining({ kind: 'run', endpointId: 'jira-run', unitId: 'jira.users', status: 'SUCCEEDED', trigger: 'MANUAL', mode: 'FULL' }));
		expect(summary.stats.rowsWritten).toBeGreaterThan(0);
		expect(summary.stats.jiraRequests).toBeGreaterThan(0);
		expect(summary.checkpoint).toEqual(expect.objectContaining({ version: 1, source: expect.objectContaining({ complete: true }) }));
		expect((await getRun(store, summary.runId))?.status).toBe('SUCCEEDED');
	});

	it('outputs the records of a CUSTOM unit, whole pages up to the limit, and the next run continues after them', async () => {
		await upsertConfig(store, { endpointId: 'jira-run', unitId: 'jira.issues', mode: 'CUSTOM', policy: { pageSize: 10, lookbackMinutes: 0 } });
		const first = await run({ source: 'chosen', endpointId: 'jira-run', unitId: 'jira.issues', options: { maxRecords: 15 } });
		expect(first.status).toBe('success');
		const firstIds = first.json('Ingestion Run').map((record) => record.id as string);
		expect(firstIds).toHaveLength(10);
		expect(first.items('Ingestion Run').every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);

		const second = await run({ source: 'chosen', endpointId: 'jira-run', unitId: 'jira.issues' });
		const secondIds = second.json('Ingestion Run').map((record) => record.id as string);
		expect(secondIds).toHaveLength(20);
		expect(new Set([...firstIds, ...secondIds]).size).toBe(30);
		const runs = await store.models.IngestionRun.findAll({ where: { unitId: 'jira.issues' }, order: [['queuedAt', 'ASC']] });
		expect(runs.map((row) => [row.status, (row.stats as { pagesConfirmed?: number; complete?: boolean }).pagesConfirmed, (row.stats as { complete?: boolean }).complete])).toEqual([
			['SUCCEEDED', 1, false],
			['SUCCEEDED', 3, true],
		]);
	});

	it('ends a run of a busy unit SKIPPED, which is not an error', async () => {
		await upsertConfig(store, { endpointId: 'jira-run', unitId: 'jira.projects' });
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		let started!: () => void;
		const running = new Promise<void>((resolve) => (started = resolve));
		const input = await runInputForRequest(store, { endpointId: 'jira-run', unitId: 'jira.projects' });
		const busy = runIngestionUnit(input, {
			store,
			sourceFactory: () =>
				new MemorySource(MemoryDataset.generate(1, 3), {
					beforePage: async () => {
						started();
						await gate;
					},
				}),
		});
		await running;
		const result = await run({ source: 'chosen', endpointId: 'jira-run', unitId: 'jira.projects' });
		release();
		await busy;
		expect(result.status).toBe('success');
		expect(result.json('Ingestion Run')).toEqual([
			expect.objectContaining({ status: 'SKIPPED', skippedReason: 'Unit jira.projects of endpoint "jira-run" is already running' }),
		]);
	});

	it('fails the node when a run fails (the run row says FAILED), or outputs the failed run with Continue On Fail', async () => {
		await upsertConfig(store, { endpointId: 'jira-run', unitId: 'jira.worklogs' });
		const credentials = { ingestionStoreApi: storeCredential(ts.database.url), jiraIngestionApi: jiraCredential(other) };
		const failed = await run({ source: 'chosen', endpointId: 'jira-run', unitId: 'jira.worklogs' }, { credentials });
		expect(failed.status).toBe('error');
		expect(failed.error?.name).toBe('NodeOperationError');
		expect(failed.error?.message).toContain(`The Jira credential is for ${other.url}, but endpoint "jira-run" reads ${sim.url}`);
		expect((failed.error as { description?: string }).description).toMatch(/^Run [0-9a-f-]{36} of unit jira.worklogs \(endpoint "jira-run"\) failed/);

		const continued = await run({ source: 'chosen', endpointId: 'jira-run', unitId: 'jira.worklogs' }, { credentials, extra: { onError: 'continueRegularOutput' } });
		expect(continued.status).toBe('success');
		const [summary] = continued.json('Ingestion Run') as Array<Record<string, string>>;
		expect(summary).toEqual(expect.objectContaining({ status: 'FAILED', error: expect.stringContaining('The Jira credential is for') }));
		expect((await getRun(store, summary.runId))?.status).toBe('FAILED');
	});

	it('carries out a queued collection request and refuses items that are not requests, naming the fields', async () => {
		const { request } = await requestCollection(store, 'jira-run');
		const result = await run({ source: 'input' }, { input: [{ json: { kind: 'collect', requestId: request.id } }] });
		expect(result.status).toBe('success');
		expect(result.json('Ingestion Run')).toEqual([expect.objectContaining({ kind: 'collect', requestId: request.id, endpointId: 'jira-run', status: 'SUCCEEDED' })]);
		const stored = await getCollectionRequest(store, request.id);
		expect(stored?.status).toBe('SUCCEEDED');
		expect((stored?.stats as { datasets?: unknown[] }).datasets).toHaveLength(9);

		const again = await run({ source: 'input' }, { input: [{ json: { kind: 'collect', requestId: request.id } }] });
		expect(again.json('Ingestion Run')).toEqual([expect.objectContaining({ status: 'SKIPPED', error: 'The collection request is SUCCEEDED, not QUEUED: left as it is' })]);

		const bad = await run({ source: 'input' }, { input: [{ json: { unitId: 'jira.users', runId: 'not-a-uuid' } }] });
		expect(bad.status).toBe('error');
		expect(bad.error?.message).toBe('The input item is not a run request: runId: must be a run id (a UUID); endpointId: is required');
	});
});
