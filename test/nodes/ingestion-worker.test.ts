import { QueryTypes } from 'sequelize';

import { upsertConfig } from '../../src/ingestion/config-service';
import { queueRun, getRun } from '../../src/ingestion/run-queue';
import { isTriggerLive } from '../../src/ingestion/trigger-heartbeat';
import { lastScheduleSlot } from '../../src/scheduling/schedule-slots';
import { JiraMetadataSubsystem } from '../../src/jira/metadata-subsystem';
import type { JiraSimulator } from '../../src/jira-simulator';
import { closeCachedStores } from '../../src/n8n/store-pool';
import { ingestionWorkerTemplate } from '../../src/n8n/workflow-template';
import type { Store } from '../../src/store';
import { readRaw } from '../helpers/engine-fixtures';
import { SIMULATOR_CREDENTIALS, startSimulator } from '../helpers/jira';
import { activateTrigger, installFakeScheduler, runWorkflow, shutdownN8n, type WorkflowJson } from '../helpers/n8n-harness';
import { addSimulatorEndpoint, credentialsFor } from '../helpers/n8n-fixtures';
import { openTestStore, type TestStore } from '../helpers/test-database';

const T0 = new Date(Date.UTC(2031, 0, 6, 9, 0, 0));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

describe('the ingestion worker template (Ingestion Trigger → Ingestion Run) in n8n WorkflowExecute', () => {
	let ts: TestStore;
	let store: Store;
	let sim: JiraSimulator;
	let template: WorkflowJson;

	beforeAll(async () => {
		ts = await openTestStore('n8n_worker');
		store = ts.store;
		sim = await startSimulator({ seed: 11, issues: 40 });
		await addSimulatorEndpoint(store, 'jira-sim', sim);
		const auth = { kind: 'basic' as const, email: SIMULATOR_CREDENTIALS.email, apiToken: SIMULATOR_CREDENTIALS.apiToken };
		await new JiraMetadataSubsystem(store, { auth }).collect('jira-sim');
		await upsertConfig(store, { endpointId: 'jira-sim', unitId: 'jira.issues', mode: 'FULL' });
		await upsertConfig(store, { endpointId: 'jira-sim', unitId: 'jira.projects', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 15 });
		template = ingestionWorkerTemplate({
			credentials: { store: { id: 'store-cred', name: 'Ingestion Store' }, jira: { id: 'jira-cred', name: 'Jira Ingestion' } },
		}) as unknown as WorkflowJson;
	});
	afterAll(async () => {
		await closeCachedStores();
		await sim.stop();
		await ts.cleanup();
		shutdownN8n();
	});

	it('is importable through n8n\'s public API: only name, nodes, connections and settings, and a credential placeholder per node', () => {
		const raw = ingestionWorkerTemplate();
		expect(Object.keys(raw).sort()).toEqual(['connections', 'name', 'nodes', 'settings']);
		expect(raw.nodes.map((node) => [node.name, node.type, node.credentials])).toEqual([
			['Ingestion Trigger', 'n8n-nodes-ingestion.ingestionTrigger', { ingestionStoreApi: { id: null, name: 'Ingestion Store' } }],
			[
				'Ingestion Run',
				'n8n-nodes-ingestion.ingestionRun',
				{ ingestionStoreApi: { id: null, name: 'Ingestion Store' }, jiraIngestionApi: { id: null, name: 'Jira Ingestion' } },
			],
		]);
		expect(ingestionWorkerTemplate({ typePrefix: 'CUSTOM', endpointId: 'jira-sim' }).nodes.map((node) => [node.type, node.parameters.endpointId])).toEqual([
			['CUSTOM.ingestionTrigger', 'jira-sim'],
			['CUSTOM.ingestionRun', undefined],
		]);
	});

	it('emits a queued manual run, which the Run node carries out into the raw sink; a due schedule does the same; the heartbeat lives while active', async () => {
		const scheduler = installFakeScheduler(T0);
		const active = await activateTrigger(template, { credentials: credentialsFor(ts.database.url, sim) });
		expect(scheduler.crons.map((cron) => cron.ctx)).toEqual([expect.objectContaining({ workflowId: 'wf-test', timezone: expect.any(String) })]);
		expect(await isTriggerLive(store, 'jira-sim')).toBe(true);

		// "run now" (the bridge's startIngestion queues it)
		const { run } = await queueRun(store, { endpointId: 'jira-sim', unitId: 'jira.issues' });
		await waitFor(() => active.runs.length === 1, 'an execution for the queued run');
		const manual = await active.runs[0];
		expect(manual.status).toBe('success');
		expect(manual.order).toEqual(['Ingestion Trigger', 'Ingestion Run']);
		expect(manual.json('Ingestion Trigger')).toEqual([
			expect.objectContaining({ kind: 'run', runId: run.id, endpointId: 'jira-sim', unitId: 'jira.issues', mode: 'FULL', trigger: 'MANUAL' }),
		]);
		const [summary] = manual.json('Ingestion Run');
		expect(summary).toEqual(expect.objectContaining({ runId: run.id, status: 'SUCCEEDED', unitId: 'jira.issues', trigger: 'MANUAL' }));
		expect((summary.stats as Record<string, number>).rowsWritten).toBe(40);
		expect((await getRun(store, run.id))?.status).toBe('SUCCEEDED');
		expect(await readRaw(store, 'jira-sim', 'jira.issues')).toHaveLength(40);

		// the 15-minute schedule of jira.projects: its next slot opens within 15 minutes
		scheduler.advanceTo(new Date(T0.getTime() + 15 * 60_000));
		await waitFor(() => active.runs.length === 2, 'an execution for the scheduled run');
		const scheduled = await active.runs[1];
		expect(scheduled.status).toBe('success');
		expect(scheduled.json('Ingestion Run')).toEqual([expect.objectContaining({ unitId: 'jira.projects', trigger: 'SCHEDULE', status: 'SUCCEEDED' })]);
		expect(await readRaw(store, 'jira-sim', 'jira.projects')).toHaveLength(3);

		// ticks in the same slot (a doubled cron, a restarted leader) queue nothing more
		const slot = await lastScheduleSlot(store, 'jira-sim', 'jira.projects');
		expect(slot).toEqual(expect.objectContaining({ runId: (scheduled.json('Ingestion Run')[0] as { runId: string }).runId }));
		for (const cron of scheduler.crons) cron.onTick(new Date((slot as { slotAt: Date }).slotAt.getTime() + 60_000));
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(active.runs).toHaveLength(2);

		await active.close();
		expect(await isTriggerLive(store, 'jira-sim')).toBe(false);
		const [{ runs }] = await store.sequelize.query<{ runs: number }>(`SELECT count(*)::int AS runs FROM ingestion_runs WHERE endpoint_id = 'jira-sim'`, {
			type: QueryTypes.SELECT,
		});
		expect(runs).toBe(2);
	});

	it('when tested in the editor, emits one sample request of a configured unit, which the Run node runs; no cron is registered', async () => {
		const scheduler = installFakeScheduler(T0);
		const result = await runWorkflow(template, { credentials: credentialsFor(ts.database.url, sim), mode: 'manual' });
		expect(result.status).toBe('success');
		expect(scheduler.crons).toHaveLength(0);
		expect(result.json('Ingestion Trigger')).toEqual([
			expect.objectContaining({ kind: 'run', runId: null, sample: true, endpointId: 'jira-sim', unitId: 'jira.projects', trigger: 'MANUAL' }),
		]);
		expect(result.json('Ingestion Run')).toEqual([expect.objectContaining({ unitId: 'jira.projects', status: 'SUCCEEDED', trigger: 'MANUAL' })]);
	});
});
