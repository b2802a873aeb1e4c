/**
 * One case of bench/engine-jira.ts, in a process of its own so its peak RSS is its own:
 *   read  — drain the unit's Jira reader (no sink): the baseline the engine cannot beat
 *   run   — runIngestionUnit of the endpoint's stored config (raw or CDM sink)
 * Env: BENCH_DATABASE_URL. Argv: --case '<json BenchCase>'. Prints one JSON line (CaseResult).
 * The read case reads ahead like the engine does, so the two differ only by the sink.
 */
import type { IngestionPolicy } from '../src/ingestion/policy';
import { readAhead } from '../src/ingestion/read-ahead';
import { runInputFromConfig } from '../src/ingestion/run-input';
import { runIngestionUnit } from '../src/ingestion/run-unit';
import { jiraClientFor, loadJiraEndpoint } from '../src/jira/endpoint-client';
import { openJiraUnitReader } from '../src/jira/readers';
import { Store } from '../src/store';
import { SIMULATOR_AUTH as AUTH } from './bench-endpoint';

export interface BenchCase {
	kind: 'read' | 'run';
	endpointId: string;
	unitId: string;
}

export interface CaseResult extends BenchCase {
	records: number;
	rowsWritten: number;
	seconds: number;
	requests: number;
	peakRssMb: number;
	/** JS heap in use after the case and a full GC. */
	heapAfterMb: number;
}


function memory(): { peakRssMb: number; heapAfterMb: number } {
	(globalThis as { gc?: () => void }).gc?.();
	return { peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), heapAfterMb: Math.round(process.memoryUsage().heapUsed / 1048576) };
}

async function readOnly(store: Store, benchCase: BenchCase): Promise<Omit<CaseResult, 'peakRssMb' | 'heapAfterMb'>> {
	const endpoint = await loadJiraEndpoint(store, benchCase.endpointId);
	const client = jiraClientFor(endpoint, { auth: AUTH });
	const config = await store.models.IngestionUnitConfig.findOne({ where: { endpointId: benchCase.endpointId, unitId: benchCase.unitId } });
	const started = performance.now();
	let records = 0;
	const pages = openJiraUnitReader(client, benchCase.unitId, { policy: (config?.policy ?? {}) as IngestionPolicy });
	for await (const page of readAhead(pages)) records += page.records.length;
	return { ...benchCase, records, rowsWritten: 0, seconds: (performance.now() - started) / 1000, requests: client.stats().requests };
}

async function run(store: Store, benchCase: BenchCase): Promise<Omit<CaseResult, 'peakRssMb' | 'heapAfterMb'>> {
	const config = await store.models.IngestionUnitConfig.findOne({ where: { endpointId: benchCase.endpointId, unitId: benchCase.unitId } });
	if (!config) throw new Error(`${benchCase.endpointId} ${benchCase.unitId} is not configured`);
	const started = performance.now();
	const result = await runIngestionUnit(runInputFromConfig(config), { store, credentials: () => ({ ...AUTH }) });
	const seconds = (performance.now() - started) / 1000;
	if (result.status !== 'SUCCEEDED') throw new Error(`${benchCase.endpointId} ${benchCase.unitId} ended ${result.status}: ${result.error ?? ''}`);
	return { ...benchCase, records: result.stats.recordsRead, rowsWritten: result.stats.rowsWritten, seconds, requests: result.stats.jiraRequests };
}

/**
 * BENCH_MEMORY_TRACE=1: memory figures every second on stderr, to see what grows; BENCH_MEMORY_TRACE=gc forces a full
 * GC before each sample, so heapUsed is the live heap (needs --expose-gc, which the bench passes).
 */
function traceMemory(): () => void {
	if (!process.env.BENCH_MEMORY_TRACE) return () => undefined;
	const mb = (n: number) => Math.round(n / 1048576);
	const timer = setInterval(() => {
		if (process.env.BENCH_MEMORY_TRACE === 'gc') (globalThis as { gc?: () => void }).gc?.();
		const m = process.memoryUsage();
		process.stderr.write(`rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}\n`);
	}, 1000);
	return () => clearInterval(timer);
}

export async function runBenchCase(url: string, benchCase: BenchCase): Promise<CaseResult> {
	const store = await Store.open({ databaseUrl: url, poolMax: 4 });
	const stopTrace = traceMemory();
	try {
		const result = benchCase.kind === 'read' ? await readOnly(store, benchCase) : await run(store, benchCase);
		return { ...result, ...memory() };
	} finally {
		stopTrace();
		await store.close();
	}
}

if (require.main === module) {
	const index = process.argv.indexOf('--case');
	runBenchCase(process.env.BENCH_DATABASE_URL as string, JSON.parse(process.argv[index + 1]) as BenchCase)
		.then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
		.catch((error: unknown) => {
			console.error(error);
			process.exit(1);
		});
}
