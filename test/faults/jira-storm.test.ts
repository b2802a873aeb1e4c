import type { RunUnitResult } from '../../src/ingestion/run-session';
import type { SimFaultCounts } from '../../src/jira-simulator';
import { checkpointTrail } from '../helpers/checkpoint-trail';
import { printFaultSummary } from '../helpers/fault-summary';
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
	runUnit,
	truthOf,
	versionsOf,
	type JiraE2E,
} from '../helpers/jira-e2e';

/** The storm: 30% of requests 429 (Retry-After 0 or 1), bursts of three 429s in a row, 5% 5xx, dropped and cut connections. */
const STORM = {
	storm: { rate: 0.3, retryAfterSeconds: [0, 1], burst: { every: 40, length: 3 } },
	errorRate: 0.05,
	dropRate: 0.02,
	cutRate: 0.03,
};
const MAX_ATTEMPTS = 6;
/** What a run that ran out of attempts must say: the endpoint, the request, how many attempts. */
const EXHAUSTED = (endpointId: string) => new RegExp(`Jira endpoint "${endpointId}": (GET|POST) /rest/api/3/[\\w/{}.-]+ still failing after ${MAX_ATTEMPTS} attempts: `);

const diffCounts = (after: SimFaultCounts, before: SimFaultCounts) =>
	Object.fromEntries(Object.entries(after).map(([kind, n]) => [kind, n - before[kind as keyof SimFaultCounts]])) as unknown as SimFaultCounts;

/**
 * The engine in process against a simulator in a 429 storm with 5xx and dropped connections: runs either SUCCEED with
 * exact data and stats that count every retry and 429, or, when a request runs out of attempts, FAIL naming the
 * endpoint and request with a checkpoint the next run resumes from.
 */
