/**
 * Load test of the GraphQL bridge: 64 concurrent clients for 60 s mixing reads (ingestionUnitConfigs, datasets,
 * ingestionRuns, dataset(id)) with config writes (configureIngestionUnit with random changes, startIngestion), while
 * a worker runs the queued runs through the engine against the Jira simulator. Reports requests/s and p50/p95/p99
 * per operation and the errors (must be 0), then checks that no update was lost: for every unit, the stored config
 * is the last acknowledged write (see load/config-ledger.ts). Writes bench/results/bridge-load.json.
 *
 *   npm run bench:bridge-load                      (DATABASE_URL, else the embedded Postgres)
 *   BENCH_CLIENTS=64 BENCH_SECONDS=60 BENCH_ENDPOINTS=8 npm run bench:bridge-load
 *
 * Three processes: this one (the clients), the bridge, and the worker with the Jira simulator, so the clients'
 * and the runs' work does not share the bridge's event loop. Exits 1 on any error or lost update.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { Client } from 'pg';
import { QueryTypes } from 'sequelize';

import { createBridgeServer } from '../src/bridge';
import { provisionAllCdmModels } from '../src/cdm/provision';
import { listConfigs } from '../src/ingestion';
import { JiraMetadataSubsystem } from '../src/jira/metadata-subsystem';
import { SIMULATOR_CREDENTIALS, startJiraSimulator } from '../src/jira-simulator';
import { Random } from '../src/jira-simulator/random';
import { Store, resolveDatabase } from '../src/store';
import { checkUnit, type AcknowledgedWrite, type ConfigChange, type TrackedConfig, type UnitVerdict } from './load/config-ledger';
import { GraphqlHttp } from './load/graphql-http';
import { LatencyRecorder } from './load/latency';
import { RunWorker, type WorkerStats } from './load/run-worker';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 8);
const ISSUES = Number(process.env.BENCH_ISSUES ?? 200);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const SEED = Number(process.env.BENCH_SEED ?? 9);
const RESULTS = process.env.BENCH_RESULTS ?? path.join(__dirname, 'results', 'bridge-load.json');
const TOKEN = process.env.BENCH_BRIDGE_TOKEN ?? `bench-${randomBytes(16).toString('hex')}`;
const JIRA_ENV = { JIRA_EMAIL: SIMULATOR_CREDENTIALS.email, JIRA_API_TOKEN: SIMULATOR_CREDENTIALS.apiToken };

type Message = { type: 'ready'; url: string } | { type: 'start' } | { type: 'stop' } | { type: 'stopped'; stats: WorkerStats };

/** Child: the bridge on the bench database. */
async function serveRole(databaseUrl: string): Promise<void> {
	const store = await Store.open({ databaseUrl, poolMax: 10, applicationName: 'bench-bridge-load' });
	const server = createBridgeServer({ store, token: TOKEN });
	const { url } = await server.listen(0);
	process.on('disconnect', () => void server.close().then(() => store.close()).then(() => process.exit(0)));
	process.send!({ type: 'ready', url } satisfies Message);
}

/** Child: the Jira simulator and the run worker. */
async function workerRole(databaseUrl: string): Promise<void> {
	const simulator = await startJiraSimulator({ seed: SEED, issues: ISSUES });
	const store = await Store.open({ databaseUrl, poolMax: 6, applicationName: 'bench-bridge-load-worker' });
	const worker = new RunWorker(store, JIRA_ENV, WORKERS);
	process.on('message', (message: Message) => {
		if (message.type === 'start') worker.start();
		if (message.type === 'stop') void worker.stop().then((stats) => process.send!({ type: 'stopped', stats } satisfies Message));
	});
	process.on('disconnect', () => void Promise.all([simulator.stop(), store.close()]).then(() => process.exit(0)));
	process.send!({ type: 'ready', url: simulator.url } satisfies Message);
}

function forkRole(role: string, databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
	const child = fork(__filename, [role, databaseUrl], { execArgv: process.execArgv, stdio: 'inherit', env: { ...process.env, BENCH_BRIDGE_TOKEN: TOKEN } });
	return new Promise((resolve, reject) => {
		child.once('message', (message: Message) => (message.type === 'ready' ? resolve({ child, url: message.url }) : reject(new Error('unexpected message'))));
		child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
	});
}

interface Unit {
	key: string;
	endpointId: string;
	unitId: string;
	modes: string[];
	cdm: boolean;
}

