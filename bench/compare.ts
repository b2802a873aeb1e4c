/**
 * The comparative benchmark (`npm run bench`): one run, one machine, one seeded Jira simulator (its own process, zero
 * latency) and one Postgres database of its own, dropped at the end.
 *
 *   (a) ours: the Ingestion Run node in a real n8n (this package installed as a community package), triggered by a
 *       Webhook, running jira.issues, jira.comments and jira.worklogs into CDM tables, the same into the raw sink,
 *       and issues + comments alone into CDM (the like-for-like row set of the built-in flow);
 *   (b) built-in: the flow a user builds today in the same n8n: Jira Software "Get Many" issues (Return All) and
 *       comments per issue, Edit Fields to name the columns, Postgres "Insert or Update" into equivalent tables
 *       (bench/compare/builtin-flow.json);
 *   (c) COPY: the final rows of (a) COPY'd into empty tables of the same shape (the physical limit);
 *   (d) ours again in n8n against the simulator with latency and a rate limit, the units one after the other (one
 *       execution) and all at once (three executions): wall time against the lower bound its request count sets.
 *
 * Each flow gets a fresh n8n (single mode, SQLite, default execution saving), so its peak RSS is its own. Ours, COPY
 * and the Jira readers alone (a reference: how fast rows come out of Jira at all) are medians of --rounds rounds.
 *
 *   npm run bench                                      # 2,000 issues, 3 rounds; DATABASE_URL, or the embedded Postgres
 *   npm run bench -- --issues 5000 --rounds 5 --latency-ms 200 --rate-limit 10
 *   COMPARE_ISSUES=500 COMPARE_ROUNDS=1 npm run bench -- --skip-latency
 *
 * Needs `npm run build` first (n8n loads the built package). Prints a table and writes bench/results/compare.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import path from 'node:path';

import { Client } from 'pg';

import { provisionAllCdmModels } from '../src/cdm/provision';
import { SIMULATOR_CREDENTIALS } from '../src/jira-simulator';
import { startN8n, type N8nStack } from '../src/stack/n8n-process';
import { Store } from '../src/store';
import { addBenchEndpoint } from './bench-endpoint';
import { BUILTIN_TABLES, countRows, createBuiltinTables } from './compare/builtin-tables';
import { copyBaseline, type CopySource } from './compare/copy-baseline';
import { BUILTIN_FLOW_FILE, loadFlow, OURS_FLOW_FILE } from './compare/flows';
import { figuresTable, latencyTable, ratio, ratiosTable, rowsPerSecond, type FlowFigures, type LatencyFigures } from './compare/report';
import { sampleRss } from './compare/rss-sampler';
import { runBenchCase } from './engine-jira-case';
import { withScratchDatabase } from './scratch-database';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process';

const ALL_UNITS = ['jira.issues', 'jira.comments', 'jira.worklogs'] as const;
const ISSUES_AND_COMMENTS = ['jira.issues', 'jira.comments'] as const;
/** The endpoint of the warm-up run each fresh n8n does before it is measured. */
const WARM_UP_ENDPOINT = 'warmup';
/** The engine's default concurrency per Jira endpoint (JiraClient). */
const ENGINE_CONCURRENCY = 4;

