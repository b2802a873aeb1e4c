import { JiraClient } from '../../src/jira/client';
import { JiraHttpError, JiraRetriesExhaustedError } from '../../src/jira/errors';
import { rateLimitWaitMs } from '../../src/jira/rate-limit';
import { issueFields, readComments, readIssues, readUsers, readWorklogs } from '../../src/jira/readers';
import { allComments } from '../../src/jira/readers/issue-children';
import type { JiraSimulator } from '../../src/jira-simulator';
import { byId, readAll, SIMULATOR_CREDENTIALS, simulatorClient, startSimulator } from '../helpers/jira';

describe('Jira client under rate limits, 5xx and dropped connections', () => {
	let sim: JiraSimulator;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: 5,
			issues: 80,
			faults: { latencyMs: 1, errorRate: 0.05, dropRate: 0.03, rateLimit: { requestsPerSecond: 15, retryAfterSeconds: 0 } },
		});
	});
	afterAll(() => sim.stop());

	it('still reads exactly the simulator records, and counts retries and 429s', async () => {
		const client = simulatorClient(sim, { maxAttempts: 12, concurrency: 4 });
		const issues = await readAll(readIssues(client, { pageSize: 5 }));
		const comments = await readAll(readComments(client, { pageSize: 5, childPageSize: 7 }));
		const worklogs = await readAll(readWorklogs(client));
		const users = await readAll(readUsers(client, { pageSize: 3 }));
		sim.control.setFaults({ errorRate: 0, dropRate: 0, rateLimit: undefined });
		expect(byId(issues.records)).toEqual(byId(sim.control.truth.issues(issueFields())));
		expect(byId(comments.records)).toEqual(byId(sim.control.truth.comments()));
		expect(byId(worklogs.records)).toEqual(byId(sim.control.truth.worklogs()));
		expect(users.records).toEqual(sim.control.truth.users());
		const stats = client.stats();
		expect(stats.retries).toBeGreaterThan(0);
		expect(stats.rateLimited).toBeGreaterThan(0);
		expect(stats.bytes).toBeGreaterThan(10_000);
		expect(stats.requests).toBe(Object.values(stats.byRoute).reduce((sum, n) => sum + n, 0));
		expect(stats.requests).toBeGreaterThan(stats.retries);
	});
});

