import { crashFigures, crashLoop } from '../helpers/crash-loop';
import { printFaultSummary } from '../helpers/fault-summary';
import { applyChanges } from '../helpers/jira-changes';
import { byKey, equalSets, liveRawRows, openJiraE2E, readRawRows, rowSetDiff, truthOf, type JiraE2E } from '../helpers/jira-e2e';

const UNIT = 'jira.issues';

/**
 * SIGKILL of the worker at 20 seeded random points of FULL runs into raw (pages into a staging table, then a swap),
 * Jira changing (issue deletions included) after every kill; then a run to completion.
 */
describe('fault: SIGKILL of run-unit, raw FULL (staging swap)', () => {
	let env: JiraE2E;

	beforeAll(async () => {
		// 1,000 issues in pages of 50: a FULL read is 20 search requests; kills land anywhere in it, the swap included.
		env = await openJiraE2E('f_kill_full', { sim: { seed: 43, issues: 1000, tieEvery: 30, tieSize: 12 } });
	});
	afterAll(() => env.close());

	it('20 kills with Jira changing between them, then the run completes: the live table equals the truth', async () => {
		let round = 0;
		const report = await crashLoop(env, {
			endpointId: env.endpointId,
			unitId: UNIT,
			mode: 'FULL',
			dataMode: 'RAW',
			policy: { pageSize: 50 },
			seed: 9,
			kills: 20,
			killAfterRequests: { min: 2, max: 26 },
			between: () => applyChanges(env.sim.control, 700 + ++round, 0.3),
		});
		// FULL runs keep their progress unpublished until the swap; killed ones were seen mid-staging.
		expect(report.fullProgressSeen).toBeGreaterThan(0);
		const truth = truthOf(env, UNIT);
		const rows = await readRawRows(env, UNIT);
		const diff = rowSetDiff(byKey(UNIT, truth), liveRawRows(rows));
		printFaultSummary('sigkill raw FULL', {
			...crashFigures(report),
			truth: truth.length,
			missing: diff.missingCount,
			extra: diff.extraCount,
			changed: diff.changedCount,
		});
		expect(diff).toEqual(equalSets(truth.length));
		expect(rows.filter((row) => row.deletedAt !== null)).toEqual([]);
	}, 420_000);
});
