import type { IssueCursor } from '../../src/jira/readers';
import { issueFields, readComments, readIssues, readIssueTree, readProjects, readUsers, readWorklogs } from '../../src/jira/readers';
import { parseJiraTime, type JiraIssue } from '../../src/jira/types';
import type { JiraSimulator } from '../../src/jira-simulator';
import { byId, idsOf, readAll, simulatorClient, startSimulator } from '../helpers/jira';

describe('Jira readers: full reads equal the simulator', () => {
	let sim: JiraSimulator;

	beforeAll(async () => {
		sim = await startSimulator({ seed: 7, issues: 130, heavyEvery: 25, tieEvery: 30, tieSize: 11 });
	});
	afterAll(() => sim.stop());

	it('issues: every issue, content included, across tie clusters that straddle page boundaries', async () => {
		const { records, pages } = await readAll(readIssues(simulatorClient(sim), { pageSize: 7 }));
		expect(byId(records)).toEqual(byId(sim.control.truth.issues(issueFields())));
		expect(new Set(idsOf(records)).size).toBe(records.length);
		// a tie cluster (11 issues, one millisecond) is split over pages of 7
		const straddles = pages.slice(1).filter((page, k) => {
			const previous = pages[k].records as JiraIssue[];
			const first = (page.records as JiraIssue[])[0];
			return previous.length > 0 && first && previous[previous.length - 1].fields.updated === first.fields.updated;
		});
		expect(straddles.length).toBeGreaterThan(0);
		const last = pages[pages.length - 1].checkpoint as IssueCursor;
		const newest = Math.max(...records.map((issue) => parseJiraTime((issue as JiraIssue).fields.updated)));
		expect(last.updatedMs).toBe(newest);
	});

	it('comments: all of them, with issueId and issueKey, including issues with more than 20', async () => {
		const client = simulatorClient(sim);
		const { records } = await readAll(readComments(client, { pageSize: 25 }));
		const truth = sim.control.truth.comments();
		expect(byId(records)).toEqual(byId(truth));
		const perIssue = new Map<string, number>();
		for (const comment of records) perIssue.set(comment.issueKey, (perIssue.get(comment.issueKey) ?? 0) + 1);
		const heavy = [...perIssue.values()].filter((count) => count > 20).length;
		expect(heavy).toBeGreaterThanOrEqual(4);
		// only issues with more than 20 comments cost a comment request
		expect(client.stats().byRoute['GET /rest/api/3/issue/{id}/comment']).toBe(heavy);
	});

	it('worklogs: all of them through the change feed and /worklog/list, never per issue', async () => {
		const client = simulatorClient(sim);
		const { records } = await readAll(readWorklogs(client));
		expect(byId(records)).toEqual(byId(sim.control.truth.worklogs()));
		const perIssue = new Map<string, number>();
		for (const worklog of records) perIssue.set(worklog.issueId, (perIssue.get(worklog.issueId) ?? 0) + 1);
		expect([...perIssue.values()].some((count) => count > 20)).toBe(true);
		const routes = client.stats().byRoute;
		expect(routes['GET /rest/api/3/issue/{id}/worklog']).toBeUndefined();
		expect(routes['POST /rest/api/3/worklog/list']).toBe(Math.ceil(records.length / 1000));
	});

	it('users (app users without email) and projects', async () => {
		const users = await readAll(readUsers(simulatorClient(sim), { pageSize: 5 }));
		expect(users.records).toEqual(sim.control.truth.users());
		expect(users.records.some((user) => user.accountType === 'app' && !('emailAddress' in user))).toBe(true);
		expect(users.pages[users.pages.length - 1]).toEqual({ records: [], checkpoint: { startAt: users.records.length, complete: true } });

		const projects = await readAll(readProjects(simulatorClient(sim), { pageSize: 2 }));
		expect(projects.records).toEqual(sim.control.truth.projects());
		expect(projects.checkpoint).toEqual({ startAt: 3, complete: true });
		const only = await readAll(readProjects(simulatorClient(sim), { projects: ['OPS'] }));
		expect(only.records.map((project) => project.key)).toEqual(['OPS']);
	});

	it('issue tree: issues with ALL their comments and worklogs in one pass', async () => {
		const client = simulatorClient(sim);
		const pages = [];
		for await (const page of readIssueTree(client)) pages.push(page);
		expect(byId(pages.flatMap((p) => p.records))).toEqual(byId(sim.control.truth.issues(issueFields())));
		expect(byId(pages.flatMap((p) => p.comments))).toEqual(byId(sim.control.truth.comments()));
		expect(byId(pages.flatMap((p) => p.worklogs))).toEqual(byId(sim.control.truth.worklogs()));
	});

	it('a project filter reads only those projects', async () => {
		const { records } = await readAll(readIssues(simulatorClient(sim), { projects: ['ENG', 'WEB'] }));
		const expected = sim.control.truth.issues(issueFields()).filter((issue) => /^(ENG|WEB)-/.test(String(issue.key)));
		expect(byId(records)).toEqual(byId(expected));
		const worklogs = await readAll(readWorklogs(simulatorClient(sim), { projects: ['ENG'] }));
		const engIds = new Set(expected.filter((issue) => String(issue.key).startsWith('ENG-')).map((issue) => String(issue.id)));
		expect(byId(worklogs.records)).toEqual(byId(sim.control.truth.worklogs().filter((w) => engIds.has(String(w.issueId)))));
	});

	it('resuming from any page checkpoint repeats at most that one page and skips nothing', async () => {
		const truthIds = idsOf(sim.control.truth.issues(['updated']));
		const full = await readAll(readIssues(simulatorClient(sim), { pageSize: 4 }));
		for (let crashAfter = 1; crashAfter < full.pages.length; crashAfter += 3) {
			const first = await readAll(readIssues(simulatorClient(sim), { pageSize: 4 }), crashAfter);
			const rest = await readAll(readIssues(simulatorClient(sim), { pageSize: 4, start: first.checkpoint }));
			const all = [...first.records, ...rest.records].map((issue) => issue.id);
			expect(new Set(all)).toEqual(new Set(truthIds));
			expect(all.length - truthIds.length).toBeLessThanOrEqual(4);
		}
	});
});

