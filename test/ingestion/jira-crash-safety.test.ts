import { jiraCheckpointOrder } from '../../src/ingestion/sources/jira-checkpoint-order';
import type { JsonValue } from '../../src/ingestion/json-value';
import type { RunUnitResult } from '../../src/ingestion/run-session';
import { spawnCli } from '../helpers/cli-child';
import { applyChanges } from '../helpers/jira-changes';
import {
	addJiraEndpoint,
	configureUnit,
	equalSets,
	mappedTruth,
	openJiraE2E,
	rawVersions,
	readCdmRows,
	readRawRows,
	rowSetDiff,
	truthOf,
	versionsOf,
	type JiraE2E,
	type UnitSetup,
} from '../helpers/jira-e2e';
import { SIMULATOR_CREDENTIALS } from '../helpers/jira';
import { seededRandom } from '../helpers/memory-source';

const LEASE_TTL_MS = 1000;
const KILLS = 10;

/**
 * The engine in a child process (the built CLI `run-unit`, Jira secret from the environment) against the simulator in
 * this process, SIGKILLed at random points of a long run ten times (seeded), then run to completion.
 */
describe('crash safety with the real Jira source: SIGKILL of run-unit at random points', () => {
	let env: JiraE2E;

	beforeAll(async () => {
		// 3,000 issues in pages of 25: a full read is 120 search requests; a kill lands within the first 2–10 of a run.
		env = await openJiraE2E('e2e_crash', { sim: { seed: 41, issues: 3000, tieEvery: 30, tieSize: 12 } });
	});
	afterAll(() => env.close());

	const cliEnv = () => ({
		DATABASE_URL: env.ts.database.url,
		JIRA_EMAIL: SIMULATOR_CREDENTIALS.email,
		JIRA_API_TOKEN: SIMULATOR_CREDENTIALS.apiToken,
		N8N_INGESTION_LEASE_TTL_MS: String(LEASE_TTL_MS),
	});

	/** One run-unit process; with `killAfterRequests`, SIGKILLed `delayMs` after this run sent that many Jira requests. */
	async function attempt(endpointId: string, unitId: string, kill?: { afterRequests: number; delayMs: number }) {
		const start = env.sim.control.totalRequests();
		const child = spawnCli(['run-unit', '--endpoint', endpointId, '--unit', unitId, '--json'], cliEnv());
		const watch = setInterval(() => {
			if (kill && env.sim.control.totalRequests() - start >= kill.afterRequests) {
				clearInterval(watch);
				setTimeout(() => child.kill(), kill.delayMs);
			}
		}, 2);
		const outcome = await child.done.finally(() => clearInterval(watch));
		if (outcome.killed) return { killed: true as const };
		// Without a terminal, run-unit prints a progress line every 2 s on stderr; nothing else may be there.
		const stderr = outcome.stderr.split('\n').filter((line) => line !== '' && !/^\S+ jira\.\w+: page \d+, \d+ records read, \d+ rows written, \d+ rec\/s$/.test(line));
		expect({ code: outcome.code, stderr }).toEqual({ code: 0, stderr: [] });
		return { killed: false as const, result: JSON.parse(outcome.stdout) as RunUnitResult };
	}

	async function storedCheckpoint(endpointId: string, unitId: string): Promise<JsonValue | null> {
		const state = await env.store.models.IngestionUnitState.findOne({ where: { endpointId, unitId } });
		return ((state?.checkpoint as { source?: JsonValue } | null)?.source ?? null) as JsonValue | null;
	}

	/** Kills runs until ten kills landed (changing the simulator after each when asked), then runs to completion. */
	async function crashLoop(setup: UnitSetup & { endpointId: string; seed: number; between?: (kill: number) => void }) {
		const { unitId, seed, endpointId } = setup;
		await configureUnit({ ...env, endpointId }, { ...setup, policy: { pageSize: 25, ...setup.policy } });
		const random = seededRandom(seed);
		const order = jiraCheckpointOrder(unitId);
		const checkpoints: JsonValue[] = [];
		let kills = 0;
		let skipped = 0;
		for (let attempts = 0; kills < KILLS; attempts++) {
			expect(attempts).toBeLessThan(60);
			const outcome = await attempt(endpointId, unitId, { afterRequests: 2 + Math.floor(random() * 9), delayMs: Math.floor(random() * 25) });
			if (outcome.killed) {
				kills += 1;
				setup.between?.(kills);
			} else {
				// A run that finished before the kill came, or one that found the dead run's lease not yet lapsed.
				expect(['SUCCEEDED', 'SKIPPED']).toContain(outcome.result.status);
				if (outcome.result.status === 'SKIPPED') skipped += 1;
			}
			const checkpoint = await storedCheckpoint(endpointId, unitId);
			if (checkpoint !== null) {
				if (checkpoints.length > 0 && order) expect(order(checkpoint, checkpoints[checkpoints.length - 1])).toBeGreaterThanOrEqual(0);
				checkpoints.push(checkpoint);
			}
		}
		let final: RunUnitResult | undefined;
		for (let tries = 0; final?.status !== 'SUCCEEDED'; tries++) {
			expect(tries).toBeLessThan(20);
			const outcome = await attempt(endpointId, unitId);
			if (!outcome.killed) final = outcome.result;
			if (final?.status === 'SKIPPED') {
				// The last killed run's lease had not lapsed yet: this run is recorded SKIPPED too.
				skipped += 1;
				await new Promise((resolve) => setTimeout(resolve, LEASE_TTL_MS / 2));
			}
		}
		const runs = await env.store.models.IngestionRun.findAll({ where: { endpointId: endpointId, unitId } });
		const byStatus = (status: string) => runs.filter((run) => run.status === status).length;
		// No run is left RUNNING: each killed run was ended FAILED by the run that took its lapsed lease over.
		expect({ running: byStatus('RUNNING'), failed: byStatus('FAILED'), skipped: byStatus('SKIPPED') }).toEqual({ running: 0, failed: KILLS, skipped });
		expect(checkpoints.length).toBeGreaterThanOrEqual(KILLS - 2);
		return final as RunUnitResult;
	}

	it('INCREMENTAL into raw: every version of every issue lands exactly once, nothing missing', async () => {
		const final = await crashLoop({ endpointId: env.endpointId, unitId: 'jira.issues', mode: 'INCREMENTAL', dataMode: 'RAW', seed: 7 });
		expect(final.stats.recordsRead).toBeLessThan(3000);
		const truth = truthOf(env, 'jira.issues');
		expect(rowSetDiff(versionsOf('jira.issues', truth), rawVersions(await readRawRows(env, 'jira.issues')))).toEqual(equalSets(truth.length));
	}, 300_000);

	it('SCD1 into CDM while Jira changes between the kills: the rows end equal to the truth', async () => {
		const endpointId = 'jira-crash-cdm';
		await addJiraEndpoint(env, endpointId);
		let round = 0;
		await crashLoop({
			endpointId,
			unitId: 'jira.issues',
			mode: 'SCD1',
			dataMode: 'CDM',
			seed: 8,
			// Updates, additions, comment and worklog changes (all bump their issue), but no issue deletion: an SCD1 run
			// cannot see one (only FULL runs do), and the end state is then exactly the truth.
			between: () => applyChanges(env.sim.control, 500 + ++round, 0.4, { deleteIssues: false }),
		});
		const at = { ...env, endpointId };
		const rows = await readCdmRows(at, 'jira.issues');
		const truth = mappedTruth(at, 'jira.issues', truthOf(env, 'jira.issues'));
		expect(rowSetDiff(truth, rows.live)).toEqual(equalSets(truth.size));
		expect(rows.deleted.size).toBe(0);
	}, 300_000);
});
