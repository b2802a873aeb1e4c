import { QueryTypes } from 'sequelize';

import { upsertConfig } from '../../src/ingestion/config-service';
import { liveTriggersFor } from '../../src/ingestion/trigger-heartbeat';
import { closeCachedStores } from '../../src/n8n/store-pool';
import type { Store } from '../../src/store';
import { activateTrigger, installFakeScheduler, shutdownN8n, type ActiveTrigger } from '../helpers/n8n-harness';
import { credentialsFor, packageNode, single } from '../helpers/n8n-fixtures';
import { seedJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

const T0 = new Date(Date.UTC(2031, 0, 6, 9, 0, 0));

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

describe('Ingestion Trigger node: crons through n8n-core TriggerContext, resync on NOTIFY, two instances', () => {
	let ts: TestStore;
	let store: Store;

	beforeAll(async () => {
		ts = await openTestStore('n8n_trigger');
		store = ts.store;
		await seedJiraEndpoint(store, 'jira-trg');
	});
	afterAll(async () => {
		await closeCachedStores();
		await ts.cleanup();
		shutdownN8n();
	});

	const triggerNode = (id: string) => packageNode('Ingestion Trigger', 'ingestionTrigger', { endpointId: 'jira-trg', options: { spreadStartTimes: false } }, { id });
	const emittedRuns = (...triggers: ActiveTrigger[]) =>
		triggers.flatMap((trigger) => trigger.emitted.map((data) => data[0][0].json as { kind: string; runId: string; unitId: string; trigger: string }));
	const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

	it('registers a cron for a unit scheduled after activation, fires each slot once across two instances, and stops with the unit', async () => {
		const scheduler = installFakeScheduler(T0);
		const credentials = credentialsFor(ts.database.url);
		const a = await activateTrigger(single(triggerNode('trigger-a')), { credentials, runEmits: false });
		const b = await activateTrigger(single(triggerNode('trigger-b')), { credentials, runEmits: false });
		expect(scheduler.crons).toHaveLength(0);
		const beats = await store.sequelize.query<{ endpoint_id: string }>('SELECT endpoint_id FROM ingestion_trigger_heartbeats', { type: QueryTypes.SELECT });
		expect(beats).toEqual([{ endpoint_id: 'jira-trg' }, { endpoint_id: 'jira-trg' }]);

		await upsertConfig(store, { endpointId: 'jira-trg', unitId: 'jira.issues', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 5 });
		await waitFor(() => scheduler.crons.length === 2, 'a cron on each instance');
		expect(scheduler.crons.map((cron) => [cron.ctx.nodeId, cron.ctx.expression]).sort()).toEqual([
			['trigger-a', '0 */5 * * * *'],
			['trigger-b', '0 */5 * * * *'],
		]);

		/** Advances in 5-minute steps; after each, waits for the emits and ends the queued runs, as the Run node would. */
		const step = async (untilMinute: number, expectedRuns: number) => {
			scheduler.advanceTo(new Date(T0.getTime() + untilMinute * 60_000));
			await waitFor(() => emittedRuns(a, b).length >= expectedRuns, `${expectedRuns} runs by minute ${untilMinute}`);
			await settle();
			expect(emittedRuns(a, b)).toHaveLength(expectedRuns);
			await store.sequelize.query(`UPDATE ingestion_runs SET status = 'SUCCEEDED', started_at = now(), finished_at = now() WHERE status = 'QUEUED'`);
		};
		// slots 09:05, 09:10, 09:15: one run each, although both instances tick every one of them
		await step(5, 1);
		await step(10, 2);
		await step(15, 3);
		expect(emittedRuns(a, b).map((run) => [run.kind, run.unitId, run.trigger])).toEqual([
			['run', 'jira.issues', 'SCHEDULE'],
			['run', 'jira.issues', 'SCHEDULE'],
			['run', 'jira.issues', 'SCHEDULE'],
		]);

		// disabled: the crons keep ticking (n8n cannot remove them) and emit nothing
		await upsertConfig(store, { endpointId: 'jira-trg', unitId: 'jira.issues', enabled: false });
		await settle();
		for (const minute of [20, 25, 30]) await step(minute, 3);

		// re-enabled every 10 minutes: the shared */5 cron now opens 10-minute slots (09:30 late at 09:35, 09:40, 09:50)
		await upsertConfig(store, { endpointId: 'jira-trg', unitId: 'jira.issues', enabled: true, scheduleIntervalMinutes: 10 });
		await settle();
		expect(scheduler.crons).toHaveLength(2);
		await step(35, 4);
		await step(40, 5);
		await step(45, 5);
		await step(50, 6);
		const [{ n }] = await store.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM ingestion_runs WHERE trigger = 'SCHEDULE'`, { type: QueryTypes.SELECT });
		expect(n).toBe(6);

		await a.close();
		await b.close();
		expect((await liveTriggersFor(store, ['jira-trg'])).get('jira-trg')).toBe(false);
	});
});
