/**
 * Benchmark: `ingestionUnitConfigs` for an endpoint with 1,000 units under 32 concurrent clients.
 * Prints requests/s, p50/p99 latency and SQL statements per request, against baselines measured in the same run:
 * the same read done in-process without HTTP/GraphQL, and one client at a time.
 * Targets: p99 < 25 ms, statements per request constant (equal for 10 and 1,000 units).
 *
 *   npm run bench:bridge            (DATABASE_URL, else the embedded Postgres)
 *   BENCH_SECONDS=20 BENCH_CLIENTS=32 npm run bench:bridge
 *
 * The bridge runs in a child process so the clients' work does not share its event loop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';

import { Client } from 'pg';

import { createBridgeServer } from '../src/bridge';
import { listConfigs, latestRunsFor } from '../src/ingestion';
import { Store, resolveDatabase } from '../src/store';
import { countStatements } from '../src/store/statement-counter';
import { seedSyntheticUnits } from '../test/helpers/seed';

const UNITS = Number(process.env.BENCH_UNITS ?? 1_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// The child reads the parent's token from its environment.
const TOKEN = process.env.BENCH_BRIDGE_TOKEN ?? `bench-${randomBytes(16).toString('hex')}`;

const QUERY = `query($endpointId: ID!) {
  ingestionUnitConfigs(endpointId: $endpointId) {
    id endpointId datasetId unitId enabled mode sinkId scheduleKind scheduleIntervalMinutes policy dataMode cdmModelId
    triggerLive lastStatus { state lastRunId finishedAt recordsRead rowsWritten error }
  }
}`;

type ToServer = { type: 'count' } | { type: 'reset' };
type FromServer = { type: 'ready'; cachedUrl: string; uncachedUrl: string } | { type: 'count'; statements: number };

/** Child: serve the bridge on the bench database and report statement counts on request. */
async function serve(databaseUrl: string): Promise<void> {
	const store = await Store.open({ databaseUrl, poolMax: 10, applicationName: 'bench-bridge' });
	const counter = countStatements(store.sequelize);
	const cached = createBridgeServer({ store, token: TOKEN });
	const uncached = createBridgeServer({ store, token: TOKEN, responseCache: false });
	const cachedUrl = (await cached.listen(0)).url;
	const uncachedUrl = (await uncached.listen(0)).url;
	process.on('message', (message: ToServer) => {
		if (message.type === 'reset') counter.reset();
		process.send!({ type: 'count', statements: counter.count } satisfies FromServer);
	});
	process.on('disconnect', () => void Promise.all([cached.close(), uncached.close()]).then(() => store.close()).then(() => process.exit(0)));
	process.send!({ type: 'ready', cachedUrl, uncachedUrl } satisfies FromServer);
}

function ask(child: ChildProcess, message: ToServer): Promise<number> {
	return new Promise((resolve) => {
		child.once('message', (reply: FromServer) => resolve(reply.type === 'count' ? reply.statements : -1));
		child.send(message);
	});
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface LoadResult {
	requests: number;
	perSecond: number;
	p50: number;
	p99: number;
	bytes: number;
}

async function load(clients: number, seconds: number, once: () => Promise<number>): Promise<LoadResult> {
	const latencies: number[] = [];
	let bytes = 0;
	const deadline = performance.now() + seconds * 1000;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: clients }, async () => {
			while (performance.now() < deadline) {
				const t0 = performance.now();
				bytes = await once();
				latencies.push(performance.now() - t0);
			}
		}),
	);
	const elapsed = (performance.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), bytes };
}

function row(label: string, r: LoadResult): string {
	return `${label.padEnd(34)} ${r.perSecond.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   (${r.requests} requests)`;
}

