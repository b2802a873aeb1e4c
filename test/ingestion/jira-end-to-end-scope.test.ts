import { configureUnit, mappedTruth, openJiraE2E, readCdmRows, rowSetDiff, runUnit, truthOf, type JiraE2E } from '../helpers/jira-e2e';
import { byKey } from '../helpers/jira-e2e';

type Json = Record<string, unknown>;

const projectOf = (unitId: string, record: Json) =>
	String(unitId === 'jira.projects' ? record.key : unitId === 'jira.comments' ? record.issueKey : record.key).split('-')[0];

/**
 * FULL runs into CDM soft-delete the rows they did not see, but only within what they read: a run restricted to some
 * projects (policy.filters.projects, or the endpoint's own restriction) leaves rows of other projects alone.
 */
describe('FULL into CDM with a project filter', () => {
	let env: JiraE2E;
	const units = ['jira.projects', 'jira.issues', 'jira.comments'];

	beforeAll(async () => {
		env = await openJiraE2E('e2e_scope', { sim: { seed: 21, issues: 90, projects: 3, heavyEvery: 15 } });
	});
	afterAll(() => env.close());

	it('soft-deletes only rows of the projects read; rows of other projects stay as they were', async () => {
		for (const unitId of units) await configureUnit(env, { unitId, mode: 'FULL', dataMode: 'CDM', policy: { pageSize: 10 } });
		for (const unitId of units) expect((await runUnit(env, unitId)).status).toBe('SUCCEEDED');
		const before = Object.fromEntries(units.map((unitId) => [unitId, byKey(unitId, truthOf(env, unitId))]));

		// One issue deleted in ENG and one in OPS, and a comment deleted on an ENG and on an OPS issue.
		const { control } = env.sim;
		control.advance(60_000);
		const withComments = (project: string) => control.issueKeys().filter((key) => key.startsWith(`${project}-`) && control.commentIds(key).length > 1);
		for (const project of ['ENG', 'OPS']) {
			const [issue, other] = withComments(project);
			control.deleteIssue(issue);
			control.deleteComment(control.commentIds(other)[0]);
		}
		control.advance(120_000);

		for (const unitId of units) {
			await configureUnit(env, { unitId, mode: 'FULL', dataMode: 'CDM', policy: { pageSize: 10, filters: { projects: ['ENG'] } } });
			expect((await runUnit(env, unitId)).status).toBe('SUCCEEDED');
		}
		for (const unitId of units) {
			const rows = await readCdmRows(env, unitId);
			const now = byKey(unitId, truthOf(env, unitId));
			const eng = [...now.values()].filter((record) => projectOf(unitId, record) === 'ENG');
			// Rows of other projects keep what the unfiltered run wrote, even those since deleted in Jira (nobody read them).
			const others = [...before[unitId].values()].filter((record) => projectOf(unitId, record) !== 'ENG');
			const goneInEng = [...before[unitId]].filter(([key, record]) => projectOf(unitId, record) === 'ENG' && !now.has(key)).map(([, r]) => r);
			expect({ unitId, live: rowSetDiff(mappedTruth(env, unitId, [...eng, ...others]), rows.live, 3) }).toMatchObject({
				unitId,
				live: { missingCount: 0, extraCount: 0, changedCount: 0 },
			});
			expect({ unitId, deleted: rowSetDiff(mappedTruth(env, unitId, goneInEng), rows.deleted, 3) }).toMatchObject({
				unitId,
				deleted: { missingCount: 0, extraCount: 0, changedCount: 0 },
			});
			if (unitId !== 'jira.projects') expect(goneInEng.length).toBeGreaterThan(0);
		}
	});

	it('refuses a FULL run of worklogs into CDM restricted to projects, before any Jira request and without writing', async () => {
		await configureUnit(env, { unitId: 'jira.worklogs', mode: 'FULL', dataMode: 'CDM', policy: { filters: { projects: ['ENG'] } } });
		const requests = env.sim.control.totalRequests();
		const result = await runUnit(env, 'jira.worklogs');
		expect(result.status).toBe('FAILED');
		expect(result.error).toMatch(/^A FULL run of jira\.worklogs into CDM cannot be restricted to projects \(ENG\): .* Run jira\.worklogs INCREMENTAL/);
		expect(env.sim.control.totalRequests()).toBe(requests);
		expect((await readCdmRows(env, 'jira.worklogs')).all).toBe(0);

		// INCREMENTAL with the same filter runs, and lands only ENG worklogs.
		await configureUnit(env, { unitId: 'jira.worklogs', mode: 'INCREMENTAL', dataMode: 'CDM', policy: { filters: { projects: ['ENG'] } } });
		expect((await runUnit(env, 'jira.worklogs')).status).toBe('SUCCEEDED');
		const eng = truthOf(env, 'jira.worklogs', ['ENG']);
		expect(eng.length).toBeLessThan(truthOf(env, 'jira.worklogs').length);
		expect(rowSetDiff(mappedTruth(env, 'jira.worklogs', eng), (await readCdmRows(env, 'jira.worklogs')).live)).toMatchObject({
			missingCount: 0,
			extraCount: 0,
			changedCount: 0,
		});
	});
});
