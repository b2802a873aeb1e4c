import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

import { CLI_PATH, runBuiltCli } from '../helpers/cli';
import { SIMULATOR_CREDENTIALS, startSimulator } from '../helpers/jira';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import type { JiraSimulator } from '../../src/jira-simulator';

describe('n8n-ingestion endpoint add jira / collect / units', () => {
	let db: TestDatabase;
	let sim: JiraSimulator;
	let env: NodeJS.ProcessEnv;
	const secrets = { JIRA_EMAIL: SIMULATOR_CREDENTIALS.email, JIRA_API_TOKEN: SIMULATOR_CREDENTIALS.apiToken };

	beforeAll(async () => {
		[db, sim] = await Promise.all([createTestDatabase('cli_jira'), startSimulator({ issues: 10 })]);
		env = { DATABASE_URL: db.url };
		expect((await runBuiltCli(['migrate'], env)).code).toBe(0);
	});
	afterAll(async () => {
		await sim.stop();
		await db.drop();
	});

	it('endpoint add jira stores only non-secret parameters', async () => {
		const result = await runBuiltCli(['endpoint', 'add', 'jira', '--id', 'jira-cli', '--base-url', `${sim.url}/`, '--projects', 'ENG, OPS', '--json'], { ...env, ...secrets });
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual({
			id: 'jira-cli',
			templateId: 'jira.cloud',
			name: 'jira-cli',
			parameters: { baseUrl: sim.url, deployment: 'cloud', projects: ['ENG', 'OPS'] },
		});
		expect(result.stdout).not.toContain(SIMULATOR_CREDENTIALS.apiToken);
		const text = await runBuiltCli(['endpoint', 'add', 'jira', '--id', 'jira-dc', '--base-url', sim.url, '--deployment', 'datacenter', '--name', 'On-prem'], env);
		expect(text.code).toBe(0);
		expect(text.stdout).toContain('Stored Jira endpoint "jira-dc" (jira.datacenter)');
		expect(text.stdout).toContain('set JIRA_PAT');
	});

	it('endpoint add jira rejects bad input with the field and the reason, and duplicates', async () => {
		const badUrl = await runBuiltCli(['endpoint', 'add', 'jira', '--id', 'x1', '--base-url', 'not a url'], env);
		expect(badUrl.code).toBe(1);
		expect(badUrl.stderr).toMatch(/^error: --base-url: must be an http\(s\) URL/m);
		const withPassword = await runBuiltCli(['endpoint', 'add', 'jira', '--id', 'x2', '--base-url', 'https://me:Secret999@example.atlassian.net'], env);
		expect(withPassword.stderr).toContain('--base-url: must not contain credentials');
		expect(withPassword.stderr).not.toContain('Secret999');
		const badKey = await runBuiltCli(['endpoint', 'add', 'jira', '--id', 'x3', '--base-url', sim.url, '--projects', 'eng'], env);
		expect(badKey.stderr).toContain('--projects (item 1): must be a Jira project key');
		const badDeployment = await runBuiltCli(['endpoint', 'add', 'jira', '--id', 'x4', '--base-url', sim.url, '--deployment', 'server'], env);
		expect(badDeployment.stderr).toMatch(/--deployment: invalid enum value. Expected 'cloud' \| 'datacenter'/);
		const badId = await runBuiltCli(['endpoint', 'add', 'jira', '--id', '-bad id', '--base-url', sim.url], env);
		expect(badId.stderr).toContain('id: must start with a letter or digit');
		const duplicate = await runBuiltCli(['endpoint', 'add', 'jira', '--id', 'jira-cli', '--base-url', sim.url], env);
		expect(duplicate.stderr).toContain('endpoint "jira-cli" already exists (add --replace to change it)');
		const replaced = await runBuiltCli(['endpoint', 'add', 'jira', '--id', 'jira-cli', '--base-url', sim.url, '--replace'], env);
		expect(replaced.code).toBe(0);
		const sink = await runBuiltCli(['endpoint', 'add', 'jira', '--id', 'warehouse', '--base-url', sim.url, '--replace'], env);
		expect(sink.stderr).toContain('endpoint "warehouse" is a pg.raw endpoint; pick another id');
	});

	it('units before collect: none; collect: nine datasets; units: the five Jira units', async () => {
		const before = await runBuiltCli(['units', '--endpoint', 'jira-cli'], env);
		expect(before.code).toBe(0);
		expect(before.stdout).toContain('No units for "jira-cli": collect its metadata first');

		const collect = await runBuiltCli(['collect', '--endpoint', 'jira-cli'], { ...env, ...secrets });
		expect(collect.stderr).toBe('');
		expect(collect.stdout).toMatch(/Collected 9 datasets for "jira-cli" \(9 new, 0 updated\) with 4 Jira requests:/);
		expect(collect.stdout).toMatch(/jira\.issues\s+ENTITY\s+\d+ fields/);

		const again = await runBuiltCli(['collect', '--endpoint', 'jira-cli', '--json'], { ...env, ...secrets });
		expect(JSON.parse(again.stdout).datasets.filter((d: { created: boolean }) => !d.created)).toHaveLength(9);

		const units = await runBuiltCli(['units', '--endpoint', 'jira-cli'], env);
		expect(units.stdout.split('\n').filter((line) => line.startsWith('jira.'))).toEqual([
			expect.stringMatching(/^jira\.comments\s+INCREMENTAL\s+id\s+updated\s+cdm\.work\.comment$/),
			expect.stringMatching(/^jira\.issues\s+INCREMENTAL\s+id\s+updated\s+cdm\.work\.item$/),
			expect.stringMatching(/^jira\.projects\s+FULL\s+id\s+-\s+cdm\.work\.project$/),
			expect.stringMatching(/^jira\.users\s+FULL\s+accountId\s+-\s+cdm\.work\.user$/),
			expect.stringMatching(/^jira\.worklogs\s+INCREMENTAL\s+id\s+updated\|started\s+cdm\.work\.worklog$/),
		]);
		const json = JSON.parse((await runBuiltCli(['units', '--endpoint', 'jira-cli', '--json'], env)).stdout) as Array<{ unitId: string }>;
		expect(json.map((unit) => unit.unitId)).toEqual(['jira.comments', 'jira.issues', 'jira.projects', 'jira.users', 'jira.worklogs']);
	});

	it('collect without the secret, or with a wrong one, fails clearly and never prints the token', async () => {
		const missing = await runBuiltCli(['collect', '--endpoint', 'jira-cli'], env);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toContain('error: JIRA_EMAIL and JIRA_API_TOKEN are not set');
		const dc = await runBuiltCli(['collect', '--endpoint', 'jira-dc'], { ...env, ...secrets });
		expect(dc.stderr).toContain('error: JIRA_PAT is not set');
		const wrong = await runBuiltCli(['collect', '--endpoint', 'jira-cli'], { ...env, JIRA_EMAIL: SIMULATOR_CREDENTIALS.email, JIRA_API_TOKEN: 'Wr0ngT0kenValue' });
		expect(wrong.code).toBe(1);
		expect(wrong.stderr).toMatch(/error: Jira endpoint "jira-cli": GET \S+ failed with HTTP 401/);
		expect(wrong.stdout + wrong.stderr).not.toContain('Wr0ngT0kenValue');
		const unknown = await runBuiltCli(['units', '--endpoint', 'nope'], env);
		expect(unknown.stderr).toContain('error: no endpoint "nope"');
	});

	it('simulator runs as its own process and answers with Basic auth until stopped', async () => {
		const child = spawn(process.execPath, [CLI_PATH, 'simulator', '--port', '0', '--issues', '25', '--seed', '4', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
		try {
			const line = await new Promise<string>((resolve, reject) => {
				createInterface({ input: child.stdout! }).once('line', resolve);
				child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
			});
			const info = JSON.parse(line) as { url: string; issues: number };
			expect(info.issues).toBe(25);
			const auth = `Basic ${Buffer.from(`${SIMULATOR_CREDENTIALS.email}:${SIMULATOR_CREDENTIALS.apiToken}`).toString('base64')}`;
			const response = await fetch(`${info.url}/rest/api/3/search/jql`, {
				method: 'POST',
				headers: { Authorization: auth, 'Content-Type': 'application/json' },
				body: JSON.stringify({ jql: 'updated >= 0 ORDER BY updated ASC', maxResults: 100 }),
			});
			expect(((await response.json()) as { issues: unknown[] }).issues).toHaveLength(25);
			const truth = await fetch(`${info.url}/_sim/truth/projects`);
			expect(((await truth.json()) as unknown[]).length).toBe(3);
		} finally {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
	});
});
