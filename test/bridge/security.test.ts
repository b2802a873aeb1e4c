import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { createBridgeServer } from '../../src/bridge';
import { IngestionClient } from '../../src/client';
import { TEST_TOKEN, postGraphql, startTestBridge, type TestBridge } from '../helpers/bridge';
import { seedJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

const CONFIGS = `query { ingestionUnitConfigs(endpointId: "jira-s") { id unitId } }`;

describe('bridge auth, limits and error sanitizing', () => {
	let ctx: TestStore;
	let bridge: TestBridge;
	const logged: string[] = [];

	beforeAll(async () => {
		ctx = await openTestStore('bridge_security');
		await seedJiraEndpoint(ctx.store, 'jira-s');
		bridge = await startTestBridge(ctx.store, {
			logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (...args: unknown[]) => logged.push(args.join(' ')) },
		});
		await bridge.client.configureIngestionUnit({ endpointId: 'jira-s', unitId: 'jira.issues' });
	});
	afterAll(async () => {
		await bridge?.close();
		await ctx.cleanup();
	});

	it('answers 401 UNAUTHENTICATED without a token or with a forged one', async () => {
		const missing = await postGraphql(bridge.url, { query: CONFIGS }, {});
		expect(missing.status).toBe(401);
		expect(missing.body).toEqual({ errors: [{ message: 'Missing bearer token', extensions: { code: 'UNAUTHENTICATED', field: 'authorization' } }] });
		const forged = await postGraphql(bridge.url, { query: CONFIGS }, { authorization: `Bearer ${TEST_TOKEN.slice(0, -1)}x` });
		expect(forged.status).toBe(401);
		expect(forged.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
		const basic = await postGraphql(bridge.url, { query: CONFIGS }, { authorization: `Basic ${Buffer.from(`u:${TEST_TOKEN}`).toString('base64')}` });
		expect(basic.status).toBe(401);
		const noData = await new IngestionClient({ url: bridge.url }).ingestionUnitConfigs('jira-s').catch((e: unknown) => e);
		expect(noData).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
		const ok = await postGraphql(bridge.url, { query: CONFIGS });
		expect(ok.status).toBe(200);
		expect(ok.body.data).toEqual({ ingestionUnitConfigs: [{ id: expect.any(String), unitId: 'jira.issues' }] });
	});

	it('refuses to start without a token unless insecure-local, which binds loopback only', async () => {
		expect(() => createBridgeServer({ store: ctx.store })).toThrow(/INGESTION_API_TOKEN/);
		expect(() => createBridgeServer({ store: ctx.store, token: 'short' })).toThrow(/at least 16/);
		const local = createBridgeServer({ store: ctx.store, insecureLocal: true });
		await expect(local.listen(0, '0.0.0.0')).rejects.toThrow(/only binds to 127.0.0.1/);
		const { url } = await local.listen(0);
		try {
			expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
			const answer = await postGraphql(url, { query: CONFIGS }, {});
			expect(answer.status).toBe(200);
		} finally {
			await local.close();
		}
	});

	it('stops queries that are too deep, use too many aliases or tokens, or cost too much', async () => {
		let deep = 'id';
		for (let i = 0; i < 6; i++) deep = `ingestionConfig { dataset { ${deep} } }`;
		const tooDeep = await postGraphql(bridge.url, { query: `query($id: ID!) { dataset(id: $id) { ${deep} } }`, variables: { id: 'x' } });
		expect(tooDeep.body.data).toBeUndefined();
		expect(tooDeep.body.errors?.[0].message).toMatch(/depth/i);

		const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: endpoints { id }`).join(' ');
		const tooManyAliases = await postGraphql(bridge.url, { query: `{ ${aliases} }` });
		expect(tooManyAliases.body.data).toBeUndefined();
		expect(tooManyAliases.body.errors?.[0].message).toMatch(/alias/i);

		const tokens = Array.from({ length: 3_000 }, () => 'id').join(' ');
		const tooManyTokens = await postGraphql(bridge.url, { query: `{ endpoints { ${tokens} } }` });
		expect(tooManyTokens.body.data).toBeUndefined();
		expect(tooManyTokens.body.errors?.[0].message).toMatch(/token/i);

		const cheap = await startTestBridge(ctx.store, { limits: { maxCost: 20 } });
		try {
			const costly = await postGraphql(cheap.url, { query: `{ ingestionUnitConfigs(endpointId: "jira-s") { id unitId mode sinkId lastStatus { state lastRunId startedAt finishedAt recordsRead rowsWritten error } dataset { id name kind fields { name type } } } }` });
			expect(costly.body.data).toBeUndefined();
			expect(costly.body.errors?.[0].message).toMatch(/cost/i);
		} finally {
			await cheap.close();
		}
	});

	it('answers an unexpected failure as INTERNAL_SERVER_ERROR with no SQL, stack or details', async () => {
		await ctx.store.sequelize.query('ALTER TABLE ingestion_runs RENAME TO ingestion_runs_hidden');
		try {
			const answer = await postGraphql(bridge.url, { query: `{ ingestionUnitConfigs(endpointId: "jira-s") { unitId lastStatus { state } } }` });
			expect(answer.body.errors).toHaveLength(1);
			const [error] = answer.body.errors!;
			expect(error).toMatchObject({ message: 'Unexpected error.', path: ['ingestionUnitConfigs', 0, 'lastStatus'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
			expect(Object.keys(error).sort()).toEqual(expect.arrayContaining(['extensions', 'message', 'path']));
			expect(Object.keys(error).filter((key) => !['extensions', 'message', 'path', 'locations'].includes(key))).toEqual([]);
			expect(JSON.stringify(answer.body)).not.toMatch(/ingestion_runs|SELECT|relation|stack|\.ts:\d/);
			expect(logged.join('\n')).toMatch(/relation "ingestion_runs" does not exist/);
		} finally {
			await ctx.store.sequelize.query('ALTER TABLE ingestion_runs_hidden RENAME TO ingestion_runs');
		}
	});

	it('serves /healthz, refuses bodies without a length, and has no console without a static folder', async () => {
		const health = await fetch(bridge.url.replace('/graphql', '/healthz'));
		expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
		const chunked = await new Promise<number>((resolve, reject) => {
			const req = request(bridge.url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			});
			req.on('error', reject);
			req.end(JSON.stringify({ query: CONFIGS }));
		});
		expect(chunked).toBe(411);
		expect((await fetch(bridge.url.replace('/graphql', '/console/'))).status).toBe(404);
	});

	it('answers CORS preflights and cross-origin requests of a separate metadata UI', async () => {
		const origin = 'http://metadata-ui.test:3000';
		const preflight = await fetch(bridge.url, {
			method: 'OPTIONS',
			headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
		});
		expect(preflight.status).toBeLessThan(300);
		expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
		const answer = await fetch(bridge.url, {
			method: 'POST',
			headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` },
			body: JSON.stringify({ query: CONFIGS }),
		});
		expect(answer.status).toBe(200);
		expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
		const refused = await fetch(bridge.url, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' });
		expect([refused.status, refused.headers.get('access-control-allow-origin')]).toEqual([401, origin]);
	});

	it('serves a static folder at /console when given one, and nothing outside it', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'bridge-console-'));
		writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
		writeFileSync(path.join(dir, 'app.js'), 'console.log(1)');
		const withConsole = await startTestBridge(ctx.store, { staticDir: dir });
		try {
			const base = withConsole.url.replace('/graphql', '');
			const redirect = await fetch(`${base}/console`, { redirect: 'manual' });
			expect([redirect.status, redirect.headers.get('location')]).toEqual([301, '/console/']);
			const page = await fetch(`${base}/console/`);
			expect([page.status, await page.text()]).toEqual([200, '<!doctype html><title>console</title>']);
			expect((await fetch(`${base}/console/app.js`)).headers.get('content-type')).toMatch(/javascript/);
			expect((await fetch(`${base}/console/..%2Fpackage.json`)).status).toBeGreaterThanOrEqual(400);
			expect((await fetch(`${base}/console/missing.js`)).status).toBe(404);
		} finally {
			await withConsole.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
