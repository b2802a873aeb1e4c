/**
 * Jira requests per 1,000 issues for a full read of issues with their comments and worklogs, against the
 * simulator (avg 3 comments and 1.5 worklogs per issue). Compares, in the same run:
 *  - issue tree: one /search/jql pass with embedded comments and worklogs (+ a call per issue with more than 20),
 *  - unit readers: the jira.issues, jira.comments and jira.worklogs readers run one after the other,
 *  - naive: the issue pages plus one comment request and one worklog request per issue.
 * Usage: npx tsx bench/jira-requests.ts [--issues N] [--heavy-every N]
 */
import { JiraClient } from '../src/jira/client';
import { readComments, readIssues, readIssueTree, readWorklogs } from '../src/jira/readers';
import { SIMULATOR_CREDENTIALS, startJiraSimulator } from '../src/jira-simulator';

const TARGET_PER_THOUSAND = 15;

function arg(name: string, fallback: number): number {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

interface Measured {
	approach: string;
	requests: number;
	issues: number;
	comments: number;
	worklogs: number;
	ms: number;
}

async function main(): Promise<void> {
	const issues = arg('issues', 5000);
	const heavyEvery = arg('heavy-every', 500);
	const sim = await startJiraSimulator({ seed: 42, issues, avgComments: 3, avgWorklogs: 1.5, heavyEvery });
	const truth = { comments: sim.control.truth.comments().length, worklogs: sim.control.truth.worklogs().length };
	let endpoint = 0;
	const client = () =>
		new JiraClient({
			endpointId: `bench-${endpoint++}`,
			baseUrl: sim.url,
			deployment: 'cloud',
			auth: { kind: 'basic', email: SIMULATOR_CREDENTIALS.email, apiToken: SIMULATOR_CREDENTIALS.apiToken },
			concurrency: 8,
		});

	async function measure(approach: string, run: (c: JiraClient) => Promise<Omit<Measured, 'approach' | 'requests' | 'ms'>>): Promise<Measured> {
		const c = client();
		const started = performance.now();
		const counts = await run(c);
		return { approach, requests: c.stats().requests, ms: Math.round(performance.now() - started), ...counts };
	}

	const results: Measured[] = [];
	results.push(
		await measure('issue tree (one pass)', async (c) => {
			const n = { issues: 0, comments: 0, worklogs: 0 };
			for await (const page of readIssueTree(c)) {
				n.issues += page.records.length;
				n.comments += page.comments.length;
				n.worklogs += page.worklogs.length;
			}
			return n;
		}),
	);
	results.push(
		await measure('unit readers (issues, comments, worklogs)', async (c) => {
			const n = { issues: 0, comments: 0, worklogs: 0 };
			for await (const page of readIssues(c)) n.issues += page.records.length;
			for await (const page of readComments(c)) n.comments += page.records.length;
			for await (const page of readWorklogs(c)) n.worklogs += page.records.length;
			return n;
		}),
	);
	results.push(
		await measure('naive (1 comment + 1 worklog request per issue)', async (c) => {
			const n = { issues: 0, comments: 0, worklogs: 0 };
			for await (const page of readIssues(c)) {
				n.issues += page.records.length;
				await Promise.all(
					page.records.map(async (issue) => {
						const [comments, worklogs] = await Promise.all([
							c.get<{ comments: unknown[] }>(`/rest/api/3/issue/${issue.id}/comment`),
							c.get<{ worklogs: unknown[] }>(`/rest/api/3/issue/${issue.id}/worklog`),
						]);
						n.comments += comments.comments.length;
						n.worklogs += worklogs.worklogs.length;
					}),
				);
			}
			return n;
		}),
	);
	await sim.stop();

	const naive = results[results.length - 1];
	console.log(`Jira requests for a full read: ${issues} issues, ${truth.comments} comments (${(truth.comments / issues).toFixed(2)}/issue), ${truth.worklogs} worklogs (${(truth.worklogs / issues).toFixed(2)}/issue), one issue in ${heavyEvery} with more than 20 of each`);
	console.log('approach'.padEnd(48), 'requests'.padStart(9), 'per 1,000 issues'.padStart(17), 'vs naive'.padStart(9), 'time ms'.padStart(8));
	for (const r of results) {
		const complete = r.issues === issues && r.comments === truth.comments && r.worklogs === truth.worklogs;
		if (!complete) throw new Error(`${r.approach} read ${r.issues}/${r.comments}/${r.worklogs}, expected ${issues}/${truth.comments}/${truth.worklogs}`);
		const perThousand = (r.requests * 1000) / issues;
		console.log(r.approach.padEnd(48), String(r.requests).padStart(9), perThousand.toFixed(1).padStart(17), `${(naive.requests / r.requests).toFixed(1)}x`.padStart(9), String(r.ms).padStart(8));
	}
	const best = (results[0].requests * 1000) / issues;
	console.log(`target: <= ${TARGET_PER_THOUSAND} requests per 1,000 issues with comments and worklogs: ${best <= TARGET_PER_THOUSAND ? 'met' : 'NOT met'} by the issue tree (${best.toFixed(1)})`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
