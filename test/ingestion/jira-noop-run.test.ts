import { applyChanges } from '../helpers/jira-changes';
import { addJiraEndpoint, configureUnit, openJiraE2E, runUnit, type JiraE2E } from '../helpers/jira-e2e';

const UNITS = ['jira.issues', 'jira.comments', 'jira.worklogs'];

/**
 * A run with nothing new in Jira, with the units' default policy (5-minute lookback, Jira's page size): at most two
 * Jira requests per unit (issues and comments: the search of the lookback window; worklogs: the change feed and the
 * deletion feed), and nothing written again.
 */
describe('no-op incremental runs (real Jira source)', () => {
	let env: JiraE2E;

	beforeAll(async () => {
		env = await openJiraE2E('e2e_noop', { sim: { seed: 61, issues: 300, heavyEvery: 10 } });
	});
	afterAll(() => env.close());

	it.each([['RAW' as const], ['CDM' as const]])('into %s: at most 2 requests per unit, no row written', async (dataMode) => {
		const at = { ...env, endpointId: `noop-${dataMode.toLowerCase()}` };
		await addJiraEndpoint(env, at.endpointId);
		for (const unitId of UNITS) {
			await configureUnit(at, { unitId, mode: 'INCREMENTAL', dataMode });
			expect((await runUnit(at, unitId)).status).toBe('SUCCEEDED');
		}
		// A round of changes (in the 5 minutes before the new cursor, so inside the next lookback), then a run for it.
		applyChanges(env.sim.control, dataMode === 'RAW' ? 71 : 72);
		for (const unitId of UNITS) expect((await runUnit(at, unitId)).stats.rowsWritten).toBeGreaterThan(0);
		const noop: Record<string, unknown> = {};
		for (const unitId of UNITS) {
			const { status, stats } = await runUnit(at, unitId);
			noop[unitId] = { status, requests: stats.jiraRequests <= 2 ? 'at most 2' : stats.jiraRequests, rowsWritten: stats.rowsWritten };
		}
		const expected = { status: 'SUCCEEDED', requests: 'at most 2', rowsWritten: 0 };
		expect(noop).toEqual({ 'jira.issues': expected, 'jira.comments': expected, 'jira.worklogs': expected });
	});
});