const CONFIG_FIELDS = 'unitId enabled mode scheduleKind scheduleIntervalMinutes dataMode sinkId policy updatedAt';
const CONFIGURE = `mutation($input: IngestionUnitConfigInput!) { configureIngestionUnit(input: $input) { ${CONFIG_FIELDS} } }`;
const START = `mutation($input: StartIngestionInput!) { startIngestion(input: $input) { runId queued } }`;
const READS = {
	ingestionUnitConfigs: `query($e: ID!) { ingestionUnitConfigs(endpointId: $e) { unitId mode enabled scheduleKind scheduleLive policy lastStatus { state recordsRead } } }`,
	datasets: `query($e: ID!) { datasets(endpointId: $e) { id datasetId kind fields { name } ingestionConfig { mode dataMode } } }`,
	ingestionRuns: `query($e: ID!) { ingestionRuns(endpointId: $e, limit: 20) { id unitId status recordsRead rowsWritten error } }`,
	dataset: `query($id: ID!) { dataset(id: $id) { id name kind ingestionConfig { unitId mode enabled } lastRun { status recordsRead } } }`,
};

/** A config as the bridge answers it: the tracked fields, with lookback and page size inside the policy. */
type ConfigAnswer = Omit<TrackedConfig, 'lookbackMinutes' | 'pageSize'> & { unitId: string; policy: unknown; updatedAt: string | Date };

function tracked(config: Omit<ConfigAnswer, 'unitId' | 'updatedAt'>): TrackedConfig {
	const { policy, ...fields } = config;
	const { lookbackMinutes, pageSize } = policy as { lookbackMinutes?: number; pageSize?: number };
	return {
		enabled: fields.enabled,
		mode: fields.mode,
		scheduleKind: fields.scheduleKind,
		scheduleIntervalMinutes: fields.scheduleIntervalMinutes,
		dataMode: fields.dataMode,
		sinkId: fields.sinkId,
		lookbackMinutes: lookbackMinutes ?? null,
		pageSize: pageSize ?? null,
	};
}

/** A random valid change of some of a unit's fields (never CUSTOM, which needs a caller; CDM only where mapped). */
function randomChange(random: Random, unit: Unit): ConfigChange {
	const change: ConfigChange = {};
	while (Object.keys(change).length === 0) {
		if (random.chance(0.4)) change.enabled = random.chance(0.5);
		if (random.chance(0.4)) change.mode = random.pick(unit.modes);
		if (random.chance(0.4)) {
			if (random.chance(0.5)) change.scheduleKind = 'MANUAL';
			else Object.assign(change, { scheduleKind: 'INTERVAL', scheduleIntervalMinutes: random.int(1, 1440) });
		}
		if (random.chance(0.25)) change.dataMode = unit.cdm && random.chance(0.4) ? 'CDM' : 'RAW';
		if (random.chance(0.4)) change.policy = { lookbackMinutes: random.int(0, 120), pageSize: random.int(50, 100) };
	}
	return change;
}

async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
	const target = await resolveDatabase();
	const name = `n8ni_bench_load_${randomBytes(4).toString('hex')}`;
	const admin = new Client({ connectionString: target.url });
	await admin.connect();
	await admin.query(`CREATE DATABASE "${name}"`);
	const url = new URL(target.url);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: async () => {
			await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
			await admin.end();
		},
	};
}

