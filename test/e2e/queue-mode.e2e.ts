import type { IngestionRun } from '../../src/store/models';
import { describeRuns, equalSets, openStackWorld, runsOf, say, sinkDiff, waitFor, type StackWorld } from '../helpers/n8n-stack-e2e';

const LABEL = 'queue';

// Small issue pages and a slow simulator make runs last seconds, so runs of one unit meet.
const UNITS = [
	{ unitId: 'jira.issues', mode: 'INCREMENTAL', dataMode: 'RAW', policy: { pageSize: 10 } },
	{ unitId: 'jira.comments', mode: 'INCREMENTAL', dataMode: 'RAW' },
	{ unitId: 'jira.worklogs', mode: 'INCREMENTAL', dataMode: 'RAW' },
	{ unitId: 'jira.projects', mode: 'FULL', dataMode: 'CDM' },
	{ unitId: 'jira.users', mode: 'FULL', dataMode: 'CDM' },
] as const;

/** Pairs of runs of one unit whose RUNNING intervals overlap (SKIPPED runs never ran). */
function overlaps(runs: IngestionRun[]): string[] {
	const found: string[] = [];
	const ran = runs.filter((run) => run.status !== 'SKIPPED' && run.startedAt);
	for (const a of ran) {
		for (const b of ran) {
			if (a.id >= b.id || a.unitId !== b.unitId) continue;
			const aEnd = a.finishedAt?.getTime() ?? Number.POSITIVE_INFINITY;
			const bEnd = b.finishedAt?.getTime() ?? Number.POSITIVE_INFINITY;
			if ((a.startedAt as Date).getTime() < bEnd && (b.startedAt as Date).getTime() < aEnd) found.push(`${a.unitId}: ${a.id} and ${b.id}`);
		}
	}
	return found;
}

/**
 * n8n in queue mode: main process (triggers) and two `n8n worker` processes on Redis with a bull prefix of this run,
 * n8n's database on Postgres. Five units on one-minute schedules plus bursts of startIngestion: executions go to
 * both workers, no unit ever runs twice at once, and every sink ends equal to the simulator's truth.
 */
