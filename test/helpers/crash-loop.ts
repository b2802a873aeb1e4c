import type { JsonValue } from '../../src/ingestion/json-value';
import type { RunUnitResult } from '../../src/ingestion/run-session';
import { checkpointTrail } from './checkpoint-trail';
import { spawnCli } from './cli-child';
import { SIMULATOR_CREDENTIALS } from './jira';
import { configureUnit, type JiraE2E, type UnitSetup } from './jira-e2e';
import { seededRandom } from './memory-source';

/** Lease time of the CLI children: a killed run's lease lapses quickly, so the next run can take the unit over. */
export const CRASH_LEASE_TTL_MS = 1000;

export interface CrashLoopSetup extends UnitSetup {
	endpointId: string;
	/** Seed of the kill points. */
	seed: number;
	/** How many SIGKILLs must land before the run is let finish. */
	kills: number;
	/** A kill comes after this run sent between `min` and `max` Jira requests (default 2..10), then 0–24 ms later. */
	killAfterRequests?: { min: number; max: number };
	/** Called after every kill (to change Jira between them). */
	between?: (kill: number) => void;
}

export interface CrashLoopReport {
	final: RunUnitResult;
	kills: number;
	/** Runs started, the final ones included. */
	attempts: number;
	/** Runs that finished before their kill came. */
	finishedBeforeKill: number;
	/** Runs that found a killed run's lease not yet lapsed. */
	skipped: number;
	/** Stored checkpoints seen after each run, in order (the unit's `source`, or a FULL run's unpublished progress). */
	checkpoints: JsonValue[];
	/** How many times a FULL run's unpublished staging progress was found after a kill. */
	fullProgressSeen: number;
	runs: { running: number; failed: number; skipped: number; succeeded: number };
}

/**
 * Crash trials of one unit: the engine in a child process (the built CLI `run-unit`, Jira secret from the environment)
 * against the simulator in this process, SIGKILLed at seeded random points until `kills` kills landed, then run to
 * completion. Checks along the way that the stored checkpoint never moves back, and at the end that no run is left
 * RUNNING (each killed one ended FAILED by the run that took its lapsed lease over).
 */
export async function crashLoop(env: JiraE2E, setup: CrashLoopSetup): Promise<CrashLoopReport> {
	const { unitId, seed, endpointId, kills: wanted } = setup;
	const at = { ...env, endpointId };
	await configureUnit(at, { ...setup, policy: { pageSize: 25, ...setup.policy } });
	const random = seededRandom(seed);
	const window = setup.killAfterRequests ?? { min: 2, max: 10 };
	const trail = checkpointTrail(env.store, endpointId, unitId);
	const report: Omit<CrashLoopReport, 'final' | 'runs'> = { kills: 0, attempts: 0, finishedBeforeKill: 0, skipped: 0, checkpoints: trail.seen, fullProgressSeen: 0 };

	const recordCheckpoint = async () => {
		if ((await trail.record())?.full) report.fullProgressSeen += 1;
	};

	while (report.kills < wanted) {
		expect(report.attempts).toBeLessThan(wanted * 6);
		report.attempts += 1;
		const afterRequests = window.min + Math.floor(random() * (window.max - window.min + 1));
		const outcome = await runUnitChild(env, endpointId, unitId, { afterRequests, delayMs: Math.floor(random() * 25) });
		if (outcome.killed) {
			report.kills += 1;
			setup.between?.(report.kills);
		} else {
			// A run that finished before the kill came, or one that found the dead run's lease not yet lapsed.
			expect(['SUCCEEDED', 'SKIPPED']).toContain(outcome.result.status);
			if (outcome.result.status === 'SKIPPED') report.skipped += 1;
			else report.finishedBeforeKill += 1;
		}
		await recordCheckpoint();
	}
	let final: RunUnitResult | undefined;
	for (let tries = 0; final?.status !== 'SUCCEEDED'; tries++) {
		expect(tries).toBeLessThan(20);
		report.attempts += 1;
		const outcome = await runUnitChild(env, endpointId, unitId);
		if (!outcome.killed) final = outcome.result;
		if (final?.status === 'SKIPPED') {
			// The last killed run's lease had not lapsed yet: this run is recorded SKIPPED too.
			report.skipped += 1;
			await new Promise((resolve) => setTimeout(resolve, CRASH_LEASE_TTL_MS / 2));
		}
	}
	await recordCheckpoint();
	const rows = await env.store.models.IngestionRun.findAll({ where: { endpointId, unitId } });
	const byStatus = (status: string) => rows.filter((run) => run.status === status).length;
	const runs = { running: byStatus('RUNNING'), failed: byStatus('FAILED'), skipped: byStatus('SKIPPED'), succeeded: byStatus('SUCCEEDED') };
	// No run is left RUNNING: each killed run was ended FAILED by the run that took its lapsed lease over.
	expect({ running: runs.running, failed: runs.failed, skipped: runs.skipped }).toEqual({ running: 0, failed: report.kills, skipped: report.skipped });
	expect(runs.succeeded).toBe(report.finishedBeforeKill + 1);
	const failures = rows.filter((run) => run.status === 'FAILED').map((run) => run.error ?? '');
	expect(failures.filter((error) => !/lease|taken over/.test(error))).toEqual([]);
	return { ...report, final: final as RunUnitResult, runs };
}

/** The figures every SIGKILL scenario prints. */
export function crashFigures(report: CrashLoopReport) {
	return {
		trials: report.attempts,
		kills: report.kills,
		finishedBeforeKill: report.finishedBeforeKill,
		skipped: report.skipped,
		checkpoints: report.checkpoints.length,
		stagingSeen: report.fullProgressSeen,
		statuses: report.runs,
	};
}

/** One run-unit process; with `kill`, SIGKILLed `delayMs` after this run sent `afterRequests` Jira requests. */
export async function runUnitChild(
	env: JiraE2E,
	endpointId: string,
	unitId: string,
	kill?: { afterRequests: number; delayMs: number },
): Promise<{ killed: true } | { killed: false; result: RunUnitResult }> {
	const start = env.sim.control.totalRequests();
	const child = spawnCli(['run-unit', '--endpoint', endpointId, '--unit', unitId, '--json'], {
		DATABASE_URL: env.ts.database.url,
		JIRA_EMAIL: SIMULATOR_CREDENTIALS.email,
		JIRA_API_TOKEN: SIMULATOR_CREDENTIALS.apiToken,
		N8N_INGESTION_LEASE_TTL_MS: String(CRASH_LEASE_TTL_MS),
	});
	const watch = setInterval(() => {
		if (kill && env.sim.control.totalRequests() - start >= kill.afterRequests) {
			clearInterval(watch);
			setTimeout(() => child.kill(), kill.delayMs);
		}
	}, 2);
	const outcome = await child.done.finally(() => clearInterval(watch));
	if (outcome.killed) return { killed: true };
	// Without a terminal, run-unit prints a progress line every 2 s on stderr; nothing else may be there.
	const stderr = outcome.stderr
		.split('\n')
		.filter((line) => line !== '' && !/^\S+ jira\.\w+: page \d+, \d+ records read, \d+ rows written, \d+ rec\/s$/.test(line));
	expect({ code: outcome.code, stderr }).toEqual({ code: 0, stderr: [] });
	return { killed: false, result: JSON.parse(outcome.stdout) as RunUnitResult };
}
