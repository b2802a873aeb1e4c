import {
	ConfigValidationError,
	deleteEndpointConfigs,
	getConfig,
	listConfigs,
	upsertConfig,
} from '../../src/ingestion';
import type { EndpointUnitDescriptor } from '../../src/ingestion/unit-descriptor';
import { listJiraUnits } from '../../src/jira/units';
import { rejectsWithoutWrites } from '../helpers/rejections';
import { seedJiraEndpoint, seedProvisionedCdmModel } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('config service', () => {
	let ctx: TestStore;

	beforeAll(async () => {
		ctx = await openTestStore('config_service');
		await seedJiraEndpoint(ctx.store, 'jira-a');
	});
	afterAll(() => ctx.cleanup());

	const rejection = (input: unknown, options?: Parameters<typeof upsertConfig>[2]) =>
		rejectsWithoutWrites(ctx.store, () => upsertConfig(ctx.store, input, options), ConfigValidationError);

	it('creates a config with the unit defaults and its KB node and CONFIGURES edge', async () => {
		const { config, created } = await upsertConfig(ctx.store, { endpointId: 'jira-a', unitId: 'jira.issues' });
		expect(created).toBe(true);
		expect(config).toMatchObject({
			endpointId: 'jira-a',
			unitId: 'jira.issues',
			datasetId: 'jira.issues',
			enabled: true,
			mode: 'INCREMENTAL',
			sinkId: 'warehouse',
			scheduleKind: 'MANUAL',
			scheduleIntervalMinutes: null,
			dataMode: 'RAW',
			cdmModelId: 'cdm.work.item',
			policy: { primaryKeys: ['id'], cursorField: 'updated', lookbackMinutes: 5 },
		});
		const node = await ctx.store.models.KbNode.findOne({
			where: { entityType: 'ingestion.unit', logicalId: 'ingestion::jira-a::jira.issues' },
			raw: true,
		});
		expect(node?.payload).toEqual({
			mode: 'INCREMENTAL',
			scheduleKind: 'MANUAL',
			scheduleIntervalMinutes: null,
			sinkId: 'warehouse',
			dataMode: 'RAW',
			enabled: true,
			cdmModelId: 'cdm.work.item',
		});
		expect(node?.endpointId).toBe('jira-a');
		const edges = await ctx.store.models.KbEdge.findAll({ where: { fromNodeId: node!.id }, raw: true });
		expect(edges.map((e) => [e.edgeType, e.toLogicalKey])).toEqual([['CONFIGURES', 'jira-a::jira.issues']]);
	});

	it('keeps omitted fields on update and refreshes the KB node', async () => {
		await upsertConfig(ctx.store, { endpointId: 'jira-a', unitId: 'jira.issues', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 15 });
		const { config, created } = await upsertConfig(ctx.store, { endpointId: 'jira-a', unitId: 'jira.issues', mode: 'SCD1' });
		expect(created).toBe(false);
		expect(config).toMatchObject({ mode: 'SCD1', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 15, enabled: true });
		const node = await ctx.store.models.KbNode.findOne({ where: { logicalId: 'ingestion::jira-a::jira.issues' }, raw: true });
		expect(node?.payload).toMatchObject({ mode: 'SCD1', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 15 });
		expect(await ctx.store.models.KbNode.count({ where: { logicalId: 'ingestion::jira-a::jira.issues' } })).toBe(1);
		expect(await ctx.store.models.KbEdge.count({ where: { toLogicalKey: 'jira-a::jira.issues' } })).toBe(1);
		expect(await getConfig(ctx.store, 'jira-a', 'jira.issues')).toEqual(config);
	});

	it('scheduleKind MANUAL clears the interval; switching back to INTERVAL needs one', async () => {
		const manual = await upsertConfig(ctx.store, { endpointId: 'jira-a', unitId: 'jira.issues', scheduleKind: 'MANUAL' });
		expect(manual.config).toMatchObject({ scheduleKind: 'MANUAL', scheduleIntervalMinutes: null });
		const error = await rejection({ endpointId: 'jira-a', unitId: 'jira.issues', scheduleKind: 'INTERVAL' });
		expect([error.code, error.field]).toEqual(['BAD_USER_INPUT', 'scheduleIntervalMinutes']);
	});

	it('completes a given policy with the unit defaults and validates it strictly', async () => {
		const { config } = await upsertConfig(ctx.store, {
			endpointId: 'jira-a',
			unitId: 'jira.worklogs',
			policy: { cursorField: 'started', filters: { projects: ['ENG', 'OPS'] } },
		});
		expect(config.policy).toEqual({ primaryKeys: ['id'], cursorField: 'started', lookbackMinutes: 5, filters: { projects: ['ENG', 'OPS'] } });
		const unknownKey = await rejection({ endpointId: 'jira-a', unitId: 'jira.worklogs', policy: { cursorFeld: 'updated' } });
		expect([unknownKey.code, unknownKey.field]).toEqual(['BAD_USER_INPUT', 'policy.cursorFeld']);
		const unknownFilter = await rejection({ endpointId: 'jira-a', unitId: 'jira.worklogs', policy: { filters: { jql: 'x' } } });
		expect(unknownFilter.field).toBe('policy.filters.jql');
		const lookback = await rejection({ endpointId: 'jira-a', unitId: 'jira.worklogs', policy: { lookbackMinutes: 1e9 } });
		expect(lookback.field).toBe('policy.lookbackMinutes');
		const pageSize = await rejection({ endpointId: 'jira-a', unitId: 'jira.worklogs', policy: { pageSize: 0 } });
		expect(pageSize.field).toBe('policy.pageSize');
		const notObject = await rejection({ endpointId: 'jira-a', unitId: 'jira.worklogs', policy: ['id'] });
		expect(notObject.field).toBe('policy');
	});

	it('rejects a deeply nested or huge policy cleanly', async () => {
		let deep: unknown = 1;
		for (let i = 0; i < 100_000; i++) deep = [deep];
		const nested = await rejection({ endpointId: 'jira-a', unitId: 'jira.issues', policy: { filters: { projects: deep } } });
		expect([nested.field, nested.message]).toEqual(['policy', 'policy is nested deeper than 4 levels']);
		const huge = await rejection({
			endpointId: 'jira-a',
			unitId: 'jira.issues',
			policy: { filters: { projects: Array.from({ length: 100_000 }, (_, i) => `P${i}`) } },
		});
		expect(huge.field).toBe('policy');
		expect(huge.message).toMatch(/too large/);
	});

	it('refuses a unit whose dataset is missing from the catalog', async () => {
		const ghost: EndpointUnitDescriptor = {
			...(await listJiraUnits(ctx.store, 'jira-a'))[0],
			unitId: 'jira.ghosts',
			datasetId: 'jira.ghosts',
			datasetUuid: '00000000-0000-4000-8000-000000000000',
		};
		const error = await rejection({ endpointId: 'jira-a', unitId: 'jira.ghosts' }, { unitSource: async () => [ghost] });
		expect([error.code, error.field]).toEqual(['NOT_FOUND', 'unitId']);
		expect(error.message).toContain('not in the catalog');
	});

	it('CDM needs a sink that supports it and a provisioned model', async () => {
		const raw = await rejection({ endpointId: 'jira-a', unitId: 'jira.projects', dataMode: 'CDM', sinkId: 'warehouse' });
		expect([raw.field, raw.message]).toEqual(['sinkId', 'sinkId: sink "warehouse" does not support dataMode CDM']);
		const unprovisioned = await rejection({ endpointId: 'jira-a', unitId: 'jira.projects', dataMode: 'CDM' });
		expect(unprovisioned.field).toBe('cdmModelId');
		expect(unprovisioned.message).toMatch(/not provisioned on sink "cdm"/);
		await seedProvisionedCdmModel(ctx.store, 'cdm', 'cdm.work.project');
		const { config } = await upsertConfig(ctx.store, { endpointId: 'jira-a', unitId: 'jira.projects', dataMode: 'CDM' });
		expect(config).toMatchObject({ dataMode: 'CDM', sinkId: 'cdm', cdmModelId: 'cdm.work.project', mode: 'FULL' });
		const otherModel = await rejection({ endpointId: 'jira-a', unitId: 'jira.projects', cdmModelId: 'cdm.work.item' });
		expect(otherModel.field).toBe('cdmModelId');
	});

	it('concurrent upserts of one unit neither fail nor lose each other’s fields', async () => {
		await seedJiraEndpoint(ctx.store, 'jira-race', { datasets: ['jira.comments'] });
		const base = { endpointId: 'jira-race', unitId: 'jira.comments' };
		const calls = [
			{ ...base, mode: 'SCD1' },
			{ ...base, scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 30 },
			{ ...base, enabled: false },
			{ ...base, policy: { lookbackMinutes: 42 } },
			...Array.from({ length: 12 }, () => base),
		];
		const results = await Promise.allSettled(calls.map((input) => upsertConfig(ctx.store, input)));
		expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
		expect(results.filter((r) => r.status === 'fulfilled' && r.value.created)).toHaveLength(1);
		const stored = await getConfig(ctx.store, 'jira-race', 'jira.comments');
		expect(stored).toMatchObject({ mode: 'SCD1', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 30, enabled: false });
		expect(stored?.policy.lookbackMinutes).toBe(42);
		expect(await ctx.store.models.KbNode.count({ where: { logicalId: 'ingestion::jira-race::jira.comments' } })).toBe(1);
	});

	it('concurrent upserts of one unit get increasing updatedAt in the order they took effect: the latest is what is stored', async () => {
		await seedJiraEndpoint(ctx.store, 'jira-order', { datasets: ['jira.issues'] });
		const base = { endpointId: 'jira-order', unitId: 'jira.issues' };
		await upsertConfig(ctx.store, base);
		// Each call sets a different lookback; whichever took effect last must be the one stored.
		const results = await Promise.all(
			Array.from({ length: 24 }, (_, i) => upsertConfig(ctx.store, { ...base, policy: { lookbackMinutes: i + 1 }, enabled: i % 2 === 0 })),
		);
		const times = results.map((r) => r.config.updatedAt.getTime());
		const latest = results.reduce((a, b) => (b.config.updatedAt > a.config.updatedAt ? b : a));
		const stored = await getConfig(ctx.store, 'jira-order', 'jira.issues');
		expect({ lookback: stored?.policy.lookbackMinutes, enabled: stored?.enabled }).toEqual({
			lookback: latest.config.policy.lookbackMinutes,
			enabled: latest.config.enabled,
		});
		expect(stored?.updatedAt.getTime()).toBe(Math.max(...times));
	});

	it('deleteEndpointConfigs removes configs and KB nodes and edges of that endpoint only', async () => {
		await seedJiraEndpoint(ctx.store, 'jira-gone', { datasets: ['jira.users'] });
		await upsertConfig(ctx.store, { endpointId: 'jira-gone', unitId: 'jira.users' });
		expect(await deleteEndpointConfigs(ctx.store, 'jira-gone')).toBe(1);
		expect(await listConfigs(ctx.store, 'jira-gone')).toEqual([]);
		expect(await ctx.store.models.KbNode.count({ where: { endpointId: 'jira-gone' } })).toBe(0);
		expect(await ctx.store.models.KbEdge.count({ where: { toLogicalKey: 'jira-gone::jira.users' } })).toBe(0);
		expect(await ctx.store.models.KbNode.count({ where: { endpointId: 'jira-a' } })).toBeGreaterThan(0);
	});
});
