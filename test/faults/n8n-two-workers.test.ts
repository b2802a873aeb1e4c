import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { QueryTypes } from 'sequelize';

import { queueRun } from '../../src/ingestion/run-queue';
import { printFaultSummary } from '../helpers/fault-summary';
import { applyChanges } from '../helpers/jira-changes';
import { configureUnit, equalSets, mappedTruth, openJiraE2E, readCdmRows, rowSetDiff, truthOf, type JiraE2E } from '../helpers/jira-e2e';

const CHILD = path.resolve(__dirname, '../fixtures/n8n-worker-child.ts');
const UNIT = 'jira.issues';
const ROUNDS = 4;

interface WorkerOutput {
	status: string;
	error: string | null;
	items: Array<{ status?: string; runId?: string; skippedReason?: string }>;
}

/** A worker process (n8n-core WorkflowExecute running the Ingestion Run node), started and waiting for `go()`. */
function startWorker(env: NodeJS.ProcessEnv) {
	const child = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const lines = createInterface({ input: child.stdout });
	let markReady: () => void;
	let failReady: (error: Error) => void;
	const ready = new Promise<void>((resolve, reject) => {
		markReady = resolve;
		failReady = reject;
	});
	const result = new Promise<WorkerOutput>((resolve, reject) => {
		lines.on('line', (line) => {
			if (line === 'ready') markReady();
			else if (line.startsWith('result ')) resolve(JSON.parse(line.slice('result '.length)) as WorkerOutput);
		});
		child.on('close', (code) => {
			// A worker that dies before it is ready fails the round at once instead of leaving it waiting.
			const error = new Error(`worker exited with ${code} before its result: ${stderr.slice(-500)}`);
			failReady(error);
			reject(error);
		});
	});
	result.catch(() => undefined); // awaited later; a failure before then is reported through `ready`
	return { ready, result, go: () => child.stdin.end('go\n') };
}

/**
 * Two n8n workers execute the same unit at the same moment, a few rounds (the chosen unit, or one queued run request
 * handed to both): the unit's lease lets exactly one run be RUNNING at a time, the other ends SKIPPED, data exact.
 */
describe('fault: two n8n workers running the same unit', () => {
	let env: JiraE2E;

	beforeAll(async () => {
		env = await openJiraE2E('f_two_workers', { sim: { seed: 81, issues: 600 } });
		await configureUnit(env, { unitId: UNIT, mode: 'SCD1', dataMode: 'CDM', policy: { pageSize: 20 } });
	});
	afterAll(() => env.close());

	async function runningRuns(): Promise<number> {
		const [{ running }] = await env.store.sequelize.query<{ running: number }>(
			`SELECT count(*)::int AS running FROM ingestion_runs WHERE endpoint_id = $1 AND unit_id = $2 AND status = 'RUNNING'`,
			{ bind: [env.endpointId, UNIT], type: QueryTypes.SELECT },
		);
		return running;
	}

	it(`${ROUNDS} rounds: one worker SUCCEEDS, the other is SKIPPED, never two RUNNING, the CDM rows end equal to the truth`, async () => {
		const rounds: string[] = [];
		let maxRunning = 0;
		for (let round = 0; round < ROUNDS; round++) {
			if (round > 0) applyChanges(env.sim.control, 900 + round, 0.5, { deleteIssues: false });
			// A few ms per answer: a run lasts long enough for the two workers to meet.
			env.sim.control.setFaults({ latencyMs: 25 });
			const queued = round % 2 === 1 ? (await queueRun(env.store, { endpointId: env.endpointId, unitId: UNIT })).run.id : undefined;
			const workerEnv = { DATABASE_URL: env.ts.database.url, SIM_URL: env.sim.url, ENDPOINT_ID: env.endpointId, UNIT_ID: UNIT, ...(queued ? { RUN_ID: queued } : {}) };
			const workers = [startWorker(workerEnv), startWorker(workerEnv)];
			await Promise.all(workers.map((worker) => worker.ready));
			let watching = true;
			const watch = (async () => {
				while (watching) {
					maxRunning = Math.max(maxRunning, await runningRuns());
					await new Promise((resolve) => setTimeout(resolve, 10));
				}
			})();
			workers.forEach((worker) => worker.go());
			const outputs = await Promise.all(workers.map((worker) => worker.result)).finally(() => (watching = false));
			await watch;
			expect(outputs.map((output) => [output.status, output.error])).toEqual([
				['success', null],
				['success', null],
			]);
			const items = outputs.map((output) => output.items[0]);
			expect(items.map((item) => item.status).sort()).toEqual(['SKIPPED', 'SUCCEEDED']);
			const skipped = items.find((item) => item.status === 'SKIPPED');
			expect(skipped?.skippedReason).toMatch(queued ? new RegExp(`^Run ${queued} is (RUNNING|SUCCEEDED), not QUEUED`) : /is already running$/);
			if (queued) expect(items.map((item) => item.runId)).toEqual([queued, queued]);
			rounds.push(`${queued ? 'queued' : 'chosen'}:${items.map((item) => item.status).join('+')}`);
		}
		env.sim.control.setFaults({ latencyMs: 0 });
		const runs = await env.store.models.IngestionRun.findAll({ where: { endpointId: env.endpointId, unitId: UNIT } });
		const count = (status: string) => runs.filter((run) => run.status === status).length;
		const statuses = { succeeded: count('SUCCEEDED'), skipped: count('SKIPPED'), running: count('RUNNING'), failed: count('FAILED') };
		const rows = await readCdmRows(env, UNIT);
		const truth = mappedTruth(env, UNIT, truthOf(env, UNIT));
		const diff = rowSetDiff(truth, rows.live);
		printFaultSummary('two n8n workers, one unit', { rounds: rounds.join(' '), maxRunning, statuses, truth: truth.size, missing: diff.missingCount, extra: diff.extraCount });
		expect(maxRunning).toBe(1);
		// A skipped chosen-unit run is recorded SKIPPED; a queued run request taken twice keeps its one row.
		expect(statuses).toEqual({ succeeded: ROUNDS, skipped: ROUNDS / 2, running: 0, failed: 0 });
		expect(diff).toEqual(equalSets(truth.size));
		expect(rows.all).toBe(truth.size);
	}, 300_000);
});
