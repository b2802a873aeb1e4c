import { DateTime } from 'luxon';
import { QueryTypes } from 'sequelize';

import { requestCollection } from '../../src/ingestion/collection-requests';
import { upsertConfig } from '../../src/ingestion/config-service';
import { runInputForRequest } from '../../src/ingestion/run-request-input';
import { queueRun } from '../../src/ingestion/run-queue';
import { runIngestionUnit } from '../../src/ingestion/run-unit';
import { isTriggerLive } from '../../src/ingestion/trigger-heartbeat';
import { lastScheduleSlot } from '../../src/scheduling/schedule-slots';
import { IngestionTriggerService } from '../../src/scheduling/trigger-service';
import type { RunRequest, TriggerRequest } from '../../src/scheduling/trigger-request';
import type { Store } from '../../src/store';
import { FakeScheduler } from '../helpers/fake-scheduler';
import { MemoryDataset, MemorySource } from '../helpers/memory-source';
import { seedJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

const T0 = Date.UTC(2031, 0, 6, 9, 0, 0);

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

describe('IngestionTriggerService (real Postgres, fake n8n cron with a controllable clock)', () => {
	let ts: TestStore;
	let store: Store;
	const services: IngestionTriggerService[] = [];

	beforeAll(async () => {
		ts = await openTestStore('trigger_service');
		store = ts.store;
	});
	afterEach(async () => {
		await Promise.all(services.splice(0).map((service) => service.stop()));
	});
	afterAll(() => ts.cleanup());

	/** A service wired to a fake scheduler (n8n 1.x style: ticks carry no time, the clock is the scheduler's). */
	function trigger(name: string, endpointId: string | null, extra: Partial<ConstructorParameters<typeof IngestionTriggerService>[0]> = {}) {
		const scheduler = new FakeScheduler(DateTime.fromMillis(T0), { passScheduledTime: false });
		const emitted: TriggerRequest[] = [];
		const service = new IngestionTriggerService({
			store,
			endpointId,
			instanceId: `test:${name}`,
			registerCron: (expression, onTick) => scheduler.registerCron({ expression, nodeId: name, workflowId: 'wf', timezone: 'UTC' }, onTick),
			emit: (request) => emitted.push(request),
			clock: () => scheduler.nowMs,
			spread: false,
			...extra,
		});
		services.push(service);
		const advance = async (minutes: number) => {
			scheduler.advanceTo(new Date(scheduler.nowMs + minutes * 60_000));
			await service.drain();
		};
		return { service, scheduler, emitted, advance, runs: () => emitted.filter((r): r is RunRequest => r.kind === 'run') };
	}

	/** Carries out an emitted run like the Run node does (a small in-memory source into the raw sink). */
	async function carryOut(request: RunRequest) {
		const input = await runInputForRequest(store, request);
		return runIngestionUnit(input, { store, sourceFactory: () => new MemorySource(MemoryDataset.generate(3, 12), { pageSize: 5 }) });
	}

	it('keeps one cron per distinct expression for the enabled INTERVAL units, and a heartbeat while it runs', async () => {
		await seedJiraEndpoint(store, 'ts-a');
		await upsertConfig(store, { endpointId: 'ts-a', unitId: 'jira.issues', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 15 });
		await upsertConfig(store, { endpointId: 'ts-a', unitId: 'jira.comments', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 30 });
		await upsertConfig(store, { endpointId: 'ts-a', unitId: 'jira.worklogs', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 7 });
		await upsertConfig(store, { endpointId: 'ts-a', unitId: 'jira.users', scheduleKind: 'MANUAL' });
		await upsertConfig(store, { endpointId: 'ts-a', unitId: 'jira.projects', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 60, enabled: false });

		const { service, scheduler } = trigger('one', 'ts-a');
		await service.start();
		expect(service.scheduledUnits().map((unit) => [unit.unitId, unit.intervalMinutes, unit.expression])).toEqual([
			['jira.comments', 30, '0 */15 * * * *'],
			['jira.issues', 15, '0 */15 * * * *'],
			['jira.worklogs', 7, '0 * * * * *'],
		]);
		// n8n would skip a second cron with the same expression; the service shares one instead
		expect(scheduler.crons.map((cron) => cron.ctx.expression)).toEqual(['0 */15 * * * *', '0 * * * * *']);
		expect(scheduler.skipped).toEqual([]);
		expect(await isTriggerLive(store, 'ts-a')).toBe(true);

		await service.stop();
		expect(await isTriggerLive(store, 'ts-a')).toBe(false);
	});

	it('schedules a unit configured after start (NOTIFY), runs it once per slot, and its old crons do nothing once disabled or re-timed', async () => {
		await seedJiraEndpoint(store, 'ts-b');
		const { service, scheduler, advance, runs } = trigger('two', 'ts-b');
		await service.start();
		expect(scheduler.crons).toHaveLength(0);

		await upsertConfig(store, { endpointId: 'ts-b', unitId: 'jira.worklogs', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 5 });
		await waitFor(() => scheduler.crons.length === 1, 'the cron of the new unit');

		// registered at 09:00:00, after that minute's tick: the first slot to open is 09:05, then 09:10
		for (let minute = 0; minute < 12; minute++) {
			await advance(1);
			for (const request of runs().slice(-1)) {
				const [row] = await store.sequelize.query<{ status: string }>('SELECT status FROM ingestion_runs WHERE id = $1', {
					bind: [request.runId],
					type: QueryTypes.SELECT,
				});
				if (row.status === 'QUEUED') expect((await carryOut(request)).status).toBe('SUCCEEDED');
			}
		}
		expect(runs().map((request) => [request.unitId, request.trigger])).toEqual([
			['jira.worklogs', 'SCHEDULE'],
			['jira.worklogs', 'SCHEDULE'],
		]);
		expect(new Set(runs().map((request) => request.runId)).size).toBe(2);
		expect(await lastScheduleSlot(store, 'ts-b', 'jira.worklogs')).toEqual(
			expect.objectContaining({ slotAt: new Date(T0 + 10 * 60_000), intervalMinutes: 5, claimedBy: 'test:two', runId: runs()[1].runId }),
		);

		// disabled: the cron still ticks (n8n cannot remove it) but claims nothing
		await upsertConfig(store, { endpointId: 'ts-b', unitId: 'jira.worklogs', enabled: false });
		await advance(15);
		expect(runs()).toHaveLength(2);

		// re-enabled every 10 minutes: a new cron; the 5-minute one stays silent
		await upsertConfig(store, { endpointId: 'ts-b', unitId: 'jira.worklogs', enabled: true, scheduleIntervalMinutes: 10 });
		await waitFor(() => service.scheduledUnits().length === 2, 'the cron of the re-timed unit');
		expect(scheduler.crons.map((cron) => cron.ctx.expression)).toEqual(['0 */5 * * * *']); // both intervals share one cron
		const before = runs().length;
		for (let minute = 0; minute < 20; minute++) {
			await advance(1);
			const last = runs()[runs().length - 1];
			if (runs().length > before && last) {
				const [row] = await store.sequelize.query<{ status: string }>('SELECT status FROM ingestion_runs WHERE id = $1', { bind: [last.runId], type: QueryTypes.SELECT });
				if (row.status === 'QUEUED') await carryOut(last);
			}
		}
		// 09:27 → 09:47: slots 09:30 and 09:40 of the 10-minute grid, nothing from the 5-minute cron
		expect(runs().length - before).toBe(2);
		const slots = await store.sequelize.query<{ queued_at: Date }>(
			`SELECT queued_at FROM ingestion_runs WHERE endpoint_id = 'ts-b' AND trigger = 'SCHEDULE' ORDER BY queued_at`,
			{ type: QueryTypes.SELECT },
		);
		expect(slots).toHaveLength(4);
	});

	it('fires each slot once when two trigger instances tick it, and emits a queued manual run from exactly one', async () => {
		await seedJiraEndpoint(store, 'ts-c');
		await upsertConfig(store, { endpointId: 'ts-c', unitId: 'jira.issues', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 15 });
		await upsertConfig(store, { endpointId: 'ts-c', unitId: 'jira.users' });
		const a = trigger('a', 'ts-c');
		const b = trigger('b', null); // watches every endpoint
		await Promise.all([a.service.start(), b.service.start()]);

		for (let step = 0; step < 4; step++) {
			await Promise.all([a.advance(15), b.advance(15)]);
			for (const request of [...a.runs(), ...b.runs()]) {
				const [row] = await store.sequelize.query<{ status: string }>('SELECT status FROM ingestion_runs WHERE id = $1', { bind: [request.runId], type: QueryTypes.SELECT });
				if (row.status === 'QUEUED') await carryOut(request);
			}
		}
		const scheduled = [...a.runs(), ...b.runs()].filter((request) => request.endpointId === 'ts-c');
		expect(scheduled).toHaveLength(4);
		expect(new Set(scheduled.map((request) => request.runId)).size).toBe(4);

		const { run } = await queueRun(store, { endpointId: 'ts-c', unitId: 'jira.users' });
		await waitFor(() => [...a.runs(), ...b.runs()].some((request) => request.runId === run.id), 'the manual run to be emitted');
		await Promise.all([a.service.drain(), b.service.drain(), a.service.resync(), b.service.resync()]);
		const manual = [...a.runs(), ...b.runs()].filter((request) => request.runId === run.id);
		expect(manual).toEqual([
			expect.objectContaining({ kind: 'run', runId: run.id, endpointId: 'ts-c', unitId: 'jira.users', trigger: 'MANUAL', mode: 'FULL', sinkId: 'warehouse', dataMode: 'RAW', cdmModelId: 'cdm.work.user' }),
		]);
	});

	it('emits a run again when it is still QUEUED long after its dispatch, and emits queued collection requests', async () => {
		await seedJiraEndpoint(store, 'ts-d');
		await upsertConfig(store, { endpointId: 'ts-d', unitId: 'jira.projects' });
		const { service, emitted } = trigger('d', 'ts-d', { redispatchAfterSeconds: 600 });
		const { run } = await queueRun(store, { endpointId: 'ts-d', unitId: 'jira.projects' });
		await service.start();
		expect(emitted.map((request) => request.kind === 'run' && request.runId)).toEqual([run.id]);

		await service.resync();
		expect(emitted).toHaveLength(1); // dispatched moments ago: not again

		await store.sequelize.query(`UPDATE ingestion_runs SET dispatched_at = now() - interval '11 minutes' WHERE id = $1`, { bind: [run.id] });
		await service.resync();
		expect(emitted.map((request) => request.kind === 'run' && request.runId)).toEqual([run.id, run.id]);
		const [row] = await store.sequelize.query<{ dispatch_count: number; dispatched_by: string }>(
			'SELECT dispatch_count, dispatched_by FROM ingestion_runs WHERE id = $1',
			{ bind: [run.id], type: QueryTypes.SELECT },
		);
		expect(row).toEqual({ dispatch_count: 2, dispatched_by: 'test:d' });

		const { request } = await requestCollection(store, 'ts-d');
		await waitFor(() => emitted.some((item) => item.kind === 'collect'), 'the collection request');
		expect(emitted[emitted.length - 1]).toEqual({ kind: 'collect', requestId: request.id, endpointId: 'ts-d', requestedAt: request.requestedAt.toISOString() });
	});

	it('refuses to start for an endpoint that does not exist', async () => {
		const { service } = trigger('e', 'ts-missing');
		await expect(service.start()).rejects.toThrow('Endpoint "ts-missing" does not exist in the ingestion store');
	});
});
