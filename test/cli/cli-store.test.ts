import { redactDatabaseUrl } from '../../src/store';
import { runBuiltCli } from '../helpers/cli';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

describe('n8n-ingestion CLI against DATABASE_URL', () => {
	let db: TestDatabase;
	let env: NodeJS.ProcessEnv;

	beforeAll(async () => {
		db = await createTestDatabase('cli');
		env = { DATABASE_URL: db.url };
	});
	afterAll(() => db.drop());

	it('migrate --status lists pending migrations before anything is applied', async () => {
		const result = await runBuiltCli(['migrate', '--status', '--json'], env);
		expect(result.code).toBe(0);
		const status = JSON.parse(result.stdout) as { executed: string[]; pending: string[] };
		expect(status.executed).toEqual([]);
		expect(status.pending).toEqual(expect.arrayContaining([expect.stringContaining('initial-schema')]));
	});

	it('migrate applies everything once; the second run applies nothing', async () => {
		const first = await runBuiltCli(['migrate'], env);
		expect(first.code).toBe(0);
		expect(first.stdout).toMatch(/Applied \d+ migrations:/);
		expect(first.stdout).toContain('initial-schema');
		expect(first.stdout).toContain(`Store: ${redactDatabaseUrl(db.url)}`);

		const second = await runBuiltCli(['migrate'], env);
		expect(second.code).toBe(0);
		expect(second.stdout).toMatch(/Nothing to apply: \d+ migrations already applied\./);

		const status = await runBuiltCli(['migrate', '--status'], env);
		expect(status.stdout).toMatch(/\d+ applied, 0 pending/);
	});

	it('two concurrent migrate processes both succeed', async () => {
		const fresh = await createTestDatabase('cli_concurrent');
		try {
			const results = await Promise.all([1, 2, 3].map(() => runBuiltCli(['migrate', '--json'], { DATABASE_URL: fresh.url })));
			expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
			const applied = results.flatMap((r) => (JSON.parse(r.stdout) as { applied: string[] }).applied);
			expect(new Set(applied).size).toBe(applied.length);
			expect(applied.some((name) => name.includes('initial-schema'))).toBe(true);
		} finally {
			await fresh.drop();
		}
	});

	it('db:url prints the URL in use with the password redacted', async () => {
		const url = new URL(db.url);
		const password = url.password || 'cli-redaction-probe-pw';
		url.password = password; // ignored by trust auth; required by password auth
		const result = await runBuiltCli(['db:url'], { DATABASE_URL: url.toString() });
		expect(result.code).toBe(0);
		expect(result.stdout.trim()).toBe(redactDatabaseUrl(url.toString()));
		expect(result.stdout).toContain('****');
		expect(result.stdout + result.stderr).not.toContain(password);
	});

	it('fails with a clear message and exit code 1 when the database is unreachable, without leaking the password', async () => {
		const result = await runBuiltCli(['migrate'], { DATABASE_URL: 'postgres://someone:TopSecret123@127.0.0.1:1/nowhere' });
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^error: .*ECONNREFUSED/m);
		expect(result.stdout + result.stderr).not.toContain('TopSecret123');
	});

	it('rejects an unknown command with usage help', async () => {
		const result = await runBuiltCli(['frobnicate'], env);
		expect(result.code).not.toBe(0);
		expect(result.stderr).toMatch(/unknown command 'frobnicate'/);
	});
});
