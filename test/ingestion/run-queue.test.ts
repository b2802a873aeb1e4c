import {
	ConfigValidationError,
	getRun,
	isTriggerLive,
	listRuns,
	queueRun,
	recordTriggerHeartbeat,
	upsertConfig,
} from '../../src/ingestion';
import { seedJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('run queue', () => {
	let ctx: TestStore;

	beforeAll(async () => {
		ctx = await openTestStore('run_queue');
		await seedJiraEndpoint(ctx.store, 'jira-r');
		await upsertConfig(ctx.store, { endpointId: 'jira-r', unitId: 'jira.issues', policy: { pageSize: 50 } });
		await upsertConfig(ctx.store, { endpointId: 'jira-r', unitId: 'jira.projects', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 60 });
	});
	afterAll(() => ctx.cleanup());

	it('queues a run with the stored config and answers the active run afterwards', async () => {
		const first = await queueRun(ctx.store, { endpointId: 'jira-r', unitId: 'jira.issues' });
		expect(first.queued).toBe(true);
		expect(first.run).toMatchObject({
			trigger: 'MANUAL',
			status: 'QUEUED',
			mode: 'INCREMENTAL',
			dataMode: 'RAW',
			sinkId: 'warehouse',
			cdmModelId: 'cdm.work.item',
			policy: { primaryKeys: ['id'], cursorField: 'updated', lookbackMinutes: 5, pageSize: 50 },
		});
		expect(await getRun(ctx.store, first.run.id)).toEqual(first.run);
		const second = await queueRun(ctx.store, { endpointId: 'jira-r', unitId: 'jira.issues' });
		expect(second).toEqual({ run: first.run, queued: false });
	});

	it('a run queued by another writer at the same moment is answered, not duplicated', async () => {
		await upsertConfig(ctx.store, { endpointId: 'jira-r', unitId: 'jira.users' });
		const results = await Promise.all([
			...Array.from({ length: 8 }, () => queueRun(ctx.store, { endpointId: 'jira-r', unitId: 'jira.users' })),
			// a writer that bypasses the function and inserts directly, guarded only by the one-queued index
			ctx.store.sequelize
				.query(
					`INSERT INTO ingestion_runs (endpoint_id, unit_id, trigger, mode, sink_id) VALUES ('jira-r', 'jira.users', 'SCHEDULE', 'FULL', 'warehouse')
           ON CONFLICT DO NOTHING`,
				)
				.then(() => undefined),
		]);
		const runIds = new Set(results.flatMap((r) => (r ? [r.run.id] : [])));
		expect(runIds.size).toBe(1);
		expect(await ctx.store.models.IngestionRun.count({ where: { endpointId: 'jira-r', unitId: 'jira.users' } })).toBe(1);
	});

	it('SCHEDULE runs need an enabled INTERVAL config', async () => {
		const scheduled = await queueRun(ctx.store, { endpointId: 'jira-r', unitId: 'jira.projects', trigger: 'SCHEDULE' });
		expect(scheduled.run.trigger).toBe('SCHEDULE');
		await upsertConfig(ctx.store, { endpointId: 'jira-r', unitId: 'jira.comments' });
		const error = await queueRun(ctx.store, { endpointId: 'jira-r', unitId: 'jira.comments', trigger: 'SCHEDULE' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ConfigValidationError);
		expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
		const badTrigger = await queueRun(ctx.store, { endpointId: 'jira-r', unitId: 'jira.comments', trigger: 'CRON' as never }).catch((e: unknown) => e);
		expect(badTrigger).toMatchObject({ field: 'trigger' });
	});

	it('lists runs most recent first, per unit and with a bounded limit', async () => {
		const all = await listRuns(ctx.store, 'jira-r');
		expect(all.map((r) => r.unitId)).toEqual(['jira.projects', 'jira.users', 'jira.issues']);
		expect((await listRuns(ctx.store, 'jira-r', { unitId: 'jira.issues' })).map((r) => r.unitId)).toEqual(['jira.issues']);
		expect(await listRuns(ctx.store, 'jira-r', { limit: 1 })).toHaveLength(1);
		await expect(listRuns(ctx.store, 'jira-r', { limit: 501 })).rejects.toMatchObject({ field: 'limit' });
		expect(await getRun(ctx.store, 'nope')).toBeNull();
	});
});

describe('trigger heartbeats', () => {
	let ctx: TestStore;

	beforeAll(async () => {
		ctx = await openTestStore('heartbeats');
		await seedJiraEndpoint(ctx.store, 'jira-h1', { datasets: [] });
		await seedJiraEndpoint(ctx.store, 'jira-h2', { datasets: [] });
	});
	afterAll(() => ctx.cleanup());

	it('a scoped trigger is live for its endpoint only; an unscoped one for all', async () => {
		expect(await isTriggerLive(ctx.store)).toBe(false);
		await recordTriggerHeartbeat(ctx.store, { instanceId: 'scoped', endpointId: 'jira-h1' });
		expect([await isTriggerLive(ctx.store, 'jira-h1'), await isTriggerLive(ctx.store, 'jira-h2'), await isTriggerLive(ctx.store)]).toEqual([
			true,
			false,
			true,
		]);
		await recordTriggerHeartbeat(ctx.store, { instanceId: 'global' });
		expect(await isTriggerLive(ctx.store, 'jira-h2')).toBe(true);
	});

	it('a heartbeat older than the window does not count; a new beat revives it', async () => {
		await ctx.store.sequelize.query(`UPDATE ingestion_trigger_heartbeats SET last_seen_at = now() - interval '91 seconds'`);
		expect(await isTriggerLive(ctx.store, 'jira-h1')).toBe(false);
		expect(await isTriggerLive(ctx.store, 'jira-h1', 120)).toBe(true);
		await recordTriggerHeartbeat(ctx.store, { instanceId: 'scoped', endpointId: 'jira-h1', host: 'worker-1', pid: 42 });
		expect(await isTriggerLive(ctx.store, 'jira-h1')).toBe(true);
		const [row] = (await ctx.store.sequelize.query(`SELECT host, pid FROM ingestion_trigger_heartbeats WHERE instance_id = 'scoped'`))[0] as Array<{
			host: string;
			pid: number;
		}>;
		expect(row).toEqual({ host: 'worker-1', pid: 42 });
	});
});
