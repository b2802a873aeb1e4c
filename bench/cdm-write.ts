/**
 * CDM write throughput: work items per second through writeCdmRows (zod validation, COPY into a stage table, upsert
 * merge with the version guard) against a plain COPY of the same rows, in the same run and database:
 *   - baseline "same table": one COPY into an empty table with the CDM table's columns, key and indexes;
 *   - baseline "bare table": one COPY into an empty table with the same columns and no key or index.
 * Target: CDM insert rate / "same table" COPY rate >= 0.5.
 *
 *   npm run bench:cdm-write                     # 100k rows
 *   CDM_BENCH_ROWS=20000 CDM_BENCH_ROUNDS=5 npm run bench:cdm-write   # figures are medians over the rounds
 *
 * Uses DATABASE_URL as an administrator connection (else the embedded Postgres) and works in a database of its own,
 * dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { copyLineEncoder } from '../src/cdm/copy-text';
import { cdmTableColumns } from '../src/cdm/ddl';
import { workItemModel, type CdmWorkItem } from '../src/cdm/models';
import { provisionCdmSink } from '../src/cdm/provision';
import { openCdmSink } from '../src/cdm/sink-connection';
import { writeCdmRows } from '../src/cdm/writer';
import { resolveDatabase, Store } from '../src/store';

const ROWS = Number(process.env.CDM_BENCH_ROWS ?? 100_000);
const BATCH_SIZES = [1000, 5000];
const ROUNDS = Number(process.env.CDM_BENCH_ROUNDS ?? 3);
const TARGET_RATIO = 0.5;

function makeRows(count: number, version: string): CdmWorkItem[] {
	const statuses = [
		['To Do', 'todo'],
		['In Progress', 'in_progress'],
		['Done', 'done'],
	] as const;
	return Array.from({ length: count }, (_, i) => {
		const [status, category] = statuses[i % 3];
		return {
			cdm_id: `jira:bench:issue:${100_000 + i}`,
			source_system: 'jira',
			source_issue_key: `BENCH-${i + 1}`,
			project_cdm_id: `jira:bench:project:${10_000 + (i % 20)}`,
			reporter_cdm_id: `jira:bench:user:557058:${(i % 300).toString(16).padStart(8, '0')}-b67d-43c7-b30d-6b58d40bd077`,
			assignee_cdm_id: i % 4 === 0 ? null : `jira:bench:user:5b10ac8d82e05b22cc7d${(i % 50).toString(16).padStart(4, '0')}`,
			issue_type: i % 10 === 0 ? 'Bug' : 'Story',
			status,
			status_category: category,
			priority: i % 5 === 0 ? 'High' : 'Medium',
			summary: `Checkout fails when the cart holds more than ${i} items`,
			description: `Steps:\n1. Add ${i} items to the cart\n2. Open checkout\n\tExpected: the order is placed.\nActual: HTTP 500 from /api/checkout (see runbook https://wiki.example/runbooks/${i}).`,
			labels: i % 2 === 0 ? ['checkout', 'customer-reported'] : ['backend'],
			created_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
			updated_at: version,
			closed_at: category === 'done' ? version : null,
			properties: {
				source_issue_id: String(100_000 + i),
				url: `https://acme.atlassian.net/browse/BENCH-${i + 1}`,
				issue_type_id: '10001',
				status_id: '3',
				priority_id: '2',
				components: ['Payments'],
				custom_fields: { customfield_10016: i % 8, customfield_10020: [{ id: 7, name: 'Sprint 12', state: 'active' }] },
			},
		};
	});
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
	const started = process.hrtime.bigint();
	const value = await work();
	return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

async function plainCopy(url: string, table: string, rows: CdmWorkItem[]): Promise<void> {
	const columns = workItemModel.columnNames.map((name) => ({ name, sqlType: workItemModel.columns[name].sqlType }));
	const encode = copyLineEncoder(columns);
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		function* chunks() {
			let chunk = '';
			for (const row of rows) {
				chunk += `${encode(row)}\n`;
				if (chunk.length >= 256 * 1024) {
					yield chunk;
					chunk = '';
				}
			}
			if (chunk) yield chunk;
		}
		await client.query('BEGIN');
		await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columns.map((c) => c.name).join(', ')}) FROM STDIN`)));
		await client.query('COMMIT');
	} finally {
		await client.end();
	}
}

async function main(): Promise<void> {
	const admin = await resolveDatabase();
	const database = `n8ni_bench_cdm_${randomBytes(4).toString('hex')}`;
	const adminClient = new Client({ connectionString: admin.url });
	await adminClient.connect();
	await adminClient.query(`CREATE DATABASE ${database}`);
	const url = new URL(admin.url);
	url.pathname = `/${database}`;
	const store = await Store.open({ databaseUrl: url.toString(), migrate: true });
	const figures: Array<{ scenario: string; rows: number; seconds: number; rowsPerSecond: number; note: string }> = [];
	const record = (scenario: string, rows: number, seconds: number, note = '') =>
		figures.push({ scenario, rows, seconds: Number(seconds.toFixed(3)), rowsPerSecond: Math.round(rows / seconds), note });
	try {
		await provisionCdmSink(store, 'cdm', 'cdm.work.item');
		const sink = await openCdmSink(store, 'cdm');
		const v1 = makeRows(ROWS, '2024-03-01T00:00:00.000Z');
		const v2 = makeRows(ROWS, '2024-03-02T00:00:00.000Z').map((row) => ({ ...row, summary: `${row.summary} (edited)` }));
		const target = 'cdm_work.cdm_work_item';
		const truncate = () => store.sequelize.query(`TRUNCATE ${target}`);

		// warm-up (JIT, catalog caches, stage tables), then start from an empty table
		await writeCdmRows(sink, 'cdm.work.item', v1.slice(0, 5000), { runId: 'warmup', endpointId: 'bench', batchSize: 1000 });
		await truncate();

		const columnsSql = cdmTableColumns(workItemModel)
			.filter((c) => (workItemModel.columnNames as readonly string[]).includes(c.name))
			.map((c) => `${c.name} ${c.sqlType}`)
			.join(', ');
		await store.sequelize.query(`CREATE TABLE public.baseline_bare (${columnsSql})`);
		await store.sequelize.query(`CREATE TABLE public.baseline_same (LIKE ${target} INCLUDING ALL)`);
		await store.sequelize.query(`ALTER TABLE public.baseline_same ALTER COLUMN source_endpoint_id SET DEFAULT 'bench'`);
		const samples = new Map<string, number[]>();
		const notes = new Map<string, string>();
		const sample = (scenario: string, seconds: number, note = '') => {
			samples.set(scenario, [...(samples.get(scenario) ?? []), seconds]);
			if (note) notes.set(scenario, note);
		};
		const BASELINE = 'plain COPY, same key and indexes';
		const insertScenario = (batchSize: number) => `CDM write, new rows, batches of ${batchSize}`;
		// the machine may be shared: interleave the scenarios over several rounds and report medians
		for (let round = 0; round < ROUNDS; round++) {
			await store.sequelize.query('TRUNCATE public.baseline_bare, public.baseline_same');
			sample('plain COPY, bare table (no key, no index)', (await timed(() => plainCopy(url.toString(), 'public.baseline_bare', v1))).seconds, 'baseline');
			sample(BASELINE, (await timed(() => plainCopy(url.toString(), 'public.baseline_same', v1))).seconds, 'baseline for the ratio');
			for (const batchSize of BATCH_SIZES) {
				await truncate();
				const insert = await timed(() => writeCdmRows(sink, 'cdm.work.item', v1, { runId: 'run-1', endpointId: 'bench', batchSize }));
				if (insert.value.inserted !== ROWS) throw new Error(`expected ${ROWS} inserts, got ${JSON.stringify(insert.value)}`);
				sample(insertScenario(batchSize), insert.seconds);
			}
			const replay = await timed(() => writeCdmRows(sink, 'cdm.work.item', v1, { runId: 'run-1', endpointId: 'bench', batchSize: 1000 }));
			sample('CDM write, replay of the same run (nothing changes)', replay.seconds, `unchanged ${replay.value.unchanged}`);
			const update = await timed(() => writeCdmRows(sink, 'cdm.work.item', v2, { runId: 'run-2', endpointId: 'bench', batchSize: 1000 }));
			sample('CDM write, newer versions (all rows updated)', update.seconds, `updated ${update.value.updated}`);
			const stale = await timed(() => writeCdmRows(sink, 'cdm.work.item', v1, { runId: 'run-2', endpointId: 'bench', batchSize: 1000 }));
			sample('CDM write, older versions (all skipped)', stale.seconds, `unchanged ${stale.value.unchanged}`);
		}
		const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
		const baselineRate = ROWS / median(samples.get(BASELINE) as number[]);
		for (const [scenario, values] of samples) {
			const seconds = median(values);
			const note = scenario.startsWith('CDM write, new rows') ? `ratio ${(ROWS / seconds / baselineRate).toFixed(2)}` : (notes.get(scenario) ?? '');
			record(scenario, ROWS, seconds, note);
		}
		const insertRate = ROWS / median(samples.get(insertScenario(1000)) as number[]);

		console.log(`\nCDM write benchmark: ${ROWS} cdm.work.item rows, median of ${ROUNDS} rounds, Postgres at ${store.displayUrl.replace(/\/[^/]*$/, '/…')}\n`);
		console.table(figures);
		const ratio = insertRate / baselineRate;
		console.log(
			`\nratio (CDM new rows, batches of 1000) / (plain COPY, same key and indexes) = ${ratio.toFixed(2)}; target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`,
		);
	} finally {
		await store.close();
		await adminClient.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
		await adminClient.end();
		await admin.embedded?.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