async function main(): Promise<void> {
	const database = await createDatabase();
	const children: ChildProcess[] = [];
	let store: Store | undefined;
	let http: GraphqlHttp | undefined;
	try {
		store = await Store.open({ databaseUrl: database.url, migrate: true, poolMax: 4 });
		const worker = await forkRole('--worker', database.url);
		children.push(worker.child);
		const endpointIds = Array.from({ length: ENDPOINTS }, (_, i) => `jira-load-${i + 1}`);
		for (const id of endpointIds) {
			await store.models.MetadataEndpoint.create({ id, templateId: 'jira.cloud', family: 'SOURCE', name: id, parameters: { baseUrl: worker.url } });
			await new JiraMetadataSubsystem(store, { env: JIRA_ENV }).collect(id);
		}
		await provisionAllCdmModels(store, 'cdm');
		const bridge = await forkRole('--serve', database.url);
		children.push(bridge.child);
		http = new GraphqlHttp(bridge.url, TOKEN, CLIENTS);

		// The units and their datasets, then one acknowledged initial write per unit (the start of its chain).
		const units: Unit[] = [];
		const datasetIds: string[] = [];
		for (const endpointId of endpointIds) {
			const answer = await http.post<{ ingestionUnits: Array<{ unitId: string; supportedModes: string[]; cdmModelId: string | null }>; datasets: Array<{ id: string }> }>(
				`query($e: ID!) { ingestionUnits(endpointId: $e) { unitId supportedModes cdmModelId } datasets(endpointId: $e) { id } }`,
				{ e: endpointId },
			);
			if (!answer.data) throw new Error(`cannot list units: ${answer.error}`);
			datasetIds.push(...answer.data.datasets.map((d) => d.id));
			for (const unit of answer.data.ingestionUnits) {
				units.push({ key: `${endpointId}/${unit.unitId}`, endpointId, unitId: unit.unitId, modes: unit.supportedModes.filter((m) => m !== 'CUSTOM'), cdm: !!unit.cdmModelId });
			}
		}
		const initial = new Map<string, AcknowledgedWrite>();
		const writes = new Map<string, AcknowledgedWrite[]>(units.map((unit) => [unit.key, []]));
		for (const unit of units) {
			const change: ConfigChange = { enabled: true, scheduleKind: 'MANUAL', dataMode: 'RAW', policy: { lookbackMinutes: 5, pageSize: 100 } };
			const answer = await http.post<{ configureIngestionUnit: ConfigAnswer }>(CONFIGURE, { input: { endpointId: unit.endpointId, unitId: unit.unitId, ...change } });
			if (!answer.data) throw new Error(`cannot configure ${unit.key}: ${answer.error}`);
			const config = answer.data.configureIngestionUnit;
			initial.set(unit.key, { change, answer: tracked(config), updatedAt: new Date(config.updatedAt).getTime() });
		}
		await store.sequelize.query('ANALYZE');

		worker.child.send({ type: 'start' } satisfies Message);
		const recorder = new LatencyRecorder();
		const operations: Array<[string, number, (random: Random) => Promise<void>]> = [
			['ingestionUnitConfigs', 22, async (random) => {
				const answer = await http!.post(READS.ingestionUnitConfigs, { e: random.pick(endpointIds) });
				recorder.record('ingestionUnitConfigs', answer.ms, answer.error);
			}],
			['datasets', 16, async (random) => {
				const answer = await http!.post(READS.datasets, { e: random.pick(endpointIds) });
				recorder.record('datasets', answer.ms, answer.error);
			}],
			['ingestionRuns', 18, async (random) => {
				const answer = await http!.post(READS.ingestionRuns, { e: random.pick(endpointIds) });
				recorder.record('ingestionRuns', answer.ms, answer.error);
			}],
			['dataset(id)', 16, async (random) => {
				const answer = await http!.post<{ dataset: unknown }>(READS.dataset, { id: random.pick(datasetIds) });
				recorder.record('dataset(id)', answer.ms, answer.error ?? (answer.data?.dataset ? undefined : 'dataset not found'));
			}],
			['configureIngestionUnit', 20, async (random) => {
				const unit = random.pick(units);
				const change = randomChange(random, unit);
				const answer = await http!.post<{ configureIngestionUnit: ConfigAnswer }>(CONFIGURE, { input: { endpointId: unit.endpointId, unitId: unit.unitId, ...change } });
				recorder.record('configureIngestionUnit', answer.ms, answer.error);
				const config = answer.data?.configureIngestionUnit;
				if (config) writes.get(unit.key)!.push({ change, answer: tracked(config), updatedAt: new Date(config.updatedAt).getTime() });
			}],
			['startIngestion', 8, async (random) => {
				const unit = random.pick(units);
				const answer = await http!.post(START, { input: { endpointId: unit.endpointId, unitId: unit.unitId } });
				recorder.record('startIngestion', answer.ms, answer.error);
			}],
		];
		const totalWeight = operations.reduce((sum, [, weight]) => sum + weight, 0);
		const pickOperation = (random: Random) => {
			let roll = random.int(1, totalWeight);
			for (const operation of operations) if ((roll -= operation[1]) <= 0) return operation[2];
			return operations[0][2];
		};

		console.log(`bridge load: ${CLIENTS} clients for ${SECONDS} s over ${units.length} units (${ENDPOINTS} endpoints), ${WORKERS} run workers, ${ISSUES} simulated issues`);
		const started = performance.now();
		const deadline = started + SECONDS * 1000;
		await Promise.all(
			Array.from({ length: CLIENTS }, async (_, client) => {
				const random = new Random(SEED, client);
				while (performance.now() < deadline) await pickOperation(random)(random);
			}),
		);
		const elapsed = (performance.now() - started) / 1000;
		worker.child.send({ type: 'stop' } satisfies Message);
		const runs = await new Promise<WorkerStats>((resolve) => worker.child.once('message', (m: Message) => m.type === 'stopped' && resolve(m.stats)));

		// No lost update: the stored configs (read from the store itself) against the acknowledged writes.
		const verdicts: UnitVerdict[] = [];
		for (const endpointId of endpointIds) {
			for (const config of await listConfigs(store, endpointId)) {
				const key = `${endpointId}/${config.unitId}`;
				verdicts.push(checkUnit(key, initial.get(key)!, writes.get(key)!, tracked(config)));
			}
		}
		const runStatus = await store.sequelize.query<{ status: string; count: number }>(
			`SELECT status, count(*)::int AS count FROM ingestion_runs GROUP BY status ORDER BY status`,
			{ type: QueryTypes.SELECT },
		);
		report({ summary: recorder.summary(elapsed), elapsed, units: units.length, verdicts, runs, runStatus, firstErrors: recorder.firstErrors });
	} finally {
		http?.close();
		await Promise.all(
			children.map((child) => {
				const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
				if (child.connected) child.disconnect();
				return exited;
			}),
		);
		await store?.close();
		await database.drop();
	}
}

