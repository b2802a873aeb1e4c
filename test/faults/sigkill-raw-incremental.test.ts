import { crashFigures, crashLoop } from '../helpers/crash-loop';
import { printFaultSummary } from '../helpers/fault-summary';
import { equalSets, openJiraE2E, rawVersions, readRawRows, rowSetDiff, truthOf, versionsOf, type JiraE2E } from '../helpers/jira-e2e';

const UNIT = 'jira.issues';

/** SIGKILL of the worker (the built CLI `run-unit`) at 20 seeded random points of an INCREMENTAL run into raw, then resume. */
describe('fault: SIGKILL of run-unit, raw INCREMENTAL', () => {
	let env: JiraE2E;

	beforeAll(async () => {
		// 3,000 issues in pages of 25: a full read is 120 search requests; a kill lands within the first 2–10 of a run.
		env = await openJiraE2E('f_kill_incr', { sim: { seed: 41, issues: 3000, tieEvery: 30, tieSize: 12 } });
	});
	afterAll(() => env.close());

	it('20 kills, then the run completes: every version of every issue lands exactly once, nothing missing', async () => {
		const report = await crashLoop(env, { endpointId: env.endpointId, unitId: UNIT, mode: 'INCREMENTAL', dataMode: 'RAW', seed: 7, kills: 20 });
		expect(report.checkpoints.length).toBeGreaterThanOrEqual(report.kills - 2);
		// The last run resumed where the killed ones stopped.
		expect(report.final.stats.recordsRead).toBeLessThan(3000);
		const truth = truthOf(env, UNIT);
		const diff = rowSetDiff(versionsOf(UNIT, truth), rawVersions(await readRawRows(env, UNIT)));
		printFaultSummary('sigkill raw INCREMENTAL', {
			...crashFigures(report),
			finalRecordsRead: report.final.stats.recordsRead,
			truth: truth.length,
			missing: diff.missingCount,
			extra: diff.extraCount,
			changed: diff.changedCount,
		});
		expect(diff).toEqual(equalSets(truth.length));
	}, 420_000);
});
