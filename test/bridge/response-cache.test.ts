import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';

import { recordTriggerHeartbeat, upsertConfig } from '../../src/ingestion';
import { countStatements } from '../../src/store/statement-counter';
import { TEST_TOKEN, postGraphql, startTestBridge, type TestBridge } from '../helpers/bridge';
import { seedJiraEndpoint, seedSyntheticUnits } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

const CONFIGS = { query: `query($e: ID!) { ingestionUnitConfigs(endpointId: $e) { unitId mode triggerLive lastStatus { state } } }`, variables: { e: 'jira-c' } };

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (ok(value) || Date.now() > deadline) return value;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('bridge response cache', () => {
	let ctx: TestStore;
	let bridge: TestBridge;

	beforeAll(async () => {
		ctx = await openTestStore('bridge_cache');
		await seedJiraEndpoint(ctx.store, 'jira-c');
		bridge = await startTestBridge(ctx.store, { responseCache: { ttlMs: 60_000 } });
		await bridge.client.configureIngestionUnit({ endpointId: 'jira-c', unitId: 'jira.issues' });
	});
	afterAll(async () => {
		await bridge?.close();
		await ctx.cleanup();
	});

	type Configs = { ingestionUnitConfigs: Array<{ unitId: string; mode: string; triggerLive: boolean; lastStatus: { state: string } }> };
	const configs = async () => (await postGraphql(bridge.url, CONFIGS)).body.data as Configs;

	it('answers a repeated query from memory, without SQL', async () => {
		const first = await configs();
		const counter = countStatements(ctx.store.sequelize);
		try {
			expect(await configs()).toEqual(first);
			expect(counter.count).toBe(0);
		} finally {
			counter.stop();
		}
	});

	it('a mutation through the bridge is visible to the very next query (read your writes)', async () => {
		await configs();
		await bridge.client.configureIngestionUnit({ endpointId: 'jira-c', unitId: 'jira.issues', mode: 'SCD1' });
		expect((await configs()).ingestionUnitConfigs[0].mode).toBe('SCD1');
		await bridge.client.startIngestion({ endpointId: 'jira-c', unitId: 'jira.issues' });
		expect((await configs()).ingestionUnitConfigs[0].lastStatus.state).toBe('QUEUED');
	});

	it('writes by other processes reach it through the store’s events: configs, run status, heartbeats', async () => {
		await configs();
		await upsertConfig(ctx.store, { endpointId: 'jira-c', unitId: 'jira.projects' });
		expect((await until(configs, (d) => d.ingestionUnitConfigs.length === 2)).ingestionUnitConfigs.map((c) => c.unitId)).toEqual([
			'jira.issues',
			'jira.projects',
		]);
		await ctx.store.sequelize.query(`UPDATE ingestion_runs SET status = 'RUNNING', started_at = now() WHERE endpoint_id = 'jira-c'`);
		const running = await until(configs, (d) => d.ingestionUnitConfigs[0].lastStatus.state === 'RUNNING');
		expect(running.ingestionUnitConfigs[0].lastStatus.state).toBe('RUNNING');
		await recordTriggerHeartbeat(ctx.store, { instanceId: `cache-${Date.now()}` });
		const live = await until(configs, (d) => d.ingestionUnitConfigs[0].triggerLive);
		expect(live.ingestionUnitConfigs.every((c) => c.triggerLive)).toBe(true);
	});

	it('does not keep error answers', async () => {
		const query = { query: `{ ingestionUnitConfigs(endpointId: "later") { unitId } }` };
		expect((await postGraphql(bridge.url, query)).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
		// An endpoint created by another process sends no event; the next answer must not be the cached error.
		await seedJiraEndpoint(ctx.store, 'later', { datasets: [] });
		expect((await postGraphql(bridge.url, query)).body).toEqual({ data: { ingestionUnitConfigs: [] } });
	});

	it('sends large answers gzip-compressed to clients that accept it', async () => {
		await seedSyntheticUnits(ctx.store, 'big', 150);
		const body = JSON.stringify({ query: `{ ingestionUnitConfigs(endpointId: "big") { id unitId policy } }` });
		const raw = (encoding: string) =>
			new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
				const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${TEST_TOKEN}`, 'accept-encoding': encoding };
				const req = request(bridge.url, { method: 'POST', headers }, (res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
				});
				req.on('error', reject);
				req.end(body);
			});
		const plain = await raw('identity');
		const zipped = await raw('gzip, deflate');
		expect([plain.encoding, zipped.encoding]).toEqual([undefined, 'gzip']);
		expect(plain.body.length).toBeGreaterThan(16 * 1024);
		expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
		expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
		expect((JSON.parse(plain.body.toString()) as { data: { ingestionUnitConfigs: unknown[] } }).data.ingestionUnitConfigs).toHaveLength(150);
	});

	it('refreshes a stale answer in the background after its ttl', async () => {
		const quick = await startTestBridge(ctx.store, { responseCache: { ttlMs: 50 } });
		const progress = { query: `{ ingestionUnitConfig(endpointId: "jira-c", unitId: "jira.issues") { lastStatus { state recordsRead } } }` };
		type Progress = { ingestionUnitConfig: { lastStatus: { state: string; recordsRead: number | null } } };
		const read = async () => ((await postGraphql(quick.url, progress)).body.data as Progress).ingestionUnitConfig.lastStatus;
		try {
			expect(await read()).toEqual({ state: 'RUNNING', recordsRead: null });
			// Progress counters of a running run send no event: the ttl bounds how long they stay unseen.
			await ctx.store.sequelize.query(`UPDATE ingestion_runs SET progress = '{"recordsRead": 700}' WHERE endpoint_id = 'jira-c'`);
			expect(await read()).toEqual({ state: 'RUNNING', recordsRead: null });
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(await until(read, (status) => status.recordsRead === 700)).toEqual({ state: 'RUNNING', recordsRead: 700 });
		} finally {
			await quick.close();
		}
	});
});
