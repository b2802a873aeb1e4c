import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

import { Client } from 'pg';

import { IngestionClient } from '../../src/client';
import { processTree } from '../../src/stack/process-tree';
import { CLI_PATH } from '../helpers/cli';
import { say, waitFor } from '../helpers/n8n-stack-e2e';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const LABEL = 'start';

/** Every process below `pid` (children, grandchildren, ...). */
const descendantsOf = (pid: number): number[] => processTree(pid).slice(1);

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** `n8n-ingestion start --demo` of the built CLI, as a newcomer runs it (`npm start -- --demo`), on a test database. */
describe('n8n-ingestion start --demo', () => {
	let database: TestDatabase;
	let child: ChildProcess | undefined;
	let output = '';

	beforeAll(async () => {
		database = await createTestDatabase('e2e_start');
	});
	afterAll(async () => {
		if (child && child.exitCode === null && child.signalCode === null) {
			for (const pid of descendantsOf(child.pid as number)) process.kill(pid, 'SIGKILL');
			child.kill('SIGKILL');
		}
		await database?.drop();
	});

	it('brings up the console, the bridge and n8n, runs demo units into CDM, and stops every process on SIGTERM', async () => {
		const started = Date.now();
		child = spawn(process.execPath, [CLI_PATH, 'start', '--demo'], {
			env: {
				PATH: process.env.PATH,
				HOME: process.env.HOME,
				DATABASE_URL: database.url,
				// Where the global setup found (or put) n8n, so the stack does not install it again.
				...(process.env.N8N_INGESTION_CACHE_DIR ? { N8N_INGESTION_CACHE_DIR: process.env.N8N_INGESTION_CACHE_DIR } : {}),
				...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
			(child as ChildProcess).once('exit', (code, signal) => resolve({ code, signal })),
		);
		const onData = (chunk: Buffer) => {
			const text = chunk.toString('utf8');
			output += text;
			for (const line of text.split('\n')) if (line.trim()) say(LABEL, `| ${line}`);
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		const state = async () => `start output:\n${output}`;

		await waitFor(LABEL, 'the stack printed its URLs', async () => (output.includes('Press Ctrl-C to stop.') ? true : undefined), {
			timeoutMs: 240_000,
			state,
		});
		say(LABEL, `stack up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		const urlOf = (label: string) => new RegExp(`${label}:\\s+(http\\S+)`).exec(output)?.[1] as string;
		const consoleUrl = urlOf('Ingestion console');
		const graphqlUrl = urlOf('GraphQL bridge');
		const n8nUrl = urlOf('n8n editor');
		const mainPid = Number(/main pid (\d+)/.exec(output)?.[1]);
		expect([consoleUrl, graphqlUrl, n8nUrl]).toEqual([expect.any(String), expect.any(String), expect.any(String)]);
		// The owner's password is only in a file of the user's own; the output names the file, never the password.
		const login = /owner login: owner@n8n-ingestion\.local, password in (\S+)\)/.exec(output);
		expect(login).not.toBeNull();
		const file = (login as RegExpExecArray)[1];
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const password = /^password: (\S+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
		expect(password).toMatch(/^Local-/);
		expect(output).not.toContain(password as string);

		const consolePage = await fetch(consoleUrl);
		expect(consolePage.status).toBe(200);
		expect(await consolePage.text()).toMatch(/<html/i);
		expect((await fetch(new URL('/healthz', n8nUrl))).status).toBe(200);
		const client = new IngestionClient({ url: graphqlUrl });
		expect((await client.endpoints()).map((endpoint) => endpoint.id)).toContain('jira-demo');

		const run = await waitFor(
			LABEL,
			'a scheduled demo run of jira.projects (CDM) SUCCEEDED',
			async () => (await client.ingestionRuns('jira-demo', { unitId: 'jira.projects' })).find((r) => r.status === 'SUCCEEDED'),
			{ timeoutMs: 150_000, intervalMs: 2_000, state: async () => `${JSON.stringify(await client.ingestionRuns('jira-demo'))}\n${output}` },
		);
		say(LABEL, `demo run ${run.id}: ${run.unitId} ${run.trigger} ${run.status}, ${run.rowsWritten} rows`);
		const db = new Client({ connectionString: database.url });
		await db.connect();
		try {
			const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM cdm_work.cdm_work_project WHERE source_endpoint_id = 'jira-demo'`);
			const items = await db.query<{ n: string }>(`SELECT count(*) AS n FROM cdm_work.cdm_work_item WHERE source_endpoint_id = 'jira-demo'`);
			say(LABEL, `CDM rows: ${rows[0].n} projects, ${items.rows[0].n} work items so far`);
			expect(Number(rows[0].n)).toBe(run.rowsWritten);
			expect(Number(rows[0].n)).toBeGreaterThan(0);
		} finally {
			await db.end();
		}

		const processes = descendantsOf(child.pid as number);
		expect(processes).toContain(mainPid);
		say(LABEL, `SIGTERM to pid ${child.pid} (descendants ${JSON.stringify(processes)})`);
		child.kill('SIGTERM');
		const outcome = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 60_000))]);
		expect(outcome).toEqual({ code: 0, signal: null });
		expect(output).toContain('Stopped.');
		expect(processes.filter(isAlive)).toEqual([]);
	});
});