function option(name: string, env: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	const raw = index >= 0 ? process.argv[index + 1] : process.env[env];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} (${env}) must be a non-negative number, got "${raw}"`);
	return value;
}

const settings = {
	issues: option('issues', 'COMPARE_ISSUES', 2000),
	latencyMs: option('latency-ms', 'COMPARE_LATENCY_MS', 200),
	rateLimit: option('rate-limit', 'COMPARE_RATE_LIMIT', 10),
	/** Rounds of each fast measurement (ours, COPY, readers alone); the figures are medians. The built-in flow runs once. */
	rounds: Math.max(1, Math.round(option('rounds', 'COMPARE_ROUNDS', 3))),
	skipLatency: process.argv.includes('--skip-latency'),
};

const log = (line: string) => process.stderr.write(`${line}\n`);

/** POST a JSON body and wait for the answer however long the flow takes (no client timeout). */
function postJson(url: string, body: unknown): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const payload = JSON.stringify(body);
		const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
			let text = '';
			res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
			res.on('end', () => {
				if ((res.statusCode ?? 500) >= 400) reject(new Error(`${url} answered ${res.statusCode}: ${text.slice(0, 500)}`));
				else resolve(text ? JSON.parse(text) : null);
			});
		});
		req.on('error', reject);
		req.end(payload);
	});
}

interface RunSummary {
	unitId: string;
	status: string;
	error?: string;
	stats: { recordsRead: number; rowsWritten: number; jiraRequests: number; rateLimited: number; pages: number; durationMs: number };
}

interface Measured {
	seconds: number;
	jiraRequests: number;
	startRssMb: number;
	peakRssMb: number;
	answer: unknown;
}

/** Runs one flow by its webhook and measures wall time, the simulator's request count and n8n's RSS. */
async function measureFlow(n8n: N8nStack, sim: SimulatorProcess, webhookPath: string, body: unknown): Promise<Measured> {
	await sim.control('resetRequestCounts');
	const rss = sampleRss(n8n.mainPid);
	const started = performance.now();
	const answer = await postJson(`${n8n.baseUrl}/webhook/${webhookPath}`, body);
	const seconds = (performance.now() - started) / 1000;
	const memory = rss.stop();
	return { seconds, jiraRequests: await sim.control<number>('totalRequests'), startRssMb: memory.startMb, peakRssMb: memory.peakMb, answer };
}

const oursRequest = (endpointId: string, units: readonly string[]) => ({ requests: units.map((unitId) => ({ endpointId, unitId })) });

/** The Ingestion Run node's output (one run summary per unit), checked: every run must have succeeded. */
function succeededRuns(name: string, answer: unknown, expected: number): RunSummary[] {
	const runs = (Array.isArray(answer) ? answer : [answer]) as RunSummary[];
	const failed = runs.filter((run) => run.status !== 'SUCCEEDED');
	if (runs.length !== expected || failed.length > 0) throw new Error(`${name}: runs did not all succeed: ${JSON.stringify(failed.length ? failed : runs).slice(0, 1000)}`);
	return runs;
}

/** Ours through the Ingestion Run node: the answer lists one run summary per unit; every run must have succeeded. */
/** The middle value (the lower middle of an even count). */
function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Endpoint `<prefix><round>`: each round a first full read of an endpoint of its own. */
const roundEndpoint = (prefix: string, round: number) => `${prefix}${round}`;

/**
 * Ours through the Ingestion Run node, once a round (each round on an endpoint of its own, so each is a first full
 * read) in the same n8n: the median round's wall time and request count, the highest peak RSS of all rounds.
 */
async function runOurs(n8n: N8nStack, sim: SimulatorProcess, name: string, scope: string, prefix: string, units: readonly string[]): Promise<{ figures: FlowFigures; runs: RunSummary[] }> {
	const rounds: Array<Measured & { runs: RunSummary[]; rows: number }> = [];
	for (let round = 1; round <= settings.rounds; round += 1) {
		log(`${name} (round ${round} of ${settings.rounds})...`);
		const measured = await measureFlow(n8n, sim, 'bench-ours', oursRequest(roundEndpoint(prefix, round), units));
		const runs = succeededRuns(name, measured.answer, units.length);
		rounds.push({ ...measured, runs, rows: runs.reduce((sum, run) => sum + run.stats.rowsWritten, 0) });
	}
	const middle = rounds.find((r) => r.seconds === median(rounds.map((x) => x.seconds))) as (typeof rounds)[number];
	return {
		figures: {
			name,
			scope,
			rows: middle.rows,
			seconds: middle.seconds,
			roundSeconds: rounds.map((r) => Number(r.seconds.toFixed(3))),
			jiraRequests: middle.jiraRequests,
			peakRssMb: Math.max(...rounds.map((r) => r.peakRssMb)),
			startRssMb: rounds[0].startRssMb,
		},
		runs: middle.runs,
	};
}

async function rawTablesOf(url: string, endpointId: string): Promise<string[]> {
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		const { rows } = await client.query<{ name: string }>(
			`SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_name LIKE $1 ORDER BY 1`,
			[`${endpointId}\\_\\_%`],
		);
		return rows.map((row) => row.name);
	} finally {
		await client.end();
	}
}

async function truthCounts(sim: SimulatorProcess): Promise<{ issues: number; comments: number; worklogs: number }> {
	const count = async (kind: string) => ((await (await fetch(`${sim.url}/_sim/truth/${kind}`)).json()) as unknown[]).length;
	return { issues: await count('issues'), comments: await count('comments'), worklogs: await count('worklogs') };
}

/** A fresh n8n (this package as a community package) with the four credentials and both flows active, for `work`. */
async function withN8n<T>(url: string, sim: SimulatorProcess, work: (n8n: N8nStack) => Promise<T>): Promise<T> {
	const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-compare-'));
	const started = performance.now();
	let n8n: N8nStack;
	try {
		n8n = await startN8n({ mode: 'single', userFolder });
	} catch (error) {
		rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	try {
		await n8n.api.setupOwner({ email: 'bench@example.com', password: 'Bench-password-1', firstName: 'Bench', lastName: 'Owner' });
		await n8n.api.createApiKey('compare-bench');
		const db = new URL(url);
		const store = await n8n.api.createCredential('ingestionStoreApi', 'Ingestion Store', { connectionType: 'url', url });
		const jira = await n8n.api.createCredential('jiraIngestionApi', 'Jira Ingestion', {
			deployment: 'cloud',
			siteUrl: sim.url,
			email: SIMULATOR_CREDENTIALS.email,
			apiToken: SIMULATOR_CREDENTIALS.apiToken,
			allowedHttpRequestDomains: 'all',
		});
		const jiraCloud = await n8n.api.createCredential('jiraSoftwareCloudApi', 'Jira Cloud (bench)', {
			email: SIMULATOR_CREDENTIALS.email,
			apiToken: SIMULATOR_CREDENTIALS.apiToken,
			domain: sim.url,
		});
		const postgres = await n8n.api.createCredential('postgres', 'Postgres (bench)', {
			host: db.hostname,
			port: Number(db.port || 5432),
			database: decodeURIComponent(db.pathname.slice(1)),
			user: decodeURIComponent(db.username || 'postgres'),
			password: decodeURIComponent(db.password),
			ssl: 'disable',
			allowUnauthorizedCerts: false,
			maxConnections: 10,
			sshTunnel: false,
		});
		const credentials = {
			ingestionStoreApi: { id: store.id, name: 'Ingestion Store' },
			jiraIngestionApi: { id: jira.id, name: 'Jira Ingestion' },
			jiraSoftwareCloudApi: { id: jiraCloud.id, name: 'Jira Cloud (bench)' },
			postgres: { id: postgres.id, name: 'Postgres (bench)' },
		};
		for (const file of [OURS_FLOW_FILE, BUILTIN_FLOW_FILE]) {
			const { id } = await n8n.api.createWorkflow(loadFlow(file, credentials));
			await n8n.api.activateWorkflow(id);
		}
		const ready = performance.now();
		// n8n loads a community package's code on its first execution, and the store pool opens then: a long-running
		// n8n has done that long before, so one small run of ours (a worklogs unit of its own endpoint) comes first.
		succeededRuns('warm-up', await postJson(`${n8n.baseUrl}/webhook/bench-ours`, oursRequest(WARM_UP_ENDPOINT, ['jira.worklogs'])), 1);
		log(`  (a fresh n8n: ready in ${((ready - started) / 1000).toFixed(1)} s, warm-up run ${((performance.now() - ready) / 1000).toFixed(1)} s)`);
		return await work(n8n);
	} catch (error) {
		process.stderr.write(`${n8n.logs().split('\n').slice(-40).join('\n')}\n`);
		throw error;
	} finally {
		await n8n.stop();
		rmSync(userFolder, { recursive: true, force: true });
	}
}

/**
 * One (d) run of all three units on a fresh endpoint (so a first full read) through the Ingestion Run node:
 * sequential is one execution with three requests (the node runs them in order), concurrent three executions at once.
 */
async function latencyRun(n8n: N8nStack, store: Store, sim: SimulatorProcess, mode: LatencyFigures['mode']): Promise<LatencyFigures> {
	const { latencyMs, rateLimit } = settings;
	const endpointId = mode === 'sequential' ? 'latseq' : 'latpar';
	await addBenchEndpoint(store, endpointId, sim.url, 'CDM', ALL_UNITS);
	// The bucket refills while nothing is sent: start with it full, as a quiet Jira would be.
	await new Promise((resolve) => setTimeout(resolve, 2000));
	log(`latency run (${mode}): ${latencyMs} ms per answer, ${rateLimit} requests/s...`);
	const webhook = `${n8n.baseUrl}/webhook/bench-ours`;
	const started = performance.now();
	const answers =
		mode === 'sequential'
			? [await postJson(webhook, oursRequest(endpointId, ALL_UNITS))]
			: await Promise.all(ALL_UNITS.map((unitId) => postJson(webhook, oursRequest(endpointId, [unitId]))));
	const seconds = (performance.now() - started) / 1000;
	const runs = succeededRuns(`latency run (${mode})`, answers.flat(), ALL_UNITS.length);
	const units = runs.map(({ unitId, stats }) => ({
		unitId,
		seconds: stats.durationMs / 1000,
		requests: stats.jiraRequests,
		rateLimited: stats.rateLimited,
		pages: stats.pages,
		rows: stats.rowsWritten,
	}));
	const sum = (pick: (u: LatencyFigures['units'][number]) => number) => units.reduce((total, u) => total + pick(u), 0);
	const requests = sum((u) => u.requests);
	const rateLimited = sum((u) => u.rateLimited);
	const chains = units.map((u) => (u.pages * latencyMs) / 1000);
	const requestBoundSeconds = (requests - rateLimited) / rateLimit;
	const latencyBoundSeconds = Math.max((requests * latencyMs) / 1000 / ENGINE_CONCURRENCY, mode === 'sequential' ? chains.reduce((a, b) => a + b, 0) : Math.max(...chains));
	const lowerBoundSeconds = Math.max(requestBoundSeconds, latencyBoundSeconds);
	return {
		mode,
		latencyMs,
		rateLimitPerSecond: rateLimit,
		concurrency: ENGINE_CONCURRENCY,
		seconds,
		requests,
		rateLimited,
		rows: sum((u) => u.rows),
		lowerBoundSeconds,
		requestBoundSeconds,
		latencyBoundSeconds,
		ratio: Number((seconds / lowerBoundSeconds).toFixed(3)),
		units,
	};
}

/** (d): the simulator slowed down and rate limited for the two latency runs, then back to full speed. */
async function latencyRuns(n8n: N8nStack, store: Store, sim: SimulatorProcess): Promise<LatencyFigures[]> {
	await sim.control('setFaults', { latencyMs: settings.latencyMs, rateLimit: { requestsPerSecond: settings.rateLimit, retryAfterSeconds: 1 } });
	try {
		return [await latencyRun(n8n, store, sim, 'sequential'), await latencyRun(n8n, store, sim, 'concurrent')];
	} finally {
		await sim.control('setFaults', { latencyMs: 0, rateLimit: { requestsPerSecond: 1_000_000, retryAfterSeconds: 1 } });
	}
}

async function benchmark(url: string): Promise<void> {
	const sim = await startSimulatorProcess({ issues: settings.issues });
	const store = await Store.open({ databaseUrl: url, migrate: true, poolMax: 2 }).catch((error: unknown) => {
		sim.stop();
		throw error;
	});
	try {
		log(`setting up: ${settings.issues} issues, CDM tables, endpoints, the built-in flow's tables...`);
		await provisionAllCdmModels(store, 'cdm');
		for (let round = 1; round <= settings.rounds; round += 1) {
			await addBenchEndpoint(store, roundEndpoint('bench', round), sim.url, 'CDM', ALL_UNITS);
			await addBenchEndpoint(store, roundEndpoint('benchraw', round), sim.url, 'RAW', ALL_UNITS);
			await addBenchEndpoint(store, roundEndpoint('benchic', round), sim.url, 'CDM', ISSUES_AND_COMMENTS);
		}
		await addBenchEndpoint(store, WARM_UP_ENDPOINT, sim.url, 'CDM', ['jira.worklogs']);
		await createBuiltinTables(url);
		const truth = await truthCounts(sim);

		const ours = await withN8n(url, sim, (n8n) => runOurs(n8n, sim, 'ours: Ingestion Run -> CDM', 'issues, comments, worklogs into CDM tables', 'bench', ALL_UNITS));
		const oursRaw = await withN8n(url, sim, (n8n) => runOurs(n8n, sim, 'ours: Ingestion Run -> raw', 'issues, comments, worklogs into the raw sink', 'benchraw', ALL_UNITS));
		const oursLike = await withN8n(url, sim, (n8n) =>
			runOurs(n8n, sim, 'ours: issues+comments -> CDM', 'issues and comments into CDM tables (the built-in row set)', 'benchic', ISSUES_AND_COMMENTS),
		);
		const builtin = await withN8n(url, sim, async (n8n): Promise<FlowFigures> => {
			log('built-in: Jira Software node -> Postgres "Insert or Update"...');
			const run = await measureFlow(n8n, sim, 'bench-builtin', {});
			return {
				name: 'built-in: Jira node -> Postgres',
				scope: 'issues and comments: Jira Software Get Many (Return All) + comments per issue, Postgres Insert or Update',
				rows: Object.values(await countRows(url, BUILTIN_TABLES)).reduce((a, b) => a + b, 0),
				seconds: run.seconds,
				jiraRequests: run.jiraRequests,
				peakRssMb: run.peakRssMb,
				startRssMb: run.startRssMb,
			};
		});
		const builtinCounts = await countRows(url, BUILTIN_TABLES);

		log('the Jira readers alone (no sink, in this process)...');
		const readRounds: Array<{ rows: number; seconds: number; requests: number }> = [];
		for (let round = 1; round <= settings.rounds; round += 1) {
			const reads = [];
			for (const unitId of ALL_UNITS) reads.push(await runBenchCase(url, { kind: 'read', endpointId: roundEndpoint('bench', 1), unitId }));
			readRounds.push({ rows: reads.reduce((sum, r) => sum + r.records, 0), seconds: reads.reduce((sum, r) => sum + r.seconds, 0), requests: reads.reduce((sum, r) => sum + r.requests, 0) });
		}
		const readersAlone: FlowFigures = {
			name: 'Jira readers alone (no sink)',
			scope: 'the three units\' Jira readers drained in the bench process, no n8n and no sink: the Jira side of the limit',
			rows: readRounds[0].rows,
			seconds: median(readRounds.map((r) => r.seconds)),
			roundSeconds: readRounds.map((r) => Number(r.seconds.toFixed(3))),
			jiraRequests: readRounds[0].requests,
			peakRssMb: null,
			startRssMb: null,
		};

		log('COPY baselines...');
		const cdmSources: CopySource[] = ['cdm_work.cdm_work_item', 'cdm_work.cdm_work_comment', 'cdm_work.cdm_work_worklog'].map((table) => ({
			table,
			where: `source_endpoint_id = '${roundEndpoint('bench', 1)}'`,
		}));
		const rawSources = (await rawTablesOf(url, roundEndpoint('benchraw', 1))).map((table) => ({ table }));
		const copyRounds = async (sources: CopySource[], schema: string) => {
			const results = [];
			for (let round = 1; round <= settings.rounds; round += 1) results.push(await copyBaseline(url, sources, schema));
			const seconds = median(results.map((r) => r.seconds));
			return { ...results[0], seconds, roundSeconds: results.map((r) => Number(r.seconds.toFixed(3))) };
		};
		const copyCdm = await copyRounds(cdmSources, 'copy_cdm');
		const copyRaw = await copyRounds(rawSources, 'copy_raw');
		const copyFigures = (name: string, scope: string, result: typeof copyCdm): FlowFigures => ({
			name,
			scope,
			rows: result.rows,
			seconds: result.seconds,
			roundSeconds: result.roundSeconds,
			jiraRequests: null,
			peakRssMb: null,
			startRssMb: null,
		});
		const copyOfCdm = copyFigures('COPY: final CDM rows', 'the CDM rows of ours, COPY into empty tables of the same shape (key, indexes)', copyCdm);
		const copyOfRaw = copyFigures('COPY: final raw rows', 'the raw-sink rows of ours, COPY into empty tables of the same shape', copyRaw);

		const latency = settings.skipLatency ? null : await withN8n(url, sim, (n8n) => latencyRuns(n8n, store, sim));

		const flows = [ours, oursRaw, oursLike].map((r) => r.figures).concat([builtin, copyOfCdm, copyOfRaw, readersAlone]);
		const ratios = [
			ratio('ours/built-in rows/s, issues+comments -> CDM vs built-in', oursLike.figures, builtin, 20),
			ratio('ours/built-in rows/s, all three units -> CDM vs built-in', ours.figures, builtin, 20),
			ratio('ours/COPY rows/s, CDM', ours.figures, copyOfCdm, 0.5),
			ratio('ours/COPY rows/s, raw sink', oursRaw.figures, copyOfRaw, 0.5),
		];
		const requestRatio = (builtin.jiraRequests as number) / (oursLike.figures.jiraRequests as number);

		console.log(`\nComparative benchmark: ${settings.issues} issues (${truth.comments} comments, ${truth.worklogs} worklogs), seeded simulator, zero latency`);
		console.log(`ours, COPY and the readers: median of ${settings.rounds} rounds (peak RSS: the highest); the built-in flow: one run`);
		console.log(`machine: ${cpus().length} cores, ${Math.round(totalmem() / 1073741824)} GB, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
		console.log(figuresTable(flows));
		console.log(`\n${ratiosTable(ratios)}`);
		console.log(`Jira requests, built-in / ours (issues+comments): ${requestRatio.toFixed(1)}x fewer for ours`);
		const oursOverReaders = rowsPerSecond(ours.figures) / rowsPerSecond(readersAlone);
		console.log(`ours (CDM) / the Jira readers alone: ${oursOverReaders.toFixed(2)}x (no target: how much of the Jira side ours keeps)`);
		const expected = { ours: truth.issues + truth.comments + truth.worklogs, like: truth.issues + truth.comments };
		console.log(
			`rows check: ours ${ours.figures.rows} (truth ${expected.ours}), raw ${oursRaw.figures.rows}, issues+comments ${oursLike.figures.rows} and built-in ${builtin.rows} (truth ${expected.like})`,
		);
		if (latency) console.log(`\nOurs with ${settings.latencyMs} ms latency and ${settings.rateLimit} requests/s (through n8n, CDM, fresh endpoints, engine concurrency ${ENGINE_CONCURRENCY} per endpoint)\n\n${latencyTable(latency)}`);

		const results = {
			measuredAt: new Date().toISOString(),
			machine: { cpus: cpus().length, memoryGb: Math.round(totalmem() / 1073741824), node: process.version, loadAverage: loadavg().map((l) => Number(l.toFixed(2))) },
			rounds: settings.rounds,
			data: { issues: settings.issues, comments: truth.comments, worklogs: truth.worklogs, simulator: 'n8n-ingestion simulator in its own process, seed 1' },
			n8n: { version: '1.123.81', mode: 'single', note: 'this package as a community package; both flows in the same n8n, triggered by Webhook (responseMode lastNode)' },
			flows: flows.map((flow) => ({ ...flow, rowsPerSecond: Math.round(rowsPerSecond(flow)), seconds: Number(flow.seconds.toFixed(3)) })),
			ratios,
			jiraRequestsBuiltinOverOurs: Number(requestRatio.toFixed(1)),
			oursOverReadersAlone: Number(oursOverReaders.toFixed(3)),
			rowsCheck: { truth: expected, builtinTables: builtinCounts, copyCdm: copyCdm.tables, copyRaw: copyRaw.tables },
			oursRuns: { cdm: ours.runs, raw: oursRaw.runs, issuesAndComments: oursLike.runs },
			latency,
		};
		mkdirSync(path.join(__dirname, 'results'), { recursive: true });
		writeFileSync(path.join(__dirname, 'results/compare.json'), `${JSON.stringify(results, null, 2)}\n`);
		console.log('\nWritten to bench/results/compare.json');
	} finally {
		await store.close();
		sim.stop();
	}
}

withScratchDatabase('n8ni_bench_compare', benchmark).catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
