import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

import fc from 'fast-check';

import { provisionCdmSink } from '../../src/cdm/provision';
import { runCli } from '../../src/cli/program';
import { upsertConfig } from '../../src/ingestion';
import { jiraEndpointParametersSchema } from '../../src/jira/endpoint-parameters';
import { BAD_INPUT_WORLD, seedBadInputWorld } from '../helpers/bad-input-world';
import { runBuiltCli } from '../helpers/cli';
import { generate, hostileString, HOSTILE_STRINGS } from '../helpers/hostile-inputs';
import { findLeaks } from '../helpers/leak-scan';
import { withPassword } from '../helpers/serve-process';
import { snapshotDatabase, type DatabaseSnapshot } from '../helpers/store-snapshot';
import { openTestStore, type TestStore } from '../helpers/test-database';

/** One CLI call that must fail: exit code not 0, an `error: ...` line naming `flag`, nothing written, nothing leaked. */
interface BadCall {
	what: string;
	argv: string[];
	flag: string;
	env?: NodeJS.ProcessEnv;
}

const JIRA_TOKEN = `jira-api-token-${randomBytes(12).toString('hex')}`;
const API_TOKEN = `bridge-token-${randomBytes(16).toString('hex')}`;
const MODES = ['FULL', 'INCREMENTAL', 'SCD1', 'CUSTOM'];
const E = BAD_INPUT_WORLD.endpoint;

const notOneOf = (values: readonly string[], normalize = (value: string) => value.trim()) => (value: string) => !values.includes(normalize(value));
/** Commander reads a value starting with "-" as another option; such values are options, tested on their own. */
const asValue = (value: string) => !value.startsWith('-');
const hostileValue = () => hostileString().filter(asValue);
const call = (what: string, flag: string, argv: string[], env?: NodeJS.ProcessEnv): BadCall => ({ what, flag, argv, env });

const configure = (...extra: string[]) => ['configure', '--endpoint', E, '--unit', 'jira.issues', ...extra];