function report(result: {
	summary: ReturnType<LatencyRecorder['summary']>;
	elapsed: number;
	units: number;
	verdicts: UnitVerdict[];
	runs: WorkerStats;
	runStatus: Array<{ status: string; count: number }>;
	firstErrors: string[];
}): void {
	const { summary, verdicts, runs } = result;
	const lost = verdicts.filter((v) => !v.lastWriteWins);
	const broken = verdicts.reduce((sum, v) => sum + v.brokenChain, 0);
	const acknowledged = verdicts.reduce((sum, v) => sum + v.writes, 0);
	const header = `${'operation'.padEnd(24)} ${'requests'.padStart(9)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'errors'.padStart(7)}`;
	console.log(`\n${header}\n${'-'.repeat(header.length)}`);
	for (const [operation, s] of Object.entries(summary)) {
		if (operation === 'all') console.log('-'.repeat(header.length));
		console.log(
			`${operation.padEnd(24)} ${String(s.requests).padStart(9)} ${s.perSecond.toFixed(1).padStart(8)} ${s.p50.toFixed(1).padStart(8)} ${s.p95.toFixed(1).padStart(8)} ${s.p99.toFixed(1).padStart(8)} ${s.max.toFixed(1).padStart(8)} ${String(s.errors).padStart(7)}`,
		);
	}
	console.log(`\nruns taken by the worker while under load: ${JSON.stringify(runs.runs)}; ${runs.recordsRead} records read, ${runs.rowsWritten} rows written`);
	console.log(`run rows by status at the end: ${result.runStatus.map((r) => `${r.status} ${r.count}`).join(', ')}`);
	if (runs.failures.length) console.log(`failed runs (first ${runs.failures.length}): ${runs.failures.join(' | ')}`);
	console.log(
	`lost updates: ${lost.length} of ${result.units} units (${acknowledged} acknowledged writes, ${broken} answers not following the previous one, ${verdicts.reduce((s, v) => s + v.ties, 0)} same-millisecond ties)`,
	);
	for (const verdict of verdicts.filter((v) => v.detail).slice(0, 5)) console.log(`  ${verdict.unit}: ${verdict.detail}`);
	if (result.firstErrors.length) console.log(`first errors: ${result.firstErrors.join(' | ')}`);

	const json = {
		bench: 'bridge-load',
		date: new Date().toISOString(),
		machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100), node: process.version },
		settings: { clients: CLIENTS, seconds: SECONDS, endpoints: ENDPOINTS, units: result.units, workers: WORKERS, simulatedIssues: ISSUES, seed: SEED },
		elapsedSeconds: Math.round(result.elapsed * 10) / 10,
		operations: summary,
		errors: summary.all.errors,
		firstErrors: result.firstErrors,
		runs: { ...runs, rowsByStatus: Object.fromEntries(result.runStatus.map((r) => [r.status, r.count])) },
		lostUpdates: { units: lost.length, acknowledgedWrites: acknowledged, brokenChains: broken, details: verdicts.filter((v) => v.detail).slice(0, 10) },
	};
	mkdirSync(path.dirname(RESULTS), { recursive: true });
	writeFileSync(RESULTS, `${JSON.stringify(json, null, 2)}\n`);
	console.log(`\nwritten to ${path.relative(process.cwd(), RESULTS)}`);
	if (json.errors > 0 || lost.length > 0 || broken > 0) process.exitCode = 1;
}

const [role, databaseUrl] = process.argv.slice(2);
const entry = role === '--serve' ? serveRole(databaseUrl) : role === '--worker' ? workerRole(databaseUrl) : main();
entry.catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
