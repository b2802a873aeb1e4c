import { BridgeRequestError, type IngestionUnitConfigInput } from '../../src/client';
import { startTestBridge, type TestBridge } from '../helpers/bridge';
import { rejectsWithoutWrites } from '../helpers/rejections';
import { seedJiraEndpoint, seedProvisionedCdmModel } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('configureIngestionUnit over HTTP', () => {
	let ctx: TestStore;
	let bridge: TestBridge;

	beforeAll(async () => {
		ctx = await openTestStore('bridge_configure');
		await seedJiraEndpoint(ctx.store, 'jira-a');
		await seedJiraEndpoint(ctx.store, 'jira-off', { enabled: false });
		await ctx.store.models.MetadataEndpoint.create({
			id: 'cdm-narrow',
			templateId: 'cdm.jdbc',
			family: 'SINK',
			name: 'CDM (projects only)',
			capabilities: { supports_raw: false, supports_cdm_work: true, supported_cdm_models: ['cdm.work.project'] },
		});
		await seedProvisionedCdmModel(ctx.store, 'cdm', 'cdm.work.project');
		await seedProvisionedCdmModel(ctx.store, 'cdm', 'cdm.work.user');
		bridge = await startTestBridge(ctx.store);
	});
	afterAll(async () => {
		await bridge?.close();
		await ctx.cleanup();
	});

	const rejected = (input: IngestionUnitConfigInput) =>
		rejectsWithoutWrites(ctx.store, () => bridge.client.configureIngestionUnit(input), BridgeRequestError);

	it('creates a config with the unit defaults', async () => {
		const config = await bridge.client.configureIngestionUnit({ endpointId: 'jira-a', unitId: 'jira.users' });
		expect(config).toMatchObject({
			endpointId: 'jira-a',
			unitId: 'jira.users',
			datasetId: 'jira.users',
			enabled: true,
			mode: 'FULL',
			sinkId: 'warehouse',
			scheduleKind: 'MANUAL',
			scheduleIntervalMinutes: null,
			policy: { primaryKeys: ['accountId'] },
			dataMode: 'RAW',
			cdmModelId: 'cdm.work.user',
			lastStatus: { state: 'NEVER_RUN', lastRunId: null },
			triggerLive: false,
			scheduleLive: false,
		});
	});

	it('keeps omitted fields on update and applies the given ones', async () => {
		const first = await bridge.client.configureIngestionUnit({
			endpointId: 'jira-a',
			unitId: 'jira.issues',
			scheduleKind: 'INTERVAL',
			scheduleIntervalMinutes: 30,
			policy: { filters: { projects: ['ENG'] } },
		});
		expect(first).toMatchObject({ mode: 'INCREMENTAL', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 30 });
		expect(first.policy).toEqual({ primaryKeys: ['id'], cursorField: 'updated', lookbackMinutes: 5, filters: { projects: ['ENG'] } });

		const second = await bridge.client.configureIngestionUnit({ endpointId: 'jira-a', unitId: 'jira.issues', enabled: false, mode: 'SCD1' });
		expect(second).toMatchObject({ id: first.id, enabled: false, mode: 'SCD1', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 30 });
		expect(second.policy).toEqual(first.policy);
		expect(second.createdAt).toBe(first.createdAt);

		const nulls = await bridge.client.configureIngestionUnit({ endpointId: 'jira-a', unitId: 'jira.issues', mode: null, sinkId: null, policy: null });
		expect(nulls).toMatchObject({ mode: 'SCD1', sinkId: 'warehouse', policy: first.policy });

		const cdm = await bridge.client.configureIngestionUnit({ endpointId: 'jira-a', unitId: 'jira.projects', dataMode: 'CDM' });
		expect(cdm).toMatchObject({ dataMode: 'CDM', sinkId: 'cdm', cdmModelId: 'cdm.work.project' });
	});

	it('changing the data mode without a sink moves to that mode’s default sink', async () => {
		const toCdm = await bridge.client.configureIngestionUnit({ endpointId: 'jira-a', unitId: 'jira.users', dataMode: 'CDM' });
		expect(toCdm).toMatchObject({ dataMode: 'CDM', sinkId: 'cdm', cdmModelId: 'cdm.work.user', mode: 'FULL' });
		const back = await bridge.client.configureIngestionUnit({ endpointId: 'jira-a', unitId: 'jira.users', dataMode: 'RAW' });
		expect(back).toMatchObject({ dataMode: 'RAW', sinkId: 'warehouse', cdmModelId: 'cdm.work.user' });
	});

	const rules: Array<[string, IngestionUnitConfigInput, string, string]> = [
		['the endpoint exists', { endpointId: 'nope', unitId: 'jira.issues' }, 'NOT_FOUND', 'endpointId'],
		['the endpoint is enabled', { endpointId: 'jira-off', unitId: 'jira.issues' }, 'BAD_USER_INPUT', 'endpointId'],
		['the unit is a known unit of the endpoint', { endpointId: 'jira-a', unitId: 'jira.sprints' }, 'NOT_FOUND', 'unitId'],
		['the mode is one the unit supports', { endpointId: 'jira-a', unitId: 'jira.projects', mode: 'INCREMENTAL' }, 'BAD_USER_INPUT', 'mode'],
		['the mode is a mode at all', { endpointId: 'jira-a', unitId: 'jira.issues', mode: 'incremental' }, 'BAD_USER_INPUT', 'mode'],
		['scheduleKind is MANUAL or INTERVAL', { endpointId: 'jira-a', unitId: 'jira.issues', scheduleKind: 'CRON' }, 'BAD_USER_INPUT', 'scheduleKind'],
		[
			'INTERVAL needs an interval',
			{ endpointId: 'jira-a', unitId: 'jira.comments', scheduleKind: 'INTERVAL' },
			'BAD_USER_INPUT',
			'scheduleIntervalMinutes',
		],
		[
			'the interval is at least 1',
			{ endpointId: 'jira-a', unitId: 'jira.issues', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 0 },
			'BAD_USER_INPUT',
			'scheduleIntervalMinutes',
		],
		[
			'the interval is at most 1440',
			{ endpointId: 'jira-a', unitId: 'jira.issues', scheduleIntervalMinutes: 1441 },
			'BAD_USER_INPUT',
			'scheduleIntervalMinutes',
		],
		[
			'MANUAL takes no interval',
			{ endpointId: 'jira-a', unitId: 'jira.issues', scheduleKind: 'MANUAL', scheduleIntervalMinutes: 60 },
			'BAD_USER_INPUT',
			'scheduleIntervalMinutes',
		],
		['the sink exists', { endpointId: 'jira-a', unitId: 'jira.issues', sinkId: 'lake' }, 'NOT_FOUND', 'sinkId'],
		['the sink is a sink', { endpointId: 'jira-a', unitId: 'jira.issues', sinkId: 'jira-a' }, 'BAD_USER_INPUT', 'sinkId'],
		['the data mode is RAW or CDM', { endpointId: 'jira-a', unitId: 'jira.issues', dataMode: 'PARQUET' }, 'BAD_USER_INPUT', 'dataMode'],
		['the sink supports the data mode', { endpointId: 'jira-a', unitId: 'jira.issues', sinkId: 'cdm' }, 'BAD_USER_INPUT', 'sinkId'],
		[
			'a CDM sink lists the model',
			{ endpointId: 'jira-a', unitId: 'jira.issues', dataMode: 'CDM', sinkId: 'cdm-narrow' },
			'BAD_USER_INPUT',
			'cdmModelId',
		],
		['a CDM sink has provisioned the model', { endpointId: 'jira-a', unitId: 'jira.issues', dataMode: 'CDM' }, 'BAD_USER_INPUT', 'cdmModelId'],
		['the CDM model is the unit’s', { endpointId: 'jira-a', unitId: 'jira.issues', cdmModelId: 'cdm.work.user' }, 'BAD_USER_INPUT', 'cdmModelId'],
		['the policy is an object', { endpointId: 'jira-a', unitId: 'jira.issues', policy: 'id' }, 'BAD_USER_INPUT', 'policy'],
		['primaryKeys is not empty', { endpointId: 'jira-a', unitId: 'jira.issues', policy: { primaryKeys: [] } }, 'BAD_USER_INPUT', 'policy.primaryKeys'],
		[
			'primaryKeys are fields of the dataset',
			{ endpointId: 'jira-a', unitId: 'jira.issues', policy: { primaryKeys: ['issueKey'] } },
			'BAD_USER_INPUT',
			'policy.primaryKeys',
		],
		[
			'cursorField is one of the unit’s cursor fields',
			{ endpointId: 'jira-a', unitId: 'jira.issues', policy: { cursorField: 'created' } },
			'BAD_USER_INPUT',
			'policy.cursorField',
		],
		[
			'filters have known keys only',
			{ endpointId: 'jira-a', unitId: 'jira.issues', policy: { filters: { jql: 'project = ENG' } } },
			'BAD_USER_INPUT',
			'policy.filters.jql',
		],
		['the policy has known keys only', { endpointId: 'jira-a', unitId: 'jira.issues', policy: { batch: 10 } }, 'BAD_USER_INPUT', 'policy.batch'],
		[
			'lookbackMinutes is bounded',
			{ endpointId: 'jira-a', unitId: 'jira.issues', policy: { lookbackMinutes: -1 } },
			'BAD_USER_INPUT',
			'policy.lookbackMinutes',
		],
		['pageSize is bounded', { endpointId: 'jira-a', unitId: 'jira.issues', policy: { pageSize: 100_000 } }, 'BAD_USER_INPUT', 'policy.pageSize'],
		[
			'the policy is not deeply nested',
			{ endpointId: 'jira-a', unitId: 'jira.issues', policy: { filters: { projects: [[[[['ENG']]]]] } } },
			'BAD_USER_INPUT',
			'policy',
		],
	];

	it.each(rules)('refuses when not: %s (writes nothing)', async (_rule, input, code, field) => {
		const error = await rejected(input);
		expect({ code: error.code, field: error.field }).toEqual({ code, field });
		expect(error.message).toContain(field.split('.').pop());
		expect(JSON.stringify(error.errors)).not.toMatch(/SELECT|INSERT|stack|\bat .*\.ts:/);
	});

	it('checks the rules in order: the first failing one is reported', async () => {
		const error = await rejected({
			endpointId: 'jira-a',
			unitId: 'jira.projects',
			mode: 'INCREMENTAL',
			scheduleKind: 'CRON',
			sinkId: 'lake',
			policy: { bogus: true },
		});
		expect(error.field).toBe('mode');
		const schedule = await rejected({ endpointId: 'jira-a', unitId: 'jira.projects', scheduleKind: 'CRON', sinkId: 'lake', policy: { bogus: true } });
		expect(schedule.field).toBe('scheduleKind');
		const sink = await rejected({ endpointId: 'jira-a', unitId: 'jira.projects', sinkId: 'lake', policy: { bogus: true } });
		expect(sink.field).toBe('sinkId');
	});

	it('rejects a huge policy cleanly', async () => {
		const projects = Array.from({ length: 20_000 }, (_, i) => `P${i}`);
		const error = await rejected({ endpointId: 'jira-a', unitId: 'jira.issues', policy: { filters: { projects } } });
		expect([error.code, error.field]).toEqual(['BAD_USER_INPUT', 'policy']);
	});

	it('rejects a request body over the limit without touching the store', async () => {
		const projects = Array.from({ length: 120_000 }, (_, i) => `PROJECT${i}`);
		const error = await rejected({ endpointId: 'jira-a', unitId: 'jira.issues', policy: { filters: { projects } } });
		expect(error.status).toBe(413);
	});

	it('a GraphQL type error names the input', async () => {
		const error = await bridge.client
			.request(`mutation { configureIngestionUnit(input: { endpointId: "jira-a", unitId: "jira.issues", scheduleIntervalMinutes: "soon" }) { id } }`)
			.catch((e: unknown) => e as BridgeRequestError);
		expect(error).toBeInstanceOf(BridgeRequestError);
		expect((error as BridgeRequestError).message).toMatch(/scheduleIntervalMinutes|Int/);
	});
});
