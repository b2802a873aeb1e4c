import { spawn } from 'node:child_process';
import path from 'node:path';

import type { CliIO } from '../../src/cli/cli-context';
import { runCli, type CliDeps } from '../../src/cli/program';
import type { Store } from '../../src/store';
import { runBuiltCli } from '../helpers/cli';
import { readRaw, seedUnit } from '../helpers/engine-fixtures';
import { MemoryDataset, MemorySource } from '../helpers/memory-source';
import { openTestStore, type TestStore } from '../helpers/test-database';

interface Captured {
	code: number;
	out: string[];
	err: string[];
}

describe('CLI run-unit and runs', () => {
	let ctx: TestStore;
	let store: Store;
	const dataset = MemoryDataset.generate(81, 120);

	beforeAll(async () => {
		ctx = await openTestStore('cli_engine');
		store = ctx.store;
		await seedUnit(store, { endpointId: 'cli-1', mode: 'SCD1' });
		await seedUnit(store, { endpointId: 'cli-1', unitId: 'jira.comments', mode: 'CUSTOM' });
	});
	afterAll(() => ctx.cleanup());

	async function cli(argv: string[], deps: CliDeps = {}, env: NodeJS.ProcessEnv = {}): Promise<Captured> {
		const captured: Captured = { code: 0, out: [], err: [] };
		const io: CliIO = { out: (line) => captured.out.push(line), err: (line) => captured.err.push(line), env: { DATABASE_URL: ctx.database.url, ...env } };
		captured.code = await runCli(argv, io, deps);
		return captured;
	}

	const memory = (options: ConstructorParameters<typeof MemorySource>[1] = {}): CliDeps => ({
		// The in-memory source needs no Jira secret.
		engine: { sourceFactory: () => new MemorySource(dataset, { pageSize: 40, ...options }), credentials: () => ({}) },
	});

	it('run-unit runs the configured unit and prints its stats', async () => {
		const result = await cli(['run-unit', '--endpoint', 'cli-1', '--unit', 'jira.issues'], memory());
		expect(result.code).toBe(0);
		expect(result.out[0]).toMatch(/^Run [0-9a-f-]{36} SUCCEEDED in \d+\.\d s$/);
		expect(result.out).toEqual(
			expect.arrayContaining(['  records read     120', '  rows written     120', '  pages            3', '  source requests  3 (retries 0, 429s 0)']),
		);
		// Not a terminal: progress comes as plain lines on stderr.
		expect(result.err[0]).toMatch(/^cli-1 jira\.issues: page 1, 40 records read, 40 rows written, \d+ rec\/s$/);
		expect(await readRaw(store, 'cli-1')).toHaveLength(120);

		const again = await cli(['run-unit', '--endpoint', 'cli-1', '--unit', 'jira.issues', '--json'], memory());
		expect(again.code).toBe(0);
		expect(JSON.parse(again.out[0])).toMatchObject({ status: 'SUCCEEDED', stats: { recordsRead: 0, rowsWritten: 0 } });
	});

	it('run-unit exits 1 with the sanitized error when the run fails, and when the unit has no config', async () => {
		dataset.advance(5);
		dataset.update(5);
		const failed = await cli(
			['run-unit', '--endpoint', 'cli-1', '--unit', 'jira.issues'],
			memory({ beforePage: () => Promise.reject(new Error('Jira said no (Bearer abcdefghijkl)')) }),
		);
		expect(failed.code).toBe(1);
		expect(failed.err[failed.err.length - 1]).toMatch(/^error: Run [0-9a-f-]{36} failed: Jira said no \(Bearer \*\*\*\*\)$/);

		const missing = await cli(['run-unit', '--endpoint', 'cli-1', '--unit', 'jira.worklogs'], memory());
		expect(missing).toMatchObject({ code: 1, err: ['error: --unit: no ingestion config for unit jira.worklogs of endpoint "cli-1": configure it first'] });
	});

	it('run-unit of a CUSTOM unit prints the records as JSON lines and confirms them', async () => {
		const result = await cli(['run-unit', '--endpoint', 'cli-1', '--unit', 'jira.comments'], memory());
		expect(result.code).toBe(0);
		expect(result.out.map((line) => (JSON.parse(line) as { id: string }).id).sort()).toEqual([...dataset.records.keys()].sort());
		const state = await store.models.IngestionUnitState.findOne({ where: { endpointId: 'cli-1', unitId: 'jira.comments' } });
		expect(state?.lastStats).toMatchObject({ pagesConfirmed: 3, complete: true });
	});

	it('run-unit needs Jira credentials from the environment and never prints them', async () => {
		const noSecret = await cli(['run-unit', '--endpoint', 'cli-1', '--unit', 'jira.issues']);
		expect(noSecret.code).toBe(1);
		expect(noSecret.err.pop()).toContain('failed: JIRA_EMAIL and JIRA_API_TOKEN are not set: a Jira Cloud endpoint needs an email and an API token');
		const withToken = await cli(['run-unit', '--endpoint', 'cli-1', '--unit', 'jira.issues'], {}, { JIRA_EMAIL: 'me@example.com', JIRA_API_TOKEN: 'api-secret-value-123' });
		expect(withToken.code).toBe(1);
		// The Jira source refuses the checkpoint the in-memory source left behind, naming the unit.
		expect(withToken.err.join('\n')).toMatch(/failed: jira\.issues: the saved checkpoint is not this reader's/);
		expect([...withToken.out, ...withToken.err].join('\n')).not.toContain('api-secret-value-123');
	});

	it('run-unit takes the lease lifetime from N8N_INGESTION_LEASE_TTL_MS and refuses a bad one', async () => {
		const bad = await cli(['run-unit', '--endpoint', 'cli-1', '--unit', 'jira.issues'], memory(), { N8N_INGESTION_LEASE_TTL_MS: '5s' });
		expect(bad).toMatchObject({ code: 1, err: ['error: N8N_INGESTION_LEASE_TTL_MS must be a number of milliseconds (got "5s")'] });
		const short = await cli(['run-unit', '--endpoint', 'cli-1', '--unit', 'jira.issues'], memory(), { N8N_INGESTION_LEASE_TTL_MS: '200' });
		expect(short).toMatchObject({ code: 1, err: ['error: N8N_INGESTION_LEASE_TTL_MS must be at least 500 ms (got "200")'] });
		const leases: unknown[] = [];
		const ok = await cli(
			['run-unit', '--endpoint', 'cli-1', '--unit', 'jira.issues', '--json'],
			{ engine: { ...memory().engine, sourceFactory: () => new MemorySource(dataset, { pageSize: 40, beforePage: async () => void leases.push(await leaseSeconds()) }) } },
			{ N8N_INGESTION_LEASE_TTL_MS: '90000' },
		);
		expect(ok.code).toBe(0);
		// The lease taken runs about 90 s ahead of the database clock (not the default 60 s).
		expect(leases.length).toBeGreaterThan(0);
		for (const seconds of leases) expect(seconds).toBeGreaterThan(80);
	});

	async function leaseSeconds(): Promise<number> {
		const [row] = (await store.sequelize.query(
			`SELECT extract(epoch FROM lease_expires_at - clock_timestamp())::float AS seconds FROM ingestion_unit_states WHERE endpoint_id = 'cli-1' AND unit_id = 'jira.issues'`,
		)) as [Array<{ seconds: number }>, unknown];
		return row[0].seconds;
	}

	it('runs lists recent runs newest first, as a table or JSON, filtered by unit and limited', async () => {
		const table = await cli(['runs', '--endpoint', 'cli-1']);
		expect(table.code).toBe(0);
		expect(table.out[0]).toMatch(/^RUN\s+UNIT\s+STATUS\s+MODE\s+TRIGGER\s+QUEUED\s+DURATION\s+RECORDS\s+ROWS\s+ERROR$/);
		expect(table.out.length).toBeGreaterThanOrEqual(6);
		expect(table.out.some((line) => /jira\.issues\s+FAILED\s+SCD1\s+MANUAL/.test(line))).toBe(true);

		const json = await cli(['runs', '--endpoint', 'cli-1', '--unit', 'jira.issues', '--limit', '2', '--json']);
		const runs = JSON.parse(json.out[0]) as Array<{ unitId: string; queuedAt: string; status: string }>;
		expect(runs).toHaveLength(2);
		expect(runs.every((run) => run.unitId === 'jira.issues')).toBe(true);
		expect(runs[0].queuedAt >= runs[1].queuedAt).toBe(true);

		expect(await cli(['runs', '--endpoint', 'cli-1', '--limit', '0'])).toMatchObject({ code: 1, err: ['error: --limit must be a whole number from 1 to 1000'] });
	});

	it('run-unit stops cleanly on Ctrl-C: the run ends FAILED as cancelled and frees the unit', async () => {
		await seedUnit(store, { endpointId: 'cli-2', mode: 'INCREMENTAL' });
		const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.resolve(__dirname, '../fixtures/cli-run-child.ts'), 'run-unit', '--endpoint', 'cli-2', '--unit', 'jira.issues'], {
			cwd: path.resolve(__dirname, '../..'),
			env: { ...process.env, DATABASE_URL: ctx.database.url },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			// Interrupt once the first progress line shows the run is going.
			if (stderr.includes('cli-2 jira.issues: page') && !child.killed) child.kill('SIGINT');
		});
		const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
		expect(code).toBe(1);
		expect(stderr).toContain('Stopping after the current page (press Ctrl-C again to quit now)');
		expect(stderr).toMatch(/error: Run [0-9a-f-]{36} failed: The run was cancelled/);
		const state = await store.models.IngestionUnitState.findOne({ where: { endpointId: 'cli-2' } });
		expect(state).toMatchObject({ lastStatus: 'FAILED', lastError: 'The run was cancelled', leaseOwner: null });
		const rows = await readRaw(store, 'cli-2');
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.length).toBeLessThan(2000);
		expect(rows.length % 20).toBe(0);
	});

	it('the built CLI lists runs', async () => {
		const result = await runBuiltCli(['runs', '--endpoint', 'nobody'], { DATABASE_URL: ctx.database.url });
		expect(result).toMatchObject({ code: 0, stdout: 'No runs for endpoint "nobody"\n' });
	});
});
