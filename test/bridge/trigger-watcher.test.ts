import {
	INGESTION_EVENTS_CHANNEL,
	deleteEndpoint,
	listenIngestionEvents,
	recordTriggerHeartbeat,
	removeTriggerHeartbeat,
	setEndpointEnabled,
	type IngestionEvent,
	type IngestionEventListener,
} from '../../src/ingestion';
import { Collector, startTestBridge, type TestBridge } from '../helpers/bridge';
import { seedJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('a trigger watching the store sees schedules go live and stop', () => {
	let ctx: TestStore;
	let bridge: TestBridge;
	let listener: IngestionEventListener;
	const events = new Collector<IngestionEvent>();

	beforeAll(async () => {
		ctx = await openTestStore('bridge_trigger');
		await seedJiraEndpoint(ctx.store, 'jira-t');
		bridge = await startTestBridge(ctx.store);
		listener = await listenIngestionEvents(ctx.database.url, events.push);
	});
	afterAll(async () => {
		await listener?.close();
		await bridge?.close();
		await ctx.cleanup();
	});

	const configEvent = (match: Partial<Extract<IngestionEvent, { kind: 'config' }>>) => (event: IngestionEvent) =>
		event.kind === 'config' && Object.entries(match).every(([key, value]) => (event as unknown as Record<string, unknown>)[key] === value);

	it('uses the documented channel', () => {
		expect(INGESTION_EVENTS_CHANNEL).toBe('n8n_ingestion_events');
	});

	it('enabling an INTERVAL unit, disabling it and switching to MANUAL each notify the watcher', async () => {
		const config = await bridge.client.configureIngestionUnit({
			endpointId: 'jira-t',
			unitId: 'jira.issues',
			enabled: true,
			scheduleKind: 'INTERVAL',
			scheduleIntervalMinutes: 5,
		});
		expect(await events.waitFor(configEvent({ op: 'INSERT', unitId: 'jira.issues' }))).toEqual({
			kind: 'config',
			op: 'INSERT',
			endpointId: 'jira-t',
			unitId: 'jira.issues',
			configId: config.id,
			enabled: true,
			scheduleKind: 'INTERVAL',
			scheduleIntervalMinutes: 5,
		});

		await bridge.client.configureIngestionUnit({ endpointId: 'jira-t', unitId: 'jira.issues', enabled: false });
		await events.waitFor(configEvent({ op: 'UPDATE', enabled: false, scheduleKind: 'INTERVAL' }));

		await bridge.client.configureIngestionUnit({ endpointId: 'jira-t', unitId: 'jira.issues', enabled: true, scheduleKind: 'MANUAL' });
		await events.waitFor(configEvent({ op: 'UPDATE', enabled: true, scheduleKind: 'MANUAL', scheduleIntervalMinutes: null }));
	});

	it('a rejected change notifies nothing', async () => {
		const before = events.items.length;
		await bridge.client.configureIngestionUnit({ endpointId: 'jira-t', unitId: 'jira.issues', scheduleIntervalMinutes: 0 }).catch(() => undefined);
		// A later accepted change arrives; nothing came in between.
		await bridge.client.configureIngestionUnit({ endpointId: 'jira-t', unitId: 'jira.comments' });
		const next = await events.waitFor(configEvent({ unitId: 'jira.comments' }));
		expect(events.items.slice(before)).toEqual([next]);
	});

	it('queued runs and collections notify too', async () => {
		const run = await bridge.client.startIngestion({ endpointId: 'jira-t', unitId: 'jira.issues' });
		expect(await events.waitFor((e) => e.kind === 'run')).toEqual({
			kind: 'run',
			op: 'INSERT',
			endpointId: 'jira-t',
			unitId: 'jira.issues',
			runId: run.runId,
			trigger: 'MANUAL',
			status: 'QUEUED',
		});
		const collection = await bridge.client.collectMetadata('jira-t');
		expect(await events.waitFor((e) => e.kind === 'collect')).toMatchObject({ endpointId: 'jira-t', requestId: collection.request.id });
	});

	it('the answer says whether a live trigger (recent heartbeat) is watching', async () => {
		const instanceId = `trigger-${process.pid}-${Date.now()}`;
		expect((await bridge.client.ingestionUnitConfig('jira-t', 'jira.issues'))?.triggerLive).toBe(false);
		await recordTriggerHeartbeat(ctx.store, { instanceId, host: 'n8n-main' });
		const live = await bridge.client.configureIngestionUnit({
			endpointId: 'jira-t',
			unitId: 'jira.issues',
			scheduleKind: 'INTERVAL',
			scheduleIntervalMinutes: 15,
		});
		expect(live).toMatchObject({ triggerLive: true, scheduleLive: true });
		await ctx.store.sequelize.query(`UPDATE ingestion_trigger_heartbeats SET last_seen_at = now() - interval '5 minutes' WHERE instance_id = $1`, {
			bind: [instanceId],
		});
		expect(await bridge.client.ingestionUnitConfig('jira-t', 'jira.issues')).toMatchObject({ triggerLive: false, scheduleLive: false });
		await recordTriggerHeartbeat(ctx.store, { instanceId, host: 'n8n-main' });
		expect((await bridge.client.endpoint('jira-t'))?.triggerLive).toBe(true);
		await removeTriggerHeartbeat(ctx.store, instanceId);
		expect((await bridge.client.endpoint('jira-t'))?.triggerLive).toBe(false);
	});

	it('disabling the endpoint stops its schedules; deleting it notifies each config’s removal', async () => {
		await setEndpointEnabled(ctx.store, 'jira-t', false);
		await events.waitFor(configEvent({ op: 'UPDATE', unitId: 'jira.issues', enabled: false }));
		const runs = await bridge.client.ingestionRuns('jira-t');
		expect(runs.map((r) => r.status)).toEqual(['SKIPPED']);
		const node = await ctx.store.models.KbNode.findOne({ where: { logicalId: 'ingestion::jira-t::jira.issues' }, raw: true });
		expect(node?.payload.enabled).toBe(false);

		await deleteEndpoint(ctx.store, 'jira-t');
		await events.waitFor(configEvent({ op: 'DELETE', unitId: 'jira.issues', enabled: false }));
		await events.waitFor(configEvent({ op: 'DELETE', unitId: 'jira.comments' }));
	});
});
