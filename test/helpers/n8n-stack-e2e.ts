import { createWriteStream, mkdirSync, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { isTriggerLive } from '../../src/ingestion/trigger-heartbeat';
import { startN8n, type N8nStack } from '../../src/stack/n8n-process';
import { installWorkerWorkflow, type WorkerWorkflow } from '../../src/stack/worker-workflow';
import type { IngestionRun } from '../../src/store/models';
import { startTestBridge, type TestBridge } from './bridge';
import { SIMULATOR_CREDENTIALS } from './jira';
import {
	byKey,
	equalSets,
	liveRawRows,
	mappedTruth,
	openJiraE2E,
	rawVersions,
	readCdmRows,
	readRawRows,
	rowSetDiff,
	truthOf,
	versionsOf,
	type JiraE2E,
} from './jira-e2e';
import { createTestDatabase, type TestDatabase } from './test-database';

export const E2E_ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'e2e');

/** n8n's lines worth showing in the test output (the rest goes to the log file). */
const SHOWN = /ingestion|execution|worker is now ready|error|warn|crash|exited|\[stack\]/i;
const HIDDEN = /migration|deprecat/i;

/** Prints a line of the scenario to the test output, prefixed with its label. */
export function say(label: string, line: string): void {
	for (const part of line.split('\n')) process.stdout.write(`[e2e ${label}] ${part}\n`);
}

export interface StackWorld {
	label: string;
	env: JiraE2E;
	bridge: TestBridge;
	n8nDatabase: TestDatabase;
	stack: N8nStack;
	workflow: WorkerWorkflow;
	logFile: string;
	close(): Promise<void>;
}

/**
 * A store on its own database with a Jira endpoint on the simulator (metadata collected, nothing provisioned), the
 * GraphQL bridge on it, and a real n8n (single instance or queue mode, n8n's own database on Postgres) with this
 * package as a community package and the worker template active, scoped to the endpoint. Every n8n line goes to
 * `test-artifacts/e2e/<label>.log`; the notable ones are printed.
 */
export async function openStackWorld(label: string, options: { mode: 'single' | 'queue'; workers?: number; workerConcurrency?: number; issues?: number; seed?: number; latencyMs?: number }): Promise<StackWorld> {
	mkdirSync(E2E_ARTIFACTS, { recursive: true });
	const logFile = path.join(E2E_ARTIFACTS, `${label}.log`);
	const out: WriteStream = createWriteStream(logFile);
	const log = (line: string) => {
		out.write(`${new Date().toISOString()} ${line}\n`);
		if (SHOWN.test(line) && !HIDDEN.test(line)) say(label, line);
	};
	const userFolder = mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${label}-`));
	const cleanups: Array<() => Promise<unknown>> = [];
	const close = async () => {
		for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => say(label, `cleanup failed: ${String(error)}`));
		rmSync(userFolder, { recursive: true, force: true });
		await new Promise((resolve) => out.end(resolve));
	};
	try {
		const env = await openJiraE2E(label, { provision: false, sim: { seed: options.seed ?? 7, issues: options.issues ?? 60, faults: { latencyMs: options.latencyMs ?? 0 } } });
		cleanups.push(() => env.close());
		const bridge = await startTestBridge(env.store);
		cleanups.push(() => bridge.close());
		const n8nDatabase = await createTestDatabase(`${label}_n8n`);
		cleanups.push(() => n8nDatabase.drop());
		const started = Date.now();
		const stack = await startN8n({ mode: options.mode, workers: options.workers, workerConcurrency: options.workerConcurrency, userFolder, databaseUrl: n8nDatabase.url, log });
		cleanups.push(() => stack.stop());
		say(label, `n8n ${options.mode} up in ${((Date.now() - started) / 1000).toFixed(1)} s: main pid ${stack.mainPid}, workers ${JSON.stringify(stack.workerPids)}`);
		await stack.api.setupOwner({ email: 'owner@example.com', password: 'E2e-owner-pass1', firstName: 'E2E', lastName: 'Owner' });
		await stack.api.createApiKey();
		const workflow = await installWorkerWorkflow(stack.api, {
			storeUrl: env.ts.database.url,
			jira: { deployment: 'cloud', siteUrl: env.sim.url, email: SIMULATOR_CREDENTIALS.email, apiToken: SIMULATOR_CREDENTIALS.apiToken },
			endpointId: env.endpointId,
		});
		say(label, `worker workflow ${workflow.workflowId} imported and active`);
		await waitFor(label, 'the Ingestion Trigger heartbeat', async () => ((await isTriggerLive(env.store, env.endpointId)) ? true : undefined), {
			timeoutMs: 60_000,
			state: async () => stack.logs().split('\n').slice(-30).join('\n'),
		});
		return { label, env, bridge, n8nDatabase, stack, workflow, logFile, close };
	} catch (error) {
		await close();
		throw error;
	}
}

/** Polls `probe` until it gives a value; on timeout fails with `state()` (what was seen) in the message. */
export async function waitFor<T>(
	label: string,
	what: string,
	probe: () => Promise<T | undefined>,
	options: { timeoutMs: number; intervalMs?: number; state?: () => Promise<string> },
): Promise<T> {
	const started = Date.now();
	for (;;) {
		const value = await probe();
		if (value !== undefined) {
			say(label, `${what}: after ${((Date.now() - started) / 1000).toFixed(1)} s`);
			return value;
		}
		if (Date.now() - started > options.timeoutMs) {
			const state = options.state ? await options.state() : '';
			throw new Error(`[e2e ${label}] timed out after ${options.timeoutMs / 1000} s waiting for ${what}\n${state}`);
		}
		await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1_000));
	}
}

export async function runsOf(env: JiraE2E, where: Partial<Pick<IngestionRun, 'unitId' | 'trigger' | 'status'>> = {}): Promise<IngestionRun[]> {
	return env.store.models.IngestionRun.findAll({ where: { endpointId: env.endpointId, ...where }, order: [['queuedAt', 'ASC']] });
}

/** One line per run: unit, trigger, status, worker, times, rows. */
export function describeRuns(runs: IngestionRun[]): string {
	return runs
		.map((run) => {
			const stats = run.stats as { recordsRead?: number; rowsWritten?: number };
			const times = `${run.queuedAt.toISOString().slice(11, 19)}→${run.startedAt?.toISOString().slice(11, 19) ?? '-'}→${run.finishedAt?.toISOString().slice(11, 19) ?? '-'}`;
			return `  ${run.id.slice(0, 8)} ${run.unitId} ${run.trigger} ${run.status} worker=${run.worker ?? '-'} ${times} read=${stats.recordsRead ?? '-'} written=${stats.rowsWritten ?? '-'}${run.error ? ` error=${run.error}` : ''}`;
		})
		.join('\n');
}

/** How the unit's sink differs from the simulator's truth (`equalSets(n)` when it holds exactly the truth). */
export async function sinkDiff(env: JiraE2E, unitId: string, mode: string, dataMode: 'RAW' | 'CDM') {
	const truth = truthOf(env, unitId);
	if (dataMode === 'CDM') return rowSetDiff(mappedTruth(env, unitId, truth), (await readCdmRows(env, unitId)).live);
	const rows = await readRawRows(env, unitId);
	return mode === 'INCREMENTAL' ? rowSetDiff(versionsOf(unitId, truth), rawVersions(rows)) : rowSetDiff(byKey(unitId, truth), liveRawRows(rows));
}

export { equalSets };
