import { jiraCheckpointOrder } from '../../src/ingestion/sources/jira-checkpoint-order';
import type { JsonValue } from '../../src/ingestion/json-value';
import type { RunUnitResult } from '../../src/ingestion/run-session';
import { spawnCli } from '../helpers/cli-child';
import { applyChanges } from '../helpers/jira-changes';
import { addJiraEndpoint, configureUnit, equalSets, mappedTruth, openJiraE2E, readCdmRows, rowSetDiff, runUnit, truthOf, type JiraE2E } from '../helpers/jira-e2e';
import { SIMULATOR_CREDENTIALS } from '../helpers/jira';

const UNIT = 'jira.issues';

/** Two runs of one unit at the same time, with the real Jira source: one runs, the other ends SKIPPED. */
describe('concurrent runs of one unit (real Jira source)', () => {
	let env: JiraE2E;
	const order = jiraCheckpointOrder(UNIT) as (a: JsonValue, b: JsonValue) => number;

	beforeAll(async () => {
		env = await openJiraE2E('e2e_concurrent', { sim: { seed: 51, issues: 400 } });
		// Every answer takes 15 ms, so a run is still going when the second one asks for the lease.
		env.sim.control.setFaults({ latencyMs: 15 });
	});
	afterAll(() => env.close());

	/** Reads the stored checkpoint every few ms while `work` runs; returns every value seen, in order. */
	async function watchCheckpoints<T>(endpointId: string, work: () => Promise<T>): Promise<{ value: T; seen: JsonValue[] }> {
		const seen: JsonValue[] = [];
		let stop = false;
		const poll = (async () => {
			while (!stop) {
				const state = await env.store.models.IngestionUnitState.findOne({ where: { endpointId, unitId: UNIT } });
				const source = (state?.checkpoint as { source?: JsonValue } | null)?.source ?? null;
				if (source !== null) seen.push(source);
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
		})();
		try {
			return { value: await work(), seen };
		} finally {
			stop = true;
			await poll;
		}
	}

	function expectNeverBackwards(seen: JsonValue[]) {
		const backwards = seen.slice(1).filter((checkpoint, i) => order(checkpoint, seen[i]) < 0);
		expect(backwards).toEqual([]);
	}

	it('in one process: each round one run SUCCEEDS and the other is SKIPPED; the checkpoint never moves back', async () => {
		await configureUnit(env, { unitId: UNIT, mode: 'INCREMENTAL', dataMode: 'CDM', policy: { pageSize: 10 } });
		const allSeen: JsonValue[] = [];
		for (let round = 0; round < 3; round++) {
			if (round > 0) applyChanges(env.sim.control, 600 + round, 0.5);
			const { value: results, seen } = await watchCheckpoints(env.endpointId, () => Promise.all([runUnit(env, UNIT), runUnit(env, UNIT)]));
			expect(results.map((result) => result.status).sort()).toEqual(['SKIPPED', 'SUCCEEDED']);
			const skipped = results.find((result) => result.status === 'SKIPPED') as RunUnitResult;
			expect(skipped).toMatchObject({ skippedReason: `Unit ${UNIT} of endpoint "${env.endpointId}" is already running`, stats: { jiraRequests: 0 } });
			expect(await env.store.models.IngestionRun.findByPk(skipped.runId)).toMatchObject({ status: 'SKIPPED' });
			allSeen.push(...seen);
		}
		expect(allSeen.length).toBeGreaterThan(10);
		expectNeverBackwards(allSeen);
		// Changes delete issues; INCREMENTAL runs cannot see that (only FULL runs do), so compare what is live in Jira.
		const truth = mappedTruth(env, UNIT, truthOf(env, UNIT));
		const live = (await readCdmRows(env, UNIT)).live;
		expect(rowSetDiff(truth, new Map([...live].filter(([key]) => truth.has(key))))).toEqual(equalSets(truth.size));
	});

	it('in two processes (the built CLI): one run SUCCEEDS, the other is SKIPPED', async () => {
		const endpointId = 'jira-two-processes';
		await addJiraEndpoint(env, endpointId);
		await configureUnit({ ...env, endpointId }, { unitId: UNIT, mode: 'SCD1', dataMode: 'RAW', policy: { pageSize: 10 } });
		// Two process starts can be a few hundred ms apart on a busy machine: make the run last seconds (40 requests × 60 ms).
		env.sim.control.setFaults({ latencyMs: 60 });
		const cliEnv = { DATABASE_URL: env.ts.database.url, JIRA_EMAIL: SIMULATOR_CREDENTIALS.email, JIRA_API_TOKEN: SIMULATOR_CREDENTIALS.apiToken };
		const { value: outcomes, seen } = await watchCheckpoints(endpointId, () =>
			Promise.all([0, 1].map(() => spawnCli(['run-unit', '--endpoint', endpointId, '--unit', UNIT, '--json'], cliEnv).done)),
		);
		expect(outcomes.map((outcome) => outcome.code)).toEqual([0, 0]);
		const results = outcomes.map((outcome) => JSON.parse(outcome.stdout) as RunUnitResult);
		expect(results.map((result) => result.status).sort()).toEqual(['SKIPPED', 'SUCCEEDED']);
		expect(results.find((result) => result.status === 'SUCCEEDED')?.stats.recordsRead).toBe(truthOf(env, UNIT).length);
		expect(seen.length).toBeGreaterThan(3);
		expectNeverBackwards(seen);
	});
});
