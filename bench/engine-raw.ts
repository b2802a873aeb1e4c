/**
 * Engine → raw sink throughput and memory: rows/s and peak RSS for FULL and INCREMENTAL runs of 20k and
 * 100k synthetic Jira issues, against a plain COPY of the same rows measured in the same run.
 * Each case runs in a fresh child process so its peak RSS is its own.
 *
 *   npm run bench:engine                  # uses DATABASE_URL, or the embedded Postgres
 *   npm run bench:engine -- --sizes 5000  # other sizes; --page-size 100 (Jira's page) by default
 */
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { runInputFromConfig } from '../src/ingestion/run-input';
import { runIngestionUnit } from '../src/ingestion/run-unit';
import { copyLine, jsonbText } from '../src/sinks/raw/copy-text';
import { normalizeCursorValue } from '../src/sinks/raw/record-values';
import { Store } from '../src/store';
import { withScratchDatabase } from './scratch-database';
import { SyntheticIssueSource, syntheticIssue } from './synthetic-issues';

type Kind = 'COPY' | 'FULL' | 'INCREMENTAL';

interface CaseResult {
	kind: Kind;
	rows: number;
	seconds: number;
	peakRssMb: number;
	/** JS heap in use after the run and a full GC: what the run left behind. */
	heapAfterMb: number;
}

function argument(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

function memory(): { peakRssMb: number; heapAfterMb: number } {
	(globalThis as { gc?: () => void }).gc?.();
	return { peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), heapAfterMb: Math.round(process.memoryUsage().heapUsed / 1048576) };
}

/** Baseline: the same rows (key, cursor, record) in one COPY stream into a plain table, no merge, no checkpoint. */
async function copyBaseline(url: string, rows: number): Promise<number> {
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		const table = `copy_baseline_${rows}`;
		await client.query(`DROP TABLE IF EXISTS ${table}`);
		await client.query(`CREATE TABLE ${table} (pk_id text NOT NULL, cursor_value text, record jsonb NOT NULL, run_id uuid NOT NULL, ingested_at timestamptz NOT NULL DEFAULT now())`);
		const runId = '00000000-0000-0000-0000-000000000000';
		async function* lines(): AsyncGenerator<string> {
			let chunk = '';
			for (let n = 0; n < rows; n++) {
				const record = syntheticIssue(n);
				chunk += copyLine([String(record.id), normalizeCursorValue(record.updated), jsonbText(record), runId]);
				if (chunk.length > 1 << 16) {
					yield chunk;
					chunk = '';
				}
			}
			if (chunk) yield chunk;
		}
		const started = performance.now();
		await pipeline(Readable.from(lines()), client.query(copyFrom(`COPY ${table} (pk_id, cursor_value, record, run_id) FROM STDIN`)));
		return (performance.now() - started) / 1000;
	} finally {
		await client.end();
	}
}

async function runCase(url: string, kind: Kind, rows: number, pageSize: number): Promise<CaseResult> {
	if (kind === 'COPY') return { kind, rows, seconds: await copyBaseline(url, rows), ...memory() };
	const store = await Store.open({ databaseUrl: url, poolMax: 4 });
	try {
		const config = await store.models.IngestionUnitConfig.findOne({ where: { endpointId: endpointOf(kind, rows), unitId: 'jira.issues' } });
		if (!config) throw new Error('the bench unit is not configured');
		const started = performance.now();
		const result = await runIngestionUnit(runInputFromConfig(config), {
			store,
			sourceFactory: () => new SyntheticIssueSource(rows, pageSize),
		});
		const seconds = (performance.now() - started) / 1000;
		if (result.status !== 'SUCCEEDED' || result.stats.rowsWritten !== rows) {
			throw new Error(`bench run ended ${result.status} with ${result.stats.rowsWritten} rows: ${result.error ?? ''}`);
		}
		return { kind, rows, seconds, ...memory() };
	} finally {
		await store.close();
	}
}

function endpointOf(kind: Kind, rows: number): string {
	return `bench_${kind.toLowerCase()}_${rows}`;
}

function runChild(url: string, kind: Kind, rows: number, pageSize: number): Promise<CaseResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', __filename, '--case', `${kind}:${rows}`, '--page-size', String(pageSize)], {
			env: { ...process.env, BENCH_DATABASE_URL: url },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => {
			out += chunk.toString();
		});
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as CaseResult) : reject(new Error(`case ${kind}:${rows} exited ${code}`))));
	});
}

async function seed(url: string, sizes: number[]): Promise<void> {
	const store = await Store.open({ databaseUrl: url, migrate: true, poolMax: 2 });
	try {
		for (const rows of sizes) {
			for (const kind of ['FULL', 'INCREMENTAL'] as const) {
				const endpointId = endpointOf(kind, rows);
				await store.models.MetadataEndpoint.create({ id: endpointId, templateId: 'jira.cloud', family: 'SOURCE', name: endpointId });
				const dataset = await store.models.CatalogDataset.create({ endpointId, datasetId: 'jira.issues', name: 'Issues', kind: 'ENTITY' });
				await store.models.IngestionUnitConfig.create({
					endpointId,
					datasetId: dataset.id,
					unitId: 'jira.issues',
					mode: kind,
					sinkId: 'warehouse',
					policy: { primaryKeys: ['id'], cursorField: 'updated' },
				});
			}
		}
	} finally {
		await store.close();
	}
}

async function main(): Promise<void> {
	const pageSize = Number(argument('page-size', '100'));
	const single = argument('case', '');
	if (single) {
		const [kind, rows] = single.split(':');
		const result = await runCase(process.env.BENCH_DATABASE_URL!, kind as Kind, Number(rows), pageSize);
		process.stdout.write(`${JSON.stringify(result)}\n`);
		return;
	}
	const sizes = argument('sizes', '20000,100000').split(',').map(Number);
	await withScratchDatabase('n8ni_bench', async (url) => {
		await seed(url, sizes);
		const results: CaseResult[] = [];
		for (const rows of sizes) {
			for (const kind of ['COPY', 'FULL', 'INCREMENTAL'] as const) results.push(await runChild(url, kind, rows, pageSize));
		}
		const rate = (r: CaseResult) => r.rows / r.seconds;
		console.log(`\nEngine → raw sink (pages of ${pageSize}; each case in its own process; baseline: one plain COPY of the same rows)\n`);
		console.log(['case'.padEnd(12), 'rows'.padStart(8), 'seconds'.padStart(8), 'rows/s'.padStart(9), 'vs COPY'.padStart(8), 'peak RSS'.padStart(9), 'heap after'.padStart(10)].join('  '));
		for (const result of results) {
			const baseline = results.find((r) => r.kind === 'COPY' && r.rows === result.rows)!;
			console.log(
				[
					result.kind.padEnd(12),
					String(result.rows).padStart(8),
					result.seconds.toFixed(2).padStart(8),
					String(Math.round(rate(result))).padStart(9),
					`${(rate(result) / rate(baseline)).toFixed(2)}x`.padStart(8),
					`${result.peakRssMb} MB`.padStart(9),
					`${result.heapAfterMb} MB`.padStart(10),
				].join('  '),
			);
		}
		const engine = results.filter((r) => r.kind !== 'COPY');
		const peak = Math.max(...engine.map((r) => r.peakRssMb));
		console.log(`\nPeak RSS of engine runs: ${peak} MB (target < 256 MB, flat as rows grow).`);
		console.log('Peak RSS includes the Node runtime, tsx and the store (~110 MB before any run); "heap after" is the JS heap after a full GC.');
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
