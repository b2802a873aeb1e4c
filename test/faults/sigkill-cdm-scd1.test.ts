import { crashFigures, crashLoop } from '../helpers/crash-loop';
import { printFaultSummary } from '../helpers/fault-summary';
import { applyChanges } from '../helpers/jira-changes';
import { equalSets, mappedTruth, openJiraE2E, readCdmRows, rowSetDiff, truthOf, type JiraE2E } from '../helpers/jira-e2e';

const UNIT = 'jira.issues';

/** SIGKILL of the worker at 20 seeded random points of SCD1 runs into the CDM, Jira changing after every kill. */
describe('fault: SIGKILL of run-unit, CDM SCD1', () => {
	let env: JiraE2E;

	beforeAll(async () => {
		env = await openJiraE2E('f_kill_scd1', { sim: { seed: 41, issues: 3000, tieEvery: 30, tieSize: 12 } });
	});
	afterAll(() => env.close());

	it('20 kills with Jira changing between them, then the run completes: the CDM rows equal the truth', async () => {
		let round = 0;
		const report = await crashLoop(env, {
			endpointId: env.endpointId,
			unitId: UNIT,
			mode: 'SCD1',
			dataMode: 'CDM',
			seed: 8,
			kills: 20,
			// Updates, additions, comment and worklog changes (all bump their issue), but no issue deletion: an SCD1 run
			// cannot see one (only FULL runs do), and the end state is then exactly the truth.
			between: () => applyChanges(env.sim.control, 500 + ++round, 0.4, { deleteIssues: false }),
		});
		expect(report.checkpoints.length).toBeGreaterThanOrEqual(report.kills - 2);
		const rows = await readCdmRows(env, UNIT);
		const truth = mappedTruth(env, UNIT, truthOf(env, UNIT));
		const diff = rowSetDiff(truth, rows.live);
		printFaultSummary('sigkill CDM SCD1', {
			...crashFigures(report),
			truth: truth.size,
			missing: diff.missingCount,
			extra: diff.extraCount,
			changed: diff.changedCount,
		});
		expect(diff).toEqual(equalSets(truth.size));
		// One row per cdm_id: nothing held twice, nothing soft-deleted.
		expect({ all: rows.all, deleted: rows.deleted.size }).toEqual({ all: truth.size, deleted: 0 });
	}, 420_000);
});
