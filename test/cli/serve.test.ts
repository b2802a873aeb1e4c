import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { API_TOKEN_ENV } from '../../src/bridge';
import { IngestionClient } from '../../src/client';
import { CLI_PATH, runBuiltCli } from '../helpers/cli';
import { seedJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

const TOKEN = `cli-serve-token-${process.pid}-${Date.now()}`;

describe('n8n-ingestion serve', () => {
	let ctx: TestStore;

	beforeAll(async () => {
		ctx = await openTestStore('cli_serve');
		await seedJiraEndpoint(ctx.store, 'jira-serve');
	});
	afterAll(() => ctx.cleanup());

	it('refuses to start without a token, and --insecure-local refuses other hosts', async () => {
		const noToken = await runBuiltCli(['serve', '--port', '0'], { DATABASE_URL: ctx.database.url });
		expect(noToken.code).toBe(1);
		expect(noToken.stderr).toMatch(/INGESTION_API_TOKEN is not set/);
		const exposed = await runBuiltCli(['serve', '--port', '0', '--insecure-local', '--host', '0.0.0.0'], { DATABASE_URL: ctx.database.url });
		expect(exposed.code).toBe(1);
		expect(exposed.stderr).toMatch(/127\.0\.0\.1 only/);
	});

	it('refuses a --console-dir that is not a folder or has no index.html', async () => {
		const env = { DATABASE_URL: ctx.database.url, [API_TOKEN_ENV]: TOKEN };
		const missing = await runBuiltCli(['serve', '--port', '0', '--console-dir', '/nonexistent-console'], env);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/--console-dir: "\/nonexistent-console" is not a folder/);
		const empty = mkdtempSync(path.join(os.tmpdir(), 'n8ni-empty-console-'));
		try {
			const noIndex = await runBuiltCli(['serve', '--port', '0', '--console-dir', empty], env);
			expect(noIndex.code).toBe(1);
			expect(noIndex.stderr).toContain(`--console-dir: ${empty} has no index.html`);
		} finally {
			rmSync(empty, { recursive: true, force: true });
		}
	});

	it('serves the bridge with the token until SIGTERM, never printing the token', async () => {
		const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0'], {
			env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: ctx.database.url, [API_TOKEN_ENV]: TOKEN },
		});
		let stdout = '';
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		const url = await new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no "listening" line; stderr: ${stderr}`)), 30_000);
			child.stdout.on('data', (chunk: Buffer) => {
				stdout += chunk.toString();
				const match = /listening on (\S+)/.exec(stdout);
				if (match) {
					clearTimeout(timer);
					resolve(match[1]);
				}
			});
		});
		try {
			expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
			const client = new IngestionClient({ url, token: TOKEN });
			expect((await client.ingestionUnits('jira-serve')).map((u) => u.unitId)).toContain('jira.issues');
			const config = await client.configureIngestionUnit({ endpointId: 'jira-serve', unitId: 'jira.issues', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 60 });
			expect(config.scheduleLive).toBe(false);
			await expect(new IngestionClient({ url, token: 'wrong-token-wrong-token' }).endpoints()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

			// The built console is served by default, without a token (it asks for one), and holds no token itself.
			const consoleUrl = new URL('/console/', url).toString();
			expect(stdout).toContain(`Ingestion console: ${consoleUrl}`);
			const page = await fetch(consoleUrl);
			expect(page.status).toBe(200);
			const html = await page.text();
			expect(html).toContain('<div id="root"></div>');
			const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
			expect(script).toBeDefined();
			const bundle = await fetch(new URL(script!, consoleUrl));
			expect(bundle.status).toBe(200);
			expect(bundle.headers.get('content-type')).toMatch(/javascript/);
			expect(await bundle.text()).not.toContain(TOKEN);
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);
		expect(stdout + stderr).not.toContain(TOKEN);
		expect(stdout).toMatch(/Received SIGTERM: stopping/);
	});
});