describe('fault: a 429 storm with 5xx and dropped connections', () => {
	let env: JiraE2E;

	beforeAll(async () => {
		env = await openJiraE2E('f_storm', { sim: { seed: 61, issues: 1000 } });
		// One project each (a third of the issues), so the storm's waits stay short.
		await addJiraEndpoint(env, 'jira-storm-exhaust', ['OPS']);
		await addJiraEndpoint(env, 'jira-storm-comments', ['ENG']);
		env.sim.control.setFaults(STORM);
	});
	afterAll(() => env.close());

	interface Attempt {
		result: RunUnitResult;
		faults: SimFaultCounts;
		requests: number;
	}

	/** Runs the unit until a run SUCCEEDS (at most `limit` runs), checking each FAILED one and the checkpoints. */
	async function runUntilSucceeded(at: JiraE2E, unitId: string, limit: number, onProgress?: (page: number) => void) {
		const trail = checkpointTrail(at.store, at.endpointId, unitId);
		const attempts: Attempt[] = [];
		while (attempts.at(-1)?.result.status !== 'SUCCEEDED') {
			expect(attempts.length).toBeLessThan(limit);
			const before = { faults: at.sim.control.faultCounts(), requests: at.sim.control.totalRequests() };
			const result = await runUnit(at, unitId, onProgress ? { onProgress: (progress) => onProgress(progress.pages) } : {});
			const attempt = { result, faults: diffCounts(at.sim.control.faultCounts(), before.faults), requests: at.sim.control.totalRequests() - before.requests };
			attempts.push(attempt);
			expect(['SUCCEEDED', 'FAILED']).toContain(result.status);
			const row = await at.store.models.IngestionRun.findByPk(result.runId);
			expect(row?.status).toBe(result.status);
			// The run's stats count every request, every 429 and every retry the simulator saw.
			expect(result.stats.jiraRequests).toBe(attempt.requests);
			expect(result.stats.rateLimited).toBe(attempt.faults.rateLimited);
			const failedAttempts = attempt.faults.rateLimited + attempt.faults.serverErrors + attempt.faults.dropped + attempt.faults.cut;
			if (result.status === 'SUCCEEDED') expect(result.stats.retries).toBe(failedAttempts);
			else {
				// One request ran out of attempts: its last failure was not retried.
				expect(result.stats.retries).toBe(failedAttempts - 1);
				expect(result.error).toMatch(EXHAUSTED(at.endpointId));
				expect(row?.error).toMatch(EXHAUSTED(at.endpointId));
			}
			await trail.record();
		}
		const total = (pick: (attempt: Attempt) => number) => attempts.reduce((sum, attempt) => sum + pick(attempt), 0);
		return {
			attempts,
			checkpoints: trail.seen,
			summary: {
				runs: attempts.length,
				statuses: attempts.map((attempt) => attempt.result.status).join(','),
				errors: attempts.map((attempt) => attempt.result.error?.slice(0, 120)).filter(Boolean).join(' | ') || 'none',
				requests: total((a) => a.requests),
				retries: total((a) => a.result.stats.retries),
				'429s': total((a) => a.result.stats.rateLimited),
				'5xx': total((a) => a.faults.serverErrors),
				dropped: total((a) => a.faults.dropped),
				cut: total((a) => a.faults.cut),
			},
		};
	}

	it('INCREMENTAL issues into raw: SUCCEEDS (or FAILS naming the request, then resumes) with every version exactly once', async () => {
		await configureUnit(env, { unitId: 'jira.issues', mode: 'INCREMENTAL', dataMode: 'RAW', policy: { pageSize: 50 } });
		const { summary } = await runUntilSucceeded(env, 'jira.issues', 5);
		const truth = truthOf(env, 'jira.issues');
		const diff = rowSetDiff(versionsOf('jira.issues', truth), rawVersions(await readRawRows(env, 'jira.issues')));
		printFaultSummary('429 storm, issues raw INCREMENTAL', { ...summary, truth: truth.length, missing: diff.missingCount, extra: diff.extraCount });
		expect(summary['429s']).toBeGreaterThan(5);
		expect(summary.retries).toBeGreaterThan(summary['429s']);
		expect(diff).toEqual(equalSets(truth.length));
	}, 300_000);

	it('SCD1 comments of one project into the CDM (search plus per-issue requests): the CDM rows end equal to the truth', async () => {
		const at = { ...env, endpointId: 'jira-storm-comments' };
		await configureUnit(at, { unitId: 'jira.comments', mode: 'SCD1', dataMode: 'CDM', policy: { pageSize: 50 } });
		const { summary } = await runUntilSucceeded(at, 'jira.comments', 5);
		const truth = mappedTruth(at, 'jira.comments', truthOf(env, 'jira.comments', ['ENG']));
		const rows = await readCdmRows(at, 'jira.comments');
		const diff = rowSetDiff(truth, rows.live);
		printFaultSummary('429 storm, comments CDM SCD1', { ...summary, truth: truth.size, missing: diff.missingCount, extra: diff.extraCount });
		expect(diff).toEqual(equalSets(truth.size));
		expect(rows.all).toBe(truth.size);
	}, 300_000);

	it('attempts exhausted mid-run: the run FAILS naming the endpoint and request, and the next run resumes from its checkpoint to exact data', async () => {
		const at = { ...env, endpointId: 'jira-storm-exhaust' };
		await configureUnit(at, { unitId: 'jira.issues', mode: 'INCREMENTAL', dataMode: 'RAW', policy: { pageSize: 50 } });
		let forced = false;
		// After the third committed page the search answers 429 six times in a row: one request runs out of attempts.
		const { attempts, checkpoints, summary } = await runUntilSucceeded(at, 'jira.issues', 6, (pages) => {
			if (forced || pages < 3) return;
			forced = true;
			at.sim.control.failNext({ pathPrefix: '/rest/api/3/search', status: 429, times: MAX_ATTEMPTS, headers: { 'Retry-After': '0' } });
		});
		const [first] = attempts;
		expect(first.result.status).toBe('FAILED');
		expect(first.result.error).toMatch(EXHAUSTED('jira-storm-exhaust'));
		expect(first.result.error).toContain('POST /rest/api/3/search/jql');
		expect(first.result.stats.pages).toBeGreaterThanOrEqual(3);
		// The failed run's pages were kept: its checkpoint was stored, and the runs after it started there.
		expect(checkpoints.length).toBeGreaterThan(0);
		const truth = truthOf(env, 'jira.issues', ['OPS']);
		const rest = attempts.slice(1).reduce((sum, attempt) => sum + attempt.result.stats.recordsRead, 0);
		expect(rest).toBeLessThan(truth.length);
		const diff = rowSetDiff(versionsOf('jira.issues', truth), rawVersions(await readRawRows(at, 'jira.issues')));
		printFaultSummary('429 storm, attempts exhausted then resumed', {
			...summary,
			firstError: String(first.result.error).slice(0, 110),
			firstRunRecords: first.result.stats.recordsRead,
			resumedRecords: rest,
			missing: diff.missingCount,
			extra: diff.extraCount,
		});
		expect(diff).toEqual(equalSets(truth.length));
	}, 300_000);
});
