/**
 * The engine end to end with the real Jira source: the Jira simulator (zero latency) runs as its own process
 * (`n8n-ingestion simulator`), each case runs in a fresh child process (bench/engine-jira-case.ts) so its time and
 * peak RSS are its own, and the store is a fresh database.
 *
 * - Throughput: first INCREMENTAL runs of jira.issues, jira.comments and jira.worklogs into the raw sink and into
 *   CDM tables, as rows/s, against the baseline of draining the same reader without a sink (measured in this run).
 * - Memory: peak RSS of a first jira.issues run into raw and into CDM for each size (default 20k and 100k issues).
 * - No-op: each unit run again with nothing changed in Jira: the Jira requests it needs (target at most 2).
 *
 *   npm run bench:engine-jira                                   # DATABASE_URL, or the embedded Postgres
 *   npm run bench:engine-jira -- --issues 20000 --sizes 20000,100000
 *
 * Prints a table and writes bench/results/engine-jira.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';

import { provisionAllCdmModels } from '../src/cdm/provision';
import { Store } from '../src/store';
import { addBenchEndpoint as addEndpoint } from './bench-endpoint';
import type { BenchCase, CaseResult } from './engine-jira-case';
import { withScratchDatabase } from './scratch-database';
import { startSimulatorProcess, type SimulatorProcess as Simulator } from './simulator-process';

const UNITS = ['jira.issues', 'jira.comments', 'jira.worklogs'] as const;

function argument(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

function runCase(url: string, benchCase: BenchCase): Promise<CaseResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', path.join(__dirname, 'engine-jira-case.ts'), '--case', JSON.stringify(benchCase)], {
			env: { ...process.env, BENCH_DATABASE_URL: url },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string) as CaseResult) : reject(new Error(`case ${JSON.stringify(benchCase)} exited ${code}`)),
		);
	});
}

const rate = (result: CaseResult) => result.records / result.seconds;
const pad = (value: string | number, width: number) => String(value).padStart(width);

async function main(): Promise<void> {
	const throughputIssues = Number(argument('issues', '20000'));
	const sizes = argument('sizes', '20000,100000').split(',').map(Number);
	await withScratchDatabase('n8ni_bench_jira', (url) => benchmark(url, throughputIssues, sizes));
}

async function benchmark(url: string, throughputIssues: number, sizes: number[]): Promise<void> {
	const simulators = new Map<number, Simulator>();
	const simulatorFor = async (issues: number) => {
		if (!simulators.has(issues)) simulators.set(issues, await startSimulatorProcess({ issues }));
		return simulators.get(issues) as Simulator;
	};
	const store = await Store.open({ databaseUrl: url, migrate: true, poolMax: 2 });
	try {
		await provisionAllCdmModels(store, 'cdm');
		const log = (line: string) => process.stderr.write(`${line}\n`);

		// Throughput and no-op runs.
		const sim = await simulatorFor(throughputIssues);
		await addEndpoint(store, 'tp-raw', sim.url, 'RAW', UNITS);
		await addEndpoint(store, 'tp-cdm', sim.url, 'CDM', UNITS);
		const throughput: Array<{ unitId: string; read: CaseResult; raw: CaseResult; cdm: CaseResult }> = [];
		log(`warming the simulator up (one read of the issues, not counted)...`);
		await runCase(url, { kind: 'read', endpointId: 'tp-raw', unitId: 'jira.issues' });
		for (const unitId of UNITS) {
			log(`throughput ${unitId} (${throughputIssues} issues)...`);
			const raw = await runCase(url, { kind: 'run', endpointId: 'tp-raw', unitId });
			const cdm = await runCase(url, { kind: 'run', endpointId: 'tp-cdm', unitId });
			const read = await runCase(url, { kind: 'read', endpointId: 'tp-raw', unitId });
			throughput.push({ unitId, read, raw, cdm });
		}
		const noop: Array<{ unitId: string; raw: CaseResult; cdm: CaseResult }> = [];
		for (const unitId of UNITS) {
			log(`no-op ${unitId}...`);
			noop.push({ unitId, raw: await runCase(url, { kind: 'run', endpointId: 'tp-raw', unitId }), cdm: await runCase(url, { kind: 'run', endpointId: 'tp-cdm', unitId }) });
		}

		// Peak RSS per size (the throughput runs serve for their own size).
		const memory: Array<{ issues: number; raw: CaseResult; cdm: CaseResult }> = [];
		for (const issues of sizes) {
			if (issues === throughputIssues) {
				const own = throughput[0];
				memory.push({ issues, raw: own.raw, cdm: own.cdm });
				continue;
			}
			log(`memory ${issues} issues...`);
			const simulator = await simulatorFor(issues);
			await addEndpoint(store, `m${issues}-raw`, simulator.url, 'RAW', ['jira.issues']);
			await addEndpoint(store, `m${issues}-cdm`, simulator.url, 'CDM', ['jira.issues']);
			memory.push({
				issues,
				raw: await runCase(url, { kind: 'run', endpointId: `m${issues}-raw`, unitId: 'jira.issues' }),
				cdm: await runCase(url, { kind: 'run', endpointId: `m${issues}-cdm`, unitId: 'jira.issues' }),
			});
		}

		console.log(`\nEngine end to end from the Jira simulator (own process, zero latency), ${throughputIssues} issues, first INCREMENTAL runs`);
		console.log('(each case in its own process; baseline: the same reader drained without a sink, in this run)\n');
		console.log(['unit'.padEnd(14), pad('records', 8), pad('read rec/s', 11), pad('raw rows/s', 11), pad('vs read', 8), pad('CDM rows/s', 11), pad('vs read', 8), pad('requests', 9)].join('  '));
		for (const { unitId, read, raw, cdm } of throughput) {
			console.log(
				[
					unitId.padEnd(14),
					pad(raw.records, 8),
					pad(Math.round(rate(read)), 11),
					pad(Math.round(rate(raw)), 11),
					pad(`${(rate(raw) / rate(read)).toFixed(2)}x`, 8),
					pad(Math.round(rate(cdm)), 11),
					pad(`${(rate(cdm) / rate(read)).toFixed(2)}x`, 8),
					pad(raw.requests, 9),
				].join('  '),
			);
		}
		console.log(`\nPeak RSS of a first jira.issues run (target < 256 MB, flat as the size grows)\n`);
		console.log(['issues'.padEnd(8), pad('raw RSS', 9), pad('CDM RSS', 9), pad('raw heap after', 15), pad('CDM heap after', 15)].join('  '));
		for (const { issues, raw, cdm } of memory) {
			console.log([String(issues).padEnd(8), pad(`${raw.peakRssMb} MB`, 9), pad(`${cdm.peakRssMb} MB`, 9), pad(`${raw.heapAfterMb} MB`, 15), pad(`${cdm.heapAfterMb} MB`, 15)].join('  '));
		}
		console.log('\nNo-op incremental run (nothing changed in Jira): Jira requests per unit (target at most 2)\n');
		console.log(['unit'.padEnd(14), pad('raw', 5), pad('CDM', 5), pad('records re-read', 16)].join('  '));
		for (const { unitId, raw, cdm } of noop) console.log([unitId.padEnd(14), pad(raw.requests, 5), pad(cdm.requests, 5), pad(raw.records, 16)].join('  '));

		const results = {
			measuredAt: new Date().toISOString(),
			machine: { cpus: cpus().length, node: process.version },
			simulator: 'n8n-ingestion simulator in its own process, zero latency, seed 1',
			issues: throughputIssues,
			throughput: throughput.map(({ unitId, read, raw, cdm }) => ({
				unitId,
				records: raw.records,
				readRecordsPerSecond: Math.round(rate(read)),
				rawRowsPerSecond: Math.round(rate(raw)),
				cdmRowsPerSecond: Math.round(rate(cdm)),
				rawVsRead: Number((rate(raw) / rate(read)).toFixed(2)),
				cdmVsRead: Number((rate(cdm) / rate(read)).toFixed(2)),
				requests: raw.requests,
				requestsPer1000Issues: Number(((raw.requests * 1000) / throughputIssues).toFixed(1)),
			})),
			memory: memory.map(({ issues, raw, cdm }) => ({ issues, rawPeakRssMb: raw.peakRssMb, cdmPeakRssMb: cdm.peakRssMb, rawHeapAfterMb: raw.heapAfterMb, cdmHeapAfterMb: cdm.heapAfterMb })),
			noop: noop.map(({ unitId, raw, cdm }) => ({ unitId, rawRequests: raw.requests, cdmRequests: cdm.requests, recordsReRead: raw.records })),
		};
		mkdirSync(path.join(__dirname, 'results'), { recursive: true });
		writeFileSync(path.join(__dirname, 'results/engine-jira.json'), `${JSON.stringify(results, null, 2)}\n`);
		console.log('\nWritten to bench/results/engine-jira.json');
	} finally {
		await store.close();
		for (const simulator of simulators.values()) simulator.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