describe('Jira client errors and limits', () => {
	let sim: JiraSimulator;
	beforeAll(async () => {
		sim = await startSimulator({ seed: 9, issues: 30 });
	});
	afterAll(() => sim.stop());
	beforeEach(() => sim.control.setFaults({ latencyMs: 0, errorRate: 0, dropRate: 0, cutRate: 0, storm: null, rateLimit: undefined }));

	it('waits at least Retry-After on a 429', async () => {
		const client = simulatorClient(sim, { rateLimitFloorMs: 1000 });
		sim.control.failNext({ pathPrefix: '/rest/api/3/field', status: 429, headers: { 'Retry-After': '1' } });
		const started = Date.now();
		await client.get('/rest/api/3/field');
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(client.stats()).toMatchObject({ requests: 2, retries: 1, rateLimited: 1 });
	});

	it('reads Retry-After (0 means one second) and X-RateLimit-Reset', () => {
		const now = Date.parse('2025-01-01T00:00:00Z');
		expect(rateLimitWaitMs(new Headers({ 'Retry-After': '0' }), 1000, now)).toBe(1000);
		expect(rateLimitWaitMs(new Headers({ 'Retry-After': '3' }), 1000, now)).toBe(3000);
		expect(rateLimitWaitMs(new Headers({ 'Retry-After': '1', 'X-RateLimit-Reset': '2025-01-01T00:00:05Z' }), 1000, now)).toBe(5000);
		expect(rateLimitWaitMs(new Headers({ 'Retry-After': 'Wed, 01 Jan 2025 00:00:02 GMT' }), 100, now)).toBe(2000);
		expect(rateLimitWaitMs(new Headers(), 250, now)).toBe(250);
	});

	it('gives up after the bounded attempts with an error naming the endpoint and the request, never the token', async () => {
		const client = simulatorClient(sim, { maxAttempts: 3 });
		sim.control.failNext({ pathPrefix: '/rest/api/3/priority', status: 503, times: 3 });
		const error = await client.get('/rest/api/3/priority').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(JiraRetriesExhaustedError);
		expect((error as Error).message).toBe(`Jira endpoint "${client.endpointId}": GET /rest/api/3/priority still failing after 3 attempts: HTTP 503: Simulated HTTP 503`);
		expect(client.stats()).toMatchObject({ requests: 3, retries: 2 });
	});

	it('a dropped connection is retried', async () => {
		const client = simulatorClient(sim);
		sim.control.setFaults({ dropRate: 1 });
		const pending = client.get<unknown[]>('/rest/api/3/issuetype');
		setTimeout(() => sim.control.setFaults({ dropRate: 0 }), 30);
		expect((await pending).length).toBe(5);
		expect(client.stats().retries).toBeGreaterThan(0);
	});

	it('an answer cut mid-body (the socket destroyed after half the body) is retried, and the simulator counts it', async () => {
		const client = simulatorClient(sim);
		const before = sim.control.faultCounts().cut;
		sim.control.setFaults({ cutRate: 1 });
		const pending = client.get<unknown[]>('/rest/api/3/issuetype');
		setTimeout(() => sim.control.setFaults({ cutRate: 0 }), 30);
		expect((await pending).length).toBe(5);
		expect(client.stats().retries).toBe(sim.control.faultCounts().cut - before);
		expect(client.stats().retries).toBeGreaterThan(0);
	});

	it('a 429 storm: its bursts answer every request 429, then its share; Retry-After comes from the list', async () => {
		const client = simulatorClient(sim, { rateLimitFloorMs: 5 });
		const before = sim.control.faultCounts().rateLimited;
		sim.control.setFaults({ storm: { rate: 0.3, retryAfterSeconds: [0], burst: { every: 10, length: 3 } } });
		for (let i = 0; i < 12; i++) await client.get('/rest/api/3/priority');
		const rateLimited = sim.control.faultCounts().rateLimited - before;
		// The first three answers are the burst; every 429 was retried and counted by the client.
		expect(rateLimited).toBeGreaterThanOrEqual(3);
		expect(client.stats()).toMatchObject({ requests: 12 + rateLimited, retries: rateLimited, rateLimited });
	});

	it('400: a JQL error fails with Jira’s message (a missing project is not "no data")', async () => {
		const error = await readAll(readIssues(simulatorClient(sim), { projects: ['NOPE'] })).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(JiraHttpError);
		expect((error as JiraHttpError).status).toBe(400);
		expect((error as Error).message).toMatch(/POST \/rest\/api\/3\/search\/jql failed with HTTP 400 \(Bad Request\): The value 'NOPE' does not exist for the field 'project'\./);
	});

	it('401: wrong credentials fail at once with a hint and without the token', async () => {
		const client = new JiraClient({
			endpointId: 'sim-401',
			baseUrl: sim.url,
			deployment: 'cloud',
			auth: { kind: 'basic', email: SIMULATOR_CREDENTIALS.email, apiToken: 'WrongToken-123456' },
			retryBaseMs: 5,
		});
		const error = await client.get('/rest/api/3/field').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(JiraHttpError);
		expect((error as Error).message).toMatch(/GET \/rest\/api\/3\/field failed with HTTP 401 \(Unauthorized: check JIRA_EMAIL and JIRA_API_TOKEN/);
		expect((error as Error).message).not.toContain('WrongToken-123456');
		expect(client.stats().requests).toBe(1);
	});

	it('403 and 404 fail with a clear message', async () => {
		const client = simulatorClient(sim);
		sim.control.failNext({ pathPrefix: '/rest/api/3/users/search', status: 403, errorMessages: ['You do not have permission to browse users.'] });
		await expect(readAll(readUsers(client))).rejects.toThrow(
			`Jira endpoint "${client.endpointId}": GET /rest/api/3/users/search failed with HTTP 403 (Forbidden: the account lacks permission): You do not have permission to browse users.`,
		);
		const missing = { id: '999999', key: 'ENG-99999', fields: { comment: { comments: [], total: 25 } } };
		await expect(allComments(client, missing)).rejects.toThrow(
			'GET /rest/api/3/issue/999999/comment failed with HTTP 404 (Not Found): Issue does not exist or you do not have permission to see it.',
		);
	});

	it('the old /rest/api/3/search answers 410 and is reported as such', async () => {
		await expect(simulatorClient(sim).get('/rest/api/3/search', { jql: 'project = ENG' })).rejects.toThrow(/HTTP 410 \(Gone: this Jira API was removed\): The requested API has been removed/);
	});

	it('all clients of one endpoint share one concurrency limit', async () => {
		sim.control.setFaults({ latencyMs: 25 });
		sim.control.resetRequestCounts();
		const endpointId = `shared-${Date.now()}`;
		const clients = [simulatorClient(sim, { endpointId, concurrency: 2 }), simulatorClient(sim, { endpointId, concurrency: 2 })];
		await Promise.all(Array.from({ length: 10 }, (_, k) => clients[k % 2].get('/rest/api/3/priority')));
		expect(sim.control.inFlight().max).toBe(2);
		expect(clients[0].stats().requests + clients[1].stats().requests).toBe(10);
	});
});