describe('Jira readers on Data Center (REST v2, startAt pages, Bearer token)', () => {
	let sim: JiraSimulator;

	beforeAll(async () => {
		sim = await startSimulator({ seed: 3, issues: 60, deployment: 'datacenter', tieEvery: 20, tieSize: 6 });
	});
	afterAll(() => sim.stop());

	it('reads every issue with /rest/api/2/search and offsets', async () => {
		const client = simulatorClient(sim, { deployment: 'datacenter' });
		const { records } = await readAll(readIssues(client, { pageSize: 5 }));
		expect(byId(records)).toEqual(byId(sim.control.truth.issues(issueFields(), 2)));
		expect(client.stats().byRoute['POST /rest/api/2/search']).toBeGreaterThanOrEqual(12);
	});

	it('re-queries from the cursor when an issue already read moves to the end mid-read', async () => {
		const client = simulatorClient(sim, { deployment: 'datacenter' });
		const reader = readIssues(client, { pageSize: 5 });
		const seen: string[] = [];
		let page = await reader.next();
		seen.push(...(page.value?.records ?? []).map((issue: JiraIssue) => issue.id));
		sim.control.advance(1000);
		sim.control.updateIssue(String((page.value?.records[0] as JiraIssue).key), { summary: 'moved to the end' });
		for (page = await reader.next(); !page.done; page = await reader.next()) seen.push(...page.value.records.map((issue: JiraIssue) => issue.id));
		expect(new Set(seen)).toEqual(new Set(idsOf(sim.control.truth.issues(['updated']))));
	});
});
