import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runBuiltCli } from '../helpers/cli';

/**
 * With DATABASE_URL unset the CLI starts the embedded Postgres in its data folder, reuses that data on the
 * next start, and stops the server when it exits.
 */
describe('n8n-ingestion CLI on the embedded Postgres', () => {
	let dataRoot: string;
	let env: NodeJS.ProcessEnv;

	beforeAll(() => {
		dataRoot = mkdtempSync(path.join(os.tmpdir(), 'n8ni-cli-embedded-'));
		env = { N8N_INGESTION_PG_DIR: dataRoot };
	});
	afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

	const serverRunning = () => existsSync(path.join(dataRoot, 'data', 'postmaster.pid'));

	it('initialises, migrates, reuses its data, and stops cleanly on exit', async () => {
		const [first, concurrent] = await Promise.all([runBuiltCli(['migrate', '--json'], env), runBuiltCli(['migrate', '--json'], env)]);
		expect([first.code, concurrent.code]).toEqual([0, 0]);
		const applied = [first, concurrent].flatMap((r) => (JSON.parse(r.stdout) as { applied: string[] }).applied);
		expect(applied.some((name) => name.includes('initial-schema'))).toBe(true);
		expect(new Set(applied).size).toBe(applied.length);
		expect(existsSync(path.join(dataRoot, 'data', 'PG_VERSION'))).toBe(true);
		expect(serverRunning()).toBe(false);

		const second = await runBuiltCli(['migrate'], env);
		expect(second.code).toBe(0);
		expect(second.stdout).toMatch(/Nothing to apply/);
		expect(serverRunning()).toBe(false);

		const url = await runBuiltCli(['db:url'], env);
		expect(url.code).toBe(0);
		expect(url.stdout.trim()).toMatch(/^postgres:\/\/postgres:\*{4}@127\.0\.0\.1:\d+\/n8n_ingestion$/);
	});
});