async function main(): Promise<void> {
	const target = await resolveDatabase();
	const admin = new Client({ connectionString: target.url });
	await admin.connect();
	const database = `n8ni_bench_bridge_${randomBytes(4).toString('hex')}`;
	await admin.query(`CREATE DATABASE "${database}"`);
	const url = new URL(target.url);
	url.pathname = `/${database}`;
	const databaseUrl = url.toString();
	let child: ChildProcess | undefined;
	let store: Store | undefined;
	try {
		store = await Store.open({ databaseUrl, migrate: true, poolMax: 4 });
		await seedSyntheticUnits(store, 'bench-1000', UNITS);
		await seedSyntheticUnits(store, 'bench-10', 10);
		await store.sequelize.query('ANALYZE');

		child = fork(__filename, ['--serve', databaseUrl], {
			execArgv: process.execArgv,
			stdio: 'inherit',
			env: { ...process.env, BENCH_BRIDGE_TOKEN: TOKEN },
		});
		const urls = await new Promise<{ cachedUrl: string; uncachedUrl: string }>((resolve) =>
			child!.once('message', (m: FromServer) => m.type === 'ready' && resolve(m)),
		);

		// A lean keep-alive HTTP client asking for gzip, so the figures measure the bridge rather than the client:
		// timed requests measure the time to the last byte (as load tools do); `verify` decodes and checks an answer.
		const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
		const post = (url: string, endpointId: string, verify = false) =>
			new Promise<{ wire: number; plain: number }>((resolve, reject) => {
				const body = JSON.stringify({ query: QUERY, variables: { endpointId } });
				const headers = {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body),
					'accept-encoding': 'gzip',
					authorization: `Bearer ${TOKEN}`,
				};
				const req = httpRequest(url, { method: 'POST', agent, headers }, (res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('error', reject);
					res.on('end', () => {
						const wire = Buffer.concat(chunks);
						if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${wire.subarray(0, 300).toString()}`));
						if (!verify) return resolve({ wire: wire.length, plain: 0 });
						const plain = res.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
						const answer = JSON.parse(plain.toString()) as { data?: { ingestionUnitConfigs?: unknown[] }; errors?: unknown };
						if (answer.errors || !answer.data?.ingestionUnitConfigs) return reject(new Error(`bad answer: ${plain.subarray(0, 300).toString()}`));
						resolve({ wire: wire.length, plain: plain.length });
					});
				});
				req.on('error', reject);
				req.end(body);
			});
		const request = async (endpointId: string) => (await post(urls.cachedUrl, endpointId)).wire;
		const uncachedRequest = async (endpointId: string) => (await post(urls.uncachedUrl, endpointId)).wire;
		const sizes = await post(urls.uncachedUrl, 'bench-1000', true);
		const cachedSizes = await post(urls.cachedUrl, 'bench-1000', true);
		if (cachedSizes.plain !== sizes.plain) throw new Error('cached and uncached answers differ in size');

		// Statements per executed request (cache off), for 10 and for 1,000 units.
		const statementsFor = async (endpointId: string) => {
			await uncachedRequest(endpointId);
			await ask(child!, { type: 'reset' });
			const rounds = 20;
			for (let i = 0; i < rounds; i++) await uncachedRequest(endpointId);
			return (await ask(child!, { type: 'count' })) / rounds;
		};
		const small = await statementsFor('bench-10');
		const large = await statementsFor('bench-1000');

		// Baseline 1: the same read in-process (configs + latest runs), no HTTP, no GraphQL.
		const direct = await load(1, Math.min(SECONDS, 5), async () => {
			const configs = await listConfigs(store!, 'bench-1000');
			await latestRunsFor(store!, configs);
			return configs.length;
		});
		// Baseline 2: every request executed (cache off), one client and then all clients.
		await load(1, 1, () => uncachedRequest('bench-1000'));
		const uncachedSingle = await load(1, SECONDS, () => uncachedRequest('bench-1000'));
		const uncachedLoaded = await load(CLIENTS, SECONDS, () => uncachedRequest('bench-1000'));
		// The served configuration (cache on): warm-up, one client, then the target load.
		await load(CLIENTS, 2, () => request('bench-1000'));
		const single = await load(1, SECONDS, () => request('bench-1000'));
		await ask(child, { type: 'reset' });
		const loaded = await load(CLIENTS, SECONDS, () => request('bench-1000'));
		const loadedStatements = (await ask(child, { type: 'count' })) / loaded.requests;
		agent.destroy();

		console.log(
			`\nbridge ingestionUnitConfigs: ${UNITS} units, answer ${(sizes.plain / 1024).toFixed(0)} KiB (${(sizes.wire / 1024).toFixed(0)} KiB gzip), ${CLIENTS} clients, ${SECONDS} s`,
		);
		console.log(row('baseline: in-process read (no HTTP)', direct));
		console.log(row('baseline: cache off, 1 client', uncachedSingle));
		console.log(row(`baseline: cache off, ${CLIENTS} clients`, uncachedLoaded));
		console.log(row('served: 1 client', single));
		console.log(row(`served: ${CLIENTS} concurrent clients`, loaded));
		console.log(
			`SQL statements per executed request: ${small} for 10 units, ${large} for ${UNITS} units; per served request under load: ${loadedStatements.toFixed(3)}`,
		);
		console.log(
			`ratios: served vs cache off under load: ${(loaded.perSecond / uncachedLoaded.perSecond).toFixed(1)}x req/s, p99 ${(uncachedLoaded.p99 / loaded.p99).toFixed(1)}x lower; served p99 under load / served p50 single = ${(loaded.p99 / single.p50).toFixed(1)}x`,
		);
		console.log(`targets: p99 < 25 ms -> ${loaded.p99 < 25 ? 'met' : 'NOT met'}; statements constant -> ${small === large ? 'met' : 'NOT met'}`);
	} finally {
		if (child?.connected) {
			const exited = new Promise((resolve) => child!.once('exit', resolve));
			child.disconnect();
			await exited;
		}
		await store?.close();
		await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
		await admin.end();
		await target.embedded?.stop();
	}
}

if (process.argv[2] === '--serve') {
	void serve(process.argv[3]);
} else {
	main().catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	});
}