describe('n8n queue mode: main + 2 workers', () => {
	let world: StackWorld;

	beforeAll(async () => {
		// Worker concurrency 2, so a burst of runs cannot all fit on one worker.
		world = await openStackWorld(LABEL, { mode: 'queue', workers: 2, issues: 80, seed: 9, workerConcurrency: 2, latencyMs: 150 });
	});
	afterAll(async () => {
		await world?.close();
	});

	it('spreads scheduled and manual runs over the workers, one run per unit at a time, data equal to the truth', async () => {
		const { env, bridge, stack, workflow } = world;
		const client = bridge.client;
		const endpointId = env.endpointId;
		const state = async () => `runs:\n${describeRuns(await runsOf(env))}\n--- n8n log tail:\n${stack.logs().split('\n').slice(-40).join('\n')}`;

		for (const cdmModelId of ['cdm.work.project', 'cdm.work.user']) await client.provisionCdmSink({ sinkEndpointId: 'cdm', cdmModelId });
		for (const unit of UNITS) {
			await client.configureIngestionUnit({ endpointId, ...unit, scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 1, enabled: true });
		}
		say(LABEL, `configured ${UNITS.map((u) => `${u.unitId} (${u.mode} ${u.dataMode})`).join(', ')}, every 1 min`);

		// Every unit's first scheduled run, then a burst of "run now" for every unit, twice over, while schedules go on.
		await waitFor(
			LABEL,
			'a scheduled run of every unit',
			async () => {
				const runs = await runsOf(env, { trigger: 'SCHEDULE' });
				return UNITS.every((unit) => runs.some((run) => run.unitId === unit.unitId && run.status !== 'QUEUED')) ? runs : undefined;
			},
			{ timeoutMs: 180_000, intervalMs: 2_000, state },
		);
		// A second burst once the first runs are RUNNING: those units get new runs, which meet the running ones
		// (while a unit's run is still QUEUED, startIngestion answers with that run).
		const manual = new Set<string>();
		const burst = async () => {
			for (const result of await Promise.all(UNITS.map((unit) => client.startIngestion({ endpointId, unitId: unit.unitId })))) {
				expect(result.ok).toBe(true);
				manual.add(result.runId as string);
			}
		};
		await burst();
		await waitFor(LABEL, 'a manual run RUNNING', async () => (await runsOf(env, { trigger: 'MANUAL', status: 'RUNNING' }))[0], {
			timeoutMs: 60_000,
			intervalMs: 100,
			state,
		});
		await burst();
		say(LABEL, `startIngestion ×${UNITS.length * 2}: ${manual.size} runs (${[...manual].map((id) => id.slice(0, 8)).join(' ')})`);

		// Let one more minute of schedules overlap with the manual runs, then stop the schedules and drain.
		await waitFor(
			LABEL,
			'every manual run finished and a second scheduled round',
			async () => {
				const runs = await runsOf(env);
				const manualDone = [...manual].every((id) => runs.some((run) => run.id === id && ['SUCCEEDED', 'SKIPPED', 'FAILED'].includes(run.status)));
				const scheduled = runs.filter((run) => run.trigger === 'SCHEDULE');
				const secondRound = UNITS.every((unit) => scheduled.filter((run) => run.unitId === unit.unitId).length >= 2);
				return manualDone && secondRound ? runs : undefined;
			},
			{ timeoutMs: 180_000, intervalMs: 2_000, state },
		);
		for (const unit of UNITS) await client.configureIngestionUnit({ endpointId, unitId: unit.unitId, enabled: false });
		const runs = await waitFor(
			LABEL,
			'no run queued or running',
			async () => {
				const all = await runsOf(env);
				return all.every((run) => run.status !== 'QUEUED' && run.status !== 'RUNNING') ? all : undefined;
			},
			{ timeoutMs: 120_000, intervalMs: 1_000, state },
		);
		say(LABEL, `run history (${runs.length} runs):\n${describeRuns(runs)}`);

		// Which worker ran what: the run rows name `<host>:<pid>` of the process that ran the engine.
		const workerOf = new Map(stack.workerPids.map((pid, i) => [String(pid), `worker${i + 1}`]));
		const byWorker = new Map<string, number>();
		for (const run of runs.filter((r) => r.worker)) {
			const name = workerOf.get(String(run.worker).split(':').pop() as string) ?? `other (${run.worker})`;
			byWorker.set(name, (byWorker.get(name) ?? 0) + 1);
		}
		say(LABEL, `runs per process: ${JSON.stringify(Object.fromEntries(byWorker))}`);
		const started = stack.logs().match(/\[worker\d\] Worker started execution \d+/g) ?? [];
		const perWorkerLog = started.reduce<Record<string, number>>((acc, line) => {
			const name = line.slice(1, line.indexOf(']'));
			acc[name] = (acc[name] ?? 0) + 1;
			return acc;
		}, {});
		say(LABEL, `executions started per worker (worker logs): ${JSON.stringify(perWorkerLog)}`);
		expect([...byWorker.keys()].sort()).toEqual(['worker1', 'worker2']);
		expect(Object.keys(perWorkerLog).sort()).toEqual(['worker1', 'worker2']);

		expect(overlaps(runs)).toEqual([]);
		expect(runs.filter((run) => !['SUCCEEDED', 'SKIPPED'].includes(run.status)).map((run) => `${run.unitId} ${run.status} ${run.error}`)).toEqual([]);
		const counts = runs.reduce<Record<string, number>>((acc, run) => ({ ...acc, [`${run.trigger} ${run.status}`]: (acc[`${run.trigger} ${run.status}`] ?? 0) + 1 }), {});
		say(LABEL, `run outcomes: ${JSON.stringify(counts)}`);

		for (const unit of UNITS) {
			const diff = await sinkDiff(env, unit.unitId, unit.mode, unit.dataMode);
			say(LABEL, `sink rows: ${unit.dataMode} ${unit.unitId} ${diff.expected} expected, ${diff.missingCount} missing, ${diff.extraCount} extra, ${diff.changedCount} changed`);
			expect(diff).toEqual(equalSets(diff.expected));
		}

		const executions = await stack.api.listExecutions({ workflowId: workflow.workflowId });
		say(LABEL, `n8n executions of the worker workflow: ${executions.length}, statuses ${JSON.stringify(executions.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.status]: (acc[e.status] ?? 0) + 1 }), {}))}`);
		expect(executions.every((execution) => execution.status === 'success')).toBe(true);
	});
});