function badConfigure(): fc.Arbitrary<BadCall> {
	return fc.oneof(
		hostileValue()
			.filter(notOneOf(BAD_INPUT_WORLD.allEndpoints))
			.map((endpoint) => call('unknown --endpoint', '--endpoint', ['configure', '--endpoint', endpoint, '--unit', 'jira.issues'])),
		hostileValue()
			.filter(notOneOf(BAD_INPUT_WORLD.units))
			.map((unit) => call('unknown --unit', '--unit', ['configure', '--endpoint', E, '--unit', unit])),
		hostileValue()
			.filter(notOneOf(MODES, (value) => value.toUpperCase().trim()))
			.map((mode) => call('unknown --mode', '--mode', configure('--mode', mode))),
		hostileValue()
			.filter(notOneOf(['RAW', 'CDM'], (value) => value.toUpperCase().trim()))
			.map((dataMode) => call('unknown --data-mode', '--data-mode', configure('--data-mode', dataMode))),
		hostileValue()
			.filter(notOneOf(BAD_INPUT_WORLD.allEndpoints))
			.map((sink) => call('unknown --sink', '--sink', configure('--sink', sink))),
		hostileValue()
			.filter(notOneOf(['cdm.work.item']))
			.map((model) => call('wrong --cdm-model', '--cdm-model', configure('--cdm-model', model))),
		fc
			.oneof(hostileValue().filter((value) => !/^\s*\d+\s*$/.test(value)), fc.constantFrom('0', '1441', '99999999999', '1e3', '1.5', '0x10'))
			.map((every) => call('bad --every', '--every', configure('--every', every))),
		fc
			.oneof(
				hostileValue().filter((text) => {
					try {
						JSON.parse(text);
						return false;
					} catch {
						return true;
					}
				}),
				fc.constantFrom('[]', '"x"', '42', 'null', 'true', '{"bogus":1}', '{"pageSize":0}', '{"filters":{"projects":[{"a":1}]}}', '{"cursorField":"x"}'),
				fc.constantFrom('{"filters":{"projects":["\\u0000"]}}', `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, '{"primaryKeys":["nope"]}'),
			)
			.map((policy) => call('bad --policy', '--policy', configure('--policy', policy))),
		fc.constantFrom(
			call('--every with --manual', '--every', configure('--every', '5', '--manual')),
			call('--enable with --disable', '--enable', configure('--enable', '--disable')),
			call('an unknown option', '--bogus', configure('--bogus')),
			call('a missing --endpoint', '--endpoint', ['configure', '--unit', 'jira.issues']),
			call('a missing --unit', '--unit', ['configure', '--endpoint', E]),
			call('--mode without a value', '--mode', configure('--mode')),
			call('a disabled endpoint', '--endpoint', ['configure', '--endpoint', BAD_INPUT_WORLD.disabledEndpoint, '--unit', 'jira.issues']),
			call('a sink as the endpoint', '--endpoint', ['configure', '--endpoint', 'warehouse', '--unit', 'jira.issues']),
			call('CDM without the model provisioned', '--cdm-model', ['configure', '--endpoint', E, '--unit', 'jira.comments', '--data-mode', 'cdm']),
		),
	);
}

function badProvision(): fc.Arbitrary<BadCall> {
	return fc.oneof(
		hostileValue()
			.filter(notOneOf(BAD_INPUT_WORLD.allEndpoints))
			.map((sink) => call('unknown --sink', '--sink', ['provision', '--sink', sink, '--all'])),
		hostileValue()
			.filter(notOneOf(BAD_INPUT_WORLD.cdmModels))
			.map((model) => call('unknown --model', '--model', ['provision', '--sink', 'cdm', '--model', model])),
		fc.constantFrom('warehouse', E, BAD_INPUT_WORLD.disabledEndpoint).map((sink) => call('not a CDM sink', '--sink', ['provision', '--sink', sink, '--all'])),
		fc.constantFrom('cdm.work.user', 'cdm.work.worklog').map((model) => call('a model the sink does not list', '--model', ['provision', '--sink', BAD_INPUT_WORLD.narrowCdmSink, '--model', model])),
		fc.constantFrom(
			call('--model and --all', '--model', ['provision', '--sink', 'cdm', '--model', 'cdm.work.item', '--all']),
			call('neither --model nor --all', '--model', ['provision', '--sink', 'cdm']),
			call('a missing --sink', '--sink', ['provision', '--all']),
		),
	);
}

const baseUrlSchema = jiraEndpointParametersSchema.shape.baseUrl;
const projectsSchema = jiraEndpointParametersSchema.shape.projects;
const addJira = (...extra: string[]) => ['endpoint', 'add', 'jira', '--id', 'jira-new', '--base-url', 'https://example.atlassian.net', ...extra];

function badEndpointAdd(): fc.Arbitrary<BadCall> {
	return fc.oneof(
		hostileValue()
			.filter((id) => !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(id))
			.map((id) => call('a bad --id', '--id', ['endpoint', 'add', 'jira', '--id', id, '--base-url', 'https://example.atlassian.net'])),
		fc
			.oneof(hostileValue(), fc.constantFrom('ftp://x.example', 'https://me:pw@x.atlassian.net', 'javascript:alert(1)', 'http//missing-colon'))
			.filter((url) => !baseUrlSchema.safeParse(url).success)
			.map((url) => call('a bad --base-url', '--base-url', ['endpoint', 'add', 'jira', '--id', 'jira-new', '--base-url', url])),
		hostileValue()
			.filter(notOneOf(['cloud', 'datacenter']))
			.map((deployment) => call('a bad --deployment', '--deployment', addJira('--deployment', deployment))),
		hostileValue()
			.filter((projects) => {
				const keys = projects.split(',').map((key) => key.trim()).filter(Boolean);
				return !projectsSchema.safeParse(keys).success;
			})
			.map((projects) => call('bad --projects', '--projects', addJira('--projects', projects))),
		fc.constantFrom(
			call('a blank --name', '--name', addJira('--name', '   ')),
			call('an existing id', '--id', ['endpoint', 'add', 'jira', '--id', E, '--base-url', 'https://example.atlassian.net']),
			call('replacing a sink', '--id', ['endpoint', 'add', 'jira', '--id', 'cdm', '--base-url', 'https://example.atlassian.net', '--replace']),
			call('a missing --base-url', '--base-url', ['endpoint', 'add', 'jira', '--id', 'jira-new']),
		),
	);
}

function badRunUnit(): fc.Arbitrary<BadCall> {
	return fc.oneof(
		hostileValue()
			.filter(notOneOf(BAD_INPUT_WORLD.allEndpoints))
			.map((endpoint) => call('unknown --endpoint', '--endpoint', ['run-unit', '--endpoint', endpoint, '--unit', 'jira.issues'])),
		hostileValue()
			.filter(notOneOf(BAD_INPUT_WORLD.units))
			.map((unit) => call('unknown --unit', '--unit', ['run-unit', '--endpoint', E, '--unit', unit])),
		fc.constantFrom(
			call('a sink as the endpoint', '--endpoint', ['run-unit', '--endpoint', 'warehouse', '--unit', 'jira.issues']),
			call('a unit without a config', '--unit', ['run-unit', '--endpoint', E, '--unit', 'jira.users']),
			call('a missing --unit', '--unit', ['run-unit', '--endpoint', E]),
		),
	);
}

const isFolder = (path: string) => {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
};

function badServe(busyPort: number): fc.Arbitrary<BadCall> {
	return fc.oneof(
		fc
			.oneof(hostileValue(), fc.constantFrom('', ' ', '65536', '99999999', '1e3', '0x50', '80.5', ' 80'))
			.filter((port) => !/^\d{1,5}$/.test(port) || Number(port) > 65_535)
			.map((port) => call('a bad --port', '--port', ['serve', '--port', port])),
		hostileValue()
			.filter((dir) => !isFolder(dir))
			.map((dir) => call('a --console-dir that is not a folder', '--console-dir', ['serve', '--port', '0', '--console-dir', dir])),
		fc.constantFrom(
			call('no token', 'INGESTION_API_TOKEN', ['serve', '--port', '0'], { INGESTION_API_TOKEN: '' }),
			call('a short token', 'INGESTION_API_TOKEN', ['serve', '--port', '0'], { INGESTION_API_TOKEN: 'short-token' }),
			call('--insecure-local on all interfaces', '--insecure-local', ['serve', '--port', '0', '--insecure-local', '--host', '0.0.0.0'], { INGESTION_API_TOKEN: '' }),
			call('a host that is not this machine', '--host', ['serve', '--port', '0', '--host', '203.0.113.7']),
			call('an empty host', '--host', ['serve', '--port', '0', '--host', '']),
			call('a port in use', '--port', ['serve', '--port', String(busyPort)]),
			call('an unknown option', '--tls', ['serve', '--tls']),
		),
	);
}

describe('bad input: the CLI (configure, provision, endpoint add jira, run-unit, serve)', () => {
	let ctx: TestStore;
	let env: NodeJS.ProcessEnv;
	let secrets: string[];
	let baseline: DatabaseSnapshot;
	let busy: Server;
	let busyPort: number;

	beforeAll(async () => {
		ctx = await openTestStore('bad_cli');
		await seedBadInputWorld(ctx.store);
		await provisionCdmSink(ctx.store, 'cdm', 'cdm.work.item');
		await upsertConfig(ctx.store, { endpointId: E, unitId: 'jira.issues' });
		const { url, password } = withPassword(ctx.database.url);
		env = { DATABASE_URL: url, JIRA_EMAIL: 'me@example.com', JIRA_API_TOKEN: JIRA_TOKEN, INGESTION_API_TOKEN: API_TOKEN };
		secrets = [password, JIRA_TOKEN, API_TOKEN];
		baseline = await snapshotDatabase(ctx.store);
		busy = createServer();
		busyPort = await new Promise<number>((resolve) => busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)));
	});
	afterAll(async () => {
		await new Promise((resolve) => busy?.close(resolve));
		await ctx?.cleanup();
	});

	async function problemsOf(bad: BadCall, result: { code: number; out: string; err: string }): Promise<string[]> {
		const problems: string[] = [];
		if (result.code === 0) problems.push('exit code 0');
		const errorLine = result.err.split('\n').find((line) => line.startsWith('error: '));
		if (!errorLine) problems.push(`no "error: ..." line: ${JSON.stringify(result.err.slice(0, 200))}`);
		else if (!errorLine.includes(bad.flag)) problems.push(`the error does not name ${bad.flag}: ${JSON.stringify(errorLine.slice(0, 300))}`);
		for (const leak of findLeaks(`${result.out}\n${result.err}`, { secrets, echoed: bad.argv })) problems.push(`leaked ${leak}`);
		const after = await snapshotDatabase(ctx.store);
		if (JSON.stringify(after) !== JSON.stringify(baseline)) problems.push('the database changed');
		return problems.map((problem) => `${bad.what} ${JSON.stringify(bad.argv).slice(0, 160)}: ${problem}`);
	}

	async function runInProcess(bad: BadCall): Promise<string[]> {
		const out: string[] = [];
		const err: string[] = [];
		const running = runCli(bad.argv, { out: (line) => out.push(line), err: (line) => err.push(line), env: { ...env, ...bad.env } });
		let timer: NodeJS.Timeout | undefined;
		const stillRunning = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 20_000)));
		const first = await Promise.race([running, stillRunning]);
		clearTimeout(timer);
		if (first === 'still running') {
			// A bad `serve` call that started serving anyway: stop it as Ctrl-C would, and report it.
			process.emit('SIGINT' as never);
			await running;
			return [`${bad.what} ${JSON.stringify(bad.argv)}: did not fail (still running after 20 s)`];
		}
		return problemsOf(bad, { code: first, out: out.join('\n'), err: err.join('\n') });
	}

	it('refuses 170 generated bad CLI calls: exit code not 0, an error naming the flag, nothing written, nothing leaked', async () => {
		const calls = [
			...generate(badConfigure(), 60),
			...generate(badProvision(), 30),
			...generate(badEndpointAdd(), 30),
			...generate(badRunUnit(), 20),
			...generate(badServe(busyPort), 30),
		];
		const problems: string[] = [];
		for (const bad of calls) problems.push(...(await runInProcess(bad)));
		expect(problems).toEqual([]);
		expect(new Set(calls.map((bad) => bad.argv[0])).size).toBe(5);
	});

	it('refuses hand-written nasty flags: a 10 MB policy, 10,000 levels, NUL and lone surrogates (in process only)', async () => {
		const tenMegabytes = JSON.stringify({ filters: { projects: Array.from({ length: 1_100_000 }, (_, i) => `P${i}`) } });
		expect(tenMegabytes.length).toBeGreaterThan(10_000_000);
		const calls: BadCall[] = [
			call('a 10 MB --policy', '--policy', configure('--policy', tenMegabytes)),
			call('a --policy 10,000 arrays deep', '--policy', configure('--policy', `${'['.repeat(10_000)}${']'.repeat(10_000)}`)),
			call('a --policy 10,000 objects deep', '--policy', configure('--policy', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`)),
			call('NUL in --endpoint', '--endpoint', ['configure', '--endpoint', 'jira\u0000bad', '--unit', 'jira.issues']),
			call('a lone surrogate in --sink', '--sink', configure('--sink', 'ware\ud800house')),
			call('NUL in --model', '--model', ['provision', '--sink', 'cdm', '--model', 'cdm.work.item\u0000']),
			call('NUL in --name', '--name', addJira('--name', 'Jira\u0000')),
			call('NUL in --unit', '--unit', ['run-unit', '--endpoint', E, '--unit', 'jira.issues\u0000']),
			call('a 10,000-character --endpoint', '--endpoint', ['run-unit', '--endpoint', 'e'.repeat(10_000), '--unit', 'jira.issues']),
		];
		const problems: string[] = [];
		for (const bad of calls) problems.push(...(await runInProcess(bad)));
		expect(problems).toEqual([]);
	});

	it('refuses the same way as a real process, printing only to its own stdout and stderr', async () => {
		const calls: BadCall[] = [
			call('SQL in --endpoint', '--endpoint', ['configure', '--endpoint', HOSTILE_STRINGS[0], '--unit', 'jira.issues']),
			call('deep --policy', '--policy', configure('--policy', `{"filters":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`)),
			call('credentials in --base-url', '--base-url', ['endpoint', 'add', 'jira', '--id', 'jira-new', '--base-url', `https://me:${JIRA_TOKEN}@x.atlassian.net`]),
			call('a bad --port', '--port', ['serve', '--port', 'eighty']),
		];
		const problems: string[] = [];
		for (const bad of calls) {
			const result = await runBuiltCli(bad.argv, { ...env, ...bad.env });
			problems.push(...(await problemsOf(bad, { code: result.code, out: result.stdout, err: result.stderr })));
		}
		expect(problems).toEqual([]);
	});
});
