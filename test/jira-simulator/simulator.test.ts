import type { JiraSimulator } from '../../src/jira-simulator';
import { FEED_LAG_MS } from '../../src/jira-simulator';
import { SIMULATOR_CREDENTIALS, startSimulator } from '../helpers/jira';

const basic = `Basic ${Buffer.from(`${SIMULATOR_CREDENTIALS.email}:${SIMULATOR_CREDENTIALS.apiToken}`).toString('base64')}`;

async function call(sim: JiraSimulator, path: string, init: { method?: string; body?: unknown; auth?: string } = {}) {
	const response = await fetch(`${sim.url}${path}`, {
		method: init.method ?? 'GET',
		headers: { Authorization: init.auth ?? basic, 'Content-Type': 'application/json' },
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
	return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('Jira simulator: Jira Cloud shapes and quirks', () => {
	let sim: JiraSimulator;
	beforeAll(async () => {
		sim = await startSimulator({ seed: 2, issues: 150 });
	});
	afterAll(() => sim.stop());

	const search = (body: Record<string, unknown>) => call(sim, '/rest/api/3/search/jql', { method: 'POST', body });

	it('is deterministic for a seed', async () => {
		const other = await startSimulator({ seed: 2, issues: 150 });
		try {
			const strip = (value: unknown) => JSON.parse(JSON.stringify(value).split(other.url).join(sim.url));
			expect(strip(other.control.truth.issues())).toEqual(sim.control.truth.issues());
			expect(strip(other.control.truth.comments())).toEqual(sim.control.truth.comments());
		} finally {
			await other.stop();
		}
	});

	it('seeds ADF descriptions, app users without email, issues above 20 comments and worklogs, and tie clusters', () => {
		const issues = sim.control.truth.issues(['description', 'updated', 'comment', 'worklog']) as Array<{ fields: Record<string, any> }>;
		expect(issues[0].fields.description).toMatchObject({ type: 'doc', version: 1 });
		expect(issues.some((issue) => issue.fields.comment.total > 20 && issue.fields.comment.comments.length === 20)).toBe(true);
		expect(issues.some((issue) => issue.fields.worklog.total > 20 && issue.fields.worklog.worklogs.length === 20)).toBe(true);
		const perMs = new Map<string, number>();
		for (const issue of issues) perMs.set(issue.fields.updated, (perMs.get(issue.fields.updated) ?? 0) + 1);
		expect(Math.max(...perMs.values())).toBeGreaterThan(5);
		expect(sim.control.truth.users().filter((user) => user.accountType === 'app' && user.emailAddress === undefined).length).toBeGreaterThan(0);
	});

	it('answers 410 on the removed /search, 400 on unbounded JQL and on a bad page size, 401 without Basic auth', async () => {
		expect((await call(sim, '/rest/api/3/search?jql=project%3DENG')).status).toBe(410);
		const unbounded = await search({ jql: 'ORDER BY updated ASC' });
		expect(unbounded.status).toBe(400);
		expect(unbounded.body.errorMessages).toEqual(['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
		expect((await search({ jql: 'updated >= 0', maxResults: 6000 })).status).toBe(400);
		expect((await call(sim, '/rest/api/3/field', { auth: 'Bearer whatever' })).status).toBe(401);
	});

	it('pages /search/jql with an opaque nextPageToken that is absent on the last page; no total', async () => {
		const first = await search({ jql: 'updated >= 0 ORDER BY updated ASC, id ASC', maxResults: 1000, fields: ['summary'] });
		expect(first.body.issues).toHaveLength(100); // pages with fields stop at 100
		expect(first.body).not.toHaveProperty('total');
		expect(first.body.isLast).toBe(false);
		expect(typeof first.body.nextPageToken).toBe('string');
		const bad = await search({ jql: 'updated >= 1 ORDER BY updated ASC', nextPageToken: first.body.nextPageToken });
		expect(bad.status).toBe(400);
		const second = await search({ jql: 'updated >= 0 ORDER BY updated ASC, id ASC', maxResults: 1000, fields: ['summary'], nextPageToken: first.body.nextPageToken });
		expect(second.body.issues).toHaveLength(50);
		expect(second.body.isLast).toBe(true);
		expect(second.body).not.toHaveProperty('nextPageToken');
		const ids = await search({ jql: 'updated >= 0', maxResults: 5000, fields: ['id'] });
		expect(ids.body.issues).toHaveLength(150);
	});

	it('serves /rest/api/2/search/jql as n8n\'s built-in Jira node calls it: wiki-markup text, token pages', async () => {
		const body = { fields: ['*navigable'], jql: 'created >= "1970-01-01"', maxResults: 100 };
		const first = await call(sim, '/rest/api/2/search/jql', { method: 'POST', body });
		expect(first.status).toBe(200);
		const issues = first.body.issues as Array<{ self: string; fields: Record<string, unknown> }>;
		expect(issues).toHaveLength(100);
		expect(typeof issues[0].fields.description === 'string' || issues[0].fields.description === null).toBe(true);
		expect(issues[0].self).toContain('/rest/api/2/issue/');
		const second = await call(sim, '/rest/api/2/search/jql', { method: 'POST', body: { ...body, nextPageToken: first.body.nextPageToken } });
		expect(second.body.issues).toHaveLength(50);
		expect(second.body).not.toHaveProperty('nextPageToken');
	});

	it('reads JQL dates as epoch ms or as minute-precision literals', async () => {
		const issues = sim.control.truth.issues(['updated']) as Array<{ fields: { updated: string } }>;
		const middle = Date.parse(issues[75].fields.updated.replace('+0000', 'Z'));
		const byMs = await search({ jql: `updated >= ${middle} ORDER BY updated ASC`, maxResults: 100, fields: ['updated'] });
		const minute = new Date(Math.floor(middle / 60_000) * 60_000).toISOString().slice(0, 16).replace('T', ' ').replace(/-/g, '/');
		const byMinute = await search({ jql: `updated >= "${minute}" ORDER BY updated ASC`, maxResults: 100, fields: ['updated'] });
		expect((byMs.body.issues as unknown[]).length).toBeLessThanOrEqual((byMinute.body.issues as unknown[]).length);
		expect((byMs.body.issues as Array<{ fields: { updated: string } }>)[0].fields.updated).toBe(issues[75].fields.updated);
	});

	it('the worklog feed is inclusive of since, leaves out the last minute, and /worklog/list takes at most 1000 ids', async () => {
		const all = await call(sim, '/rest/api/3/worklog/updated?since=0');
		const values = all.body.values as Array<{ worklogId: number; updatedTime: number }>;
		expect(all.body.lastPage).toBe(true);
		const again = await call(sim, `/rest/api/3/worklog/updated?since=${values[3].updatedTime}`);
		expect((again.body.values as Array<{ worklogId: number }>)[0].worklogId).toBe(values[3].worklogId);
		const key = sim.control.issueKeys()[0];
		const added = sim.control.addWorklog(key);
		const hidden = await call(sim, `/rest/api/3/worklog/updated?since=${sim.control.now() - 10}`);
		expect(hidden.body.values).toEqual([]);
		sim.control.advance(FEED_LAG_MS + 1);
		const shown = await call(sim, `/rest/api/3/worklog/updated?since=${sim.control.now() - FEED_LAG_MS - 10}`);
		expect((shown.body.values as Array<{ worklogId: number }>).map((v) => String(v.worklogId))).toEqual([added.id]);
		const list = await call(sim, '/rest/api/3/worklog/list', { method: 'POST', body: { ids: Array.from({ length: 1001 }, (_, k) => k) } });
		expect(list.status).toBe(400);
	});

	it('counts requests per route and exposes the truth over HTTP', async () => {
		sim.control.resetRequestCounts();
		await call(sim, '/rest/api/3/priority');
		await call(sim, '/rest/api/3/priority');
		expect(sim.control.requestCounts()).toEqual({ 'GET /rest/api/{v}/priority': 2 });
		const viaHttp = await fetch(`${sim.url}/_sim/control`, { method: 'POST', body: JSON.stringify({ op: 'requestCounts', args: [] }) });
		expect(((await viaHttp.json()) as { result: unknown }).result).toEqual({ 'GET /rest/api/{v}/priority': 2 });
		const truth = await fetch(`${sim.url}/_sim/truth/priorities`);
		expect(await truth.json()).toEqual(sim.control.truth.priorities());
	});
});

describe('Jira simulator in Data Center mode', () => {
	let sim: JiraSimulator;
	beforeAll(async () => {
		sim = await startSimulator({ issues: 12, deployment: 'datacenter' });
	});
	afterAll(() => sim.stop());

	it('serves /rest/api/2/search with startAt and a total to a Bearer token, and no REST v3', async () => {
		const bearer = `Bearer ${SIMULATOR_CREDENTIALS.pat}`;
		const page = await call(sim, '/rest/api/2/search', { method: 'POST', auth: bearer, body: { jql: 'updated >= 0', startAt: 10, maxResults: 5 } });
		expect(page.status).toBe(200);
		expect(page.body).toMatchObject({ startAt: 10, total: 12 });
		expect(page.body.issues).toHaveLength(2);
		expect((await call(sim, '/rest/api/3/search/jql', { method: 'POST', auth: bearer, body: { jql: 'updated >= 0' } })).status).toBe(404);
	});
});
