import { type BridgeRequestError } from '../../src/client';
import { startTestBridge, type TestBridge } from '../helpers/bridge';
import { JIRA_DATASET_FIELDS, seedJiraEndpoint, type SeededJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('bridge queries over HTTP', () => {
	let ctx: TestStore;
	let bridge: TestBridge;
	let jira: SeededJiraEndpoint;

	beforeAll(async () => {
		ctx = await openTestStore('bridge_queries');
		jira = await seedJiraEndpoint(ctx.store, 'jira-q', {
			parameters: {
				baseUrl: 'https://acme.atlassian.net',
				email: 'bot@acme.test',
				apiToken: 'tok-SECRET-1',
				auth: { password: 'pw-SECRET-2', user: 'bot' },
				connection_url: 'postgres://u:pw-SECRET-3@db/x',
				clientSecret: 'cs-SECRET-4',
			},
		});
		bridge = await startTestBridge(ctx.store);
	});
	afterAll(async () => {
		await bridge?.close();
		await ctx.cleanup();
	});

	it('endpoints and endpoint(id) never show secret parameters', async () => {
		const endpoints = await bridge.client.endpoints();
		expect(endpoints.map((e) => e.id)).toEqual(['jira-q', 'cdm', 'warehouse']);
		const one = await bridge.client.endpoint('jira-q');
		expect(one).toMatchObject({ id: 'jira-q', templateId: 'jira.cloud', family: 'SOURCE', enabled: true, triggerLive: false });
		expect(one?.parameters).toEqual({ baseUrl: 'https://acme.atlassian.net', email: 'bot@acme.test', auth: { user: 'bot' } });
		expect(JSON.stringify(endpoints)).not.toMatch(/SECRET/);
		expect(await bridge.client.endpoint('missing')).toBeNull();
		const warehouse = endpoints.find((e) => e.id === 'warehouse');
		expect(warehouse?.capabilities).toMatchObject({ supports_raw: true });
	});

	it('datasets(endpointId) lists the catalog with fields; unknown endpoints are NOT_FOUND', async () => {
		const datasets = await bridge.client.datasets('jira-q');
		expect(datasets.map((d) => d.datasetId)).toEqual(Object.keys(JIRA_DATASET_FIELDS).sort());
		const issues = datasets.find((d) => d.datasetId === 'jira.issues')!;
		expect(issues).toMatchObject({ id: jira.datasetUuids['jira.issues'], endpointId: 'jira-q', kind: 'ENTITY', domain: 'jira', ingestionConfig: null });
		expect(issues.fields.map((f) => f.name)).toEqual(JIRA_DATASET_FIELDS['jira.issues']);
		expect(issues.fields[0]).toEqual({ name: 'id', type: 'string', attributes: { name: 'id', type: 'string' } });
		const error = await bridge.client.datasets('nope').catch((e: unknown) => e as BridgeRequestError);
		expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'endpointId' });
	});

	it('ingestionUnits(endpointId) lists the descriptors with supported modes and defaults', async () => {
		const units = await bridge.client.ingestionUnits('jira-q');
		expect(units.map((u) => u.unitId)).toEqual(['jira.comments', 'jira.issues', 'jira.projects', 'jira.users', 'jira.worklogs']);
		expect(units.find((u) => u.unitId === 'jira.worklogs')).toEqual({
			endpointId: 'jira-q',
			unitId: 'jira.worklogs',
			datasetId: 'jira.worklogs',
			name: 'Jira worklogs',
			defaultMode: 'INCREMENTAL',
			supportedModes: ['FULL', 'INCREMENTAL', 'SCD1', 'CUSTOM'],
			defaultPolicy: { primaryKeys: ['id'], cursorField: 'updated', lookbackMinutes: 5 },
			defaultSinkId: 'warehouse',
			defaultDataMode: 'RAW',
			allowedCursorFields: ['updated', 'started'],
			filterKeys: ['projects'],
			fields: JIRA_DATASET_FIELDS['jira.worklogs'],
			cdmModelId: 'cdm.work.worklog',
			config: null,
		});
		expect(units.find((u) => u.unitId === 'jira.projects')?.supportedModes).toEqual(['FULL', 'SCD1', 'CUSTOM']);
	});

	it('dataset(id) answers its ingestion config and last run info', async () => {
		const config = await bridge.client.configureIngestionUnit({ endpointId: 'jira-q', unitId: 'jira.issues', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 10 });
		const before = await bridge.client.dataset(jira.datasetUuids['jira.issues']);
		expect(before?.ingestionConfig).toMatchObject({ id: config.id, lastStatus: { state: 'NEVER_RUN' } });
		expect(before?.lastRun).toBeNull();

		const started = await bridge.client.startIngestion({ endpointId: 'jira-q', unitId: 'jira.issues' });
		// The engine (another module) finishes the run; simulate its bookkeeping.
		await ctx.store.sequelize.query(
			`UPDATE ingestion_runs SET status = 'SUCCEEDED', started_at = now() - interval '2 minutes', finished_at = now(),
         stats = '{"recordsRead": 1200, "rowsWritten": 1180, "pages": 12}' WHERE id = $1`,
			{ bind: [started.runId] },
		);
		const after = await bridge.client.dataset(jira.datasetUuids['jira.issues']);
		expect(after?.ingestionConfig?.lastStatus).toMatchObject({
			state: 'SUCCEEDED',
			lastRunId: started.runId,
			trigger: 'MANUAL',
			recordsRead: 1200,
			rowsWritten: 1180,
			error: null,
		});
		expect(after?.ingestionConfig?.lastStatus?.finishedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
		expect(after?.lastRun).toMatchObject({ id: started.runId, status: 'SUCCEEDED', mode: 'INCREMENTAL', stats: { pages: 12 } });

		expect(await bridge.client.dataset('00000000-0000-4000-8000-000000000000')).toBeNull();
		expect(await bridge.client.dataset('not-a-uuid')).toBeNull();
	});

	it('a failed run shows its error sanitized', async () => {
		const started = await bridge.client.startIngestion({ endpointId: 'jira-q', unitId: 'jira.issues' });
		await ctx.store.sequelize.query(
			`UPDATE ingestion_runs SET status = 'FAILED', started_at = now(), finished_at = now(), error = $2 WHERE id = $1`,
			{ bind: [started.runId, 'connect failed for postgres://admin:hunter2@db:5432/x with Bearer abc.def\n    at connect (pg.js:1:1)'] },
		);
		const config = await bridge.client.ingestionUnitConfig('jira-q', 'jira.issues');
		expect(config?.lastStatus).toMatchObject({ state: 'FAILED', lastRunId: started.runId });
		expect(config?.lastStatus?.error).toBe('connect failed for postgres://****:****@db:5432/x with Bearer ****');
	});

	it('ingestionUnitConfigs(endpointId), ingestionUnitConfig and the unit’s config link', async () => {
		await bridge.client.configureIngestionUnit({ endpointId: 'jira-q', unitId: 'jira.projects' });
		const configs = await bridge.client.ingestionUnitConfigs('jira-q');
		expect(configs.map((c) => [c.unitId, c.mode, c.scheduleKind])).toEqual([
			['jira.issues', 'INCREMENTAL', 'INTERVAL'],
			['jira.projects', 'FULL', 'MANUAL'],
		]);
		expect(await bridge.client.ingestionUnitConfig('jira-q', 'jira.users')).toBeNull();
		const units = await bridge.client.ingestionUnits('jira-q');
		expect(units.find((u) => u.unitId === 'jira.projects')?.config?.id).toBe(configs[1].id);
		const error = await bridge.client.ingestionUnitConfigs('nope').catch((e: unknown) => e as BridgeRequestError);
		expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'endpointId' });
	});

	it('ingestionRuns(endpointId, unitId, limit) and ingestionRun(id)', async () => {
		await bridge.client.startIngestion({ endpointId: 'jira-q', unitId: 'jira.projects' });
		const all = await bridge.client.ingestionRuns('jira-q');
		expect(all.map((r) => [r.unitId, r.status])).toEqual([
			['jira.projects', 'QUEUED'],
			['jira.issues', 'FAILED'],
			['jira.issues', 'SUCCEEDED'],
		]);
		const issues = await bridge.client.ingestionRuns('jira-q', { unitId: 'jira.issues', limit: 1 });
		expect(issues.map((r) => r.status)).toEqual(['FAILED']);
		expect(await bridge.client.ingestionRun(all[0].id)).toEqual(all[0]);
		expect(await bridge.client.ingestionRun('00000000-0000-4000-8000-000000000000')).toBeNull();
		const error = await bridge.client.ingestionRuns('jira-q', { limit: 0 }).catch((e: unknown) => e as BridgeRequestError);
		expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
	});
});
