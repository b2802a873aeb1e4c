import { Client } from 'pg';
import { QueryTypes } from 'sequelize';

import { CDM_WORK_MODEL_IDS } from '../../src/cdm/model-ids';
import { provisionAllCdmModels, provisionCdmSink } from '../../src/cdm/provision';
import { closeCdmSinkConnections, openCdmSink } from '../../src/cdm/sink-connection';
import { CDM_JDBC_TEMPLATE, CDM_SINK_CAPABILITIES, parseCdmSinkParameters, publicCdmSinkParameters } from '../../src/cdm/sink-endpoint';
import { registerCdmSinkEndpoint } from '../../src/cdm/sink-registration';
import { writeCdmBatch } from '../../src/cdm/writer';
import { mapJiraUser } from '../../src/cdm/mappers/jira';
import { decryptSecret, encryptSecret, SECRET_KEY_ENV } from '../../src/store/secret-box';
import type { Store } from '../../src/store';
import users from '../fixtures/jira/users-search.json';
import { runBuiltCli } from '../helpers/cli';
import { rejection } from '../helpers/rejection';
import { createTestDatabase, openTestStore, type TestDatabase, type TestStore } from '../helpers/test-database';


async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}

/** The server's real password when it has one (embedded Postgres), else one that trust auth ignores. */
const PASSWORD = decodeURIComponent(new URL(process.env.DATABASE_URL ?? 'postgres://x@localhost/x').password) || 'sup3r-secret-pw';
const KEY_ENV = { [SECRET_KEY_ENV]: 'test-key-for-the-cdm-sink-tests' };

describe('cdm.jdbc sink endpoints', () => {
	let ts: TestStore;
	let store: Store;
	let external: TestDatabase;
	/** The external database URL with a password that must never leak. */
	let externalUrl: string;

	beforeAll(async () => {
		ts = await openTestStore('cdm_sink');
		store = ts.store;
		external = await createTestDatabase('cdm_sink_ext');
		const url = new URL(external.url);
		url.password = PASSWORD;
		externalUrl = url.toString();
	});
	afterAll(async () => {
		await closeCdmSinkConnections(store);
		await ts.cleanup();
		await external.drop();
	});

	it('the built-in cdm sink (migration 0002) matches the template: capabilities and parameters', async () => {
		const cdm = await store.models.MetadataEndpoint.findByPk('cdm');
		expect(cdm).toMatchObject({ templateId: 'cdm.jdbc', family: 'SINK' });
		expect(cdm?.capabilities).toEqual(CDM_SINK_CAPABILITIES);
		expect(CDM_SINK_CAPABILITIES).toEqual({
			supports_raw: false,
			supports_cdm_work: true,
			supported_cdm_models: [...CDM_WORK_MODEL_IDS],
			'sink.autoprovision': true,
		});
		expect(parseCdmSinkParameters('cdm', cdm?.parameters)).toEqual({
			endpointId: 'cdm',
			schema: 'cdm_work',
			tablePrefix: 'cdm_',
			models: [...CDM_WORK_MODEL_IDS],
			connection: { kind: 'store' },
		});
		expect(CDM_JDBC_TEMPLATE.parameters.map((p) => p.name)).toEqual(['connection_url', 'schema', 'table_prefix', 'models']);
		const sink = await openCdmSink(store, 'cdm');
		expect(sink.sharesStoreDatabase).toBe(true);
		expect(sink.sequelize).toBe(store.sequelize);
	});

	it('a sink whose URL is in an environment variable writes to that database; the catalog stays in the store', async () => {
		const view = await registerCdmSinkEndpoint(store, { id: 'ext-env', schema: 'cdm_ext', connectionUrlEnv: 'CDM_EXT_URL' });
		expect(view.parameters).toEqual({
			schema: 'cdm_ext',
			table_prefix: 'cdm_',
			models: [...CDM_WORK_MODEL_IDS],
			connection_url_env: 'CDM_EXT_URL',
			connection_url_source: 'env',
		});
		expect(view.capabilities).toEqual(CDM_SINK_CAPABILITIES);
		const env = { CDM_EXT_URL: externalUrl };
		expect(await rejection(provisionCdmSink(store, 'ext-env', 'cdm.work.user', { env: {} }))).toMatchObject({
			code: 'CONNECTION',
			field: 'connection_url_env',
		});
		const results = await provisionAllCdmModels(store, 'ext-env', { env });
		expect(results.every((r) => r.created)).toBe(true);
		const sink = await openCdmSink(store, 'ext-env', { env });
		expect(sink.sharesStoreDatabase).toBe(false);
		expect(sink.displayUrl).not.toContain(PASSWORD);
		const rows = users.map((u) => mapJiraUser(u, { endpointId: 'jira-x' }));
		expect(await writeCdmBatch(sink, 'cdm.work.user', rows, { runId: 'r', endpointId: 'jira-x' })).toMatchObject({ inserted: rows.length });

		const inExternal = await withClient(external.url, (c) => c.query('SELECT count(*)::int AS n FROM cdm_ext.cdm_work_user'));
		expect(inExternal.rows[0].n).toBe(rows.length);
		const inStore = await store.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'cdm_ext'`, {
			type: QueryTypes.SELECT,
		});
		expect(inStore[0].n).toBe(0);
		const dataset = await store.models.CatalogDataset.findOne({ where: { endpointId: 'ext-env', datasetId: 'cdm.work.user' } });
		expect(dataset?.physicalLocation).toBe('cdm_ext.cdm_work_user');

		await store.sequelize.transaction(async (transaction) => {
			expect(await rejection(writeCdmBatch(sink, 'cdm.work.user', rows, { transaction, runId: 'r', endpointId: 'jira-x' }))).toMatchObject({
				field: 'transaction',
			});
		});
	});

	it('a sink registered with a connection URL keeps it encrypted and never returns it', async () => {
		expect(await rejection(registerCdmSinkEndpoint(store, { id: 'ext-enc', schema: 'cdm_enc', connectionUrl: externalUrl }, {}))).toMatchObject({
			field: 'connectionUrl',
		});
		const view = await registerCdmSinkEndpoint(store, { id: 'ext-enc', schema: 'cdm_enc', connectionUrl: externalUrl }, KEY_ENV);
		expect(view.parameters).toEqual({ schema: 'cdm_enc', table_prefix: 'cdm_', models: [...CDM_WORK_MODEL_IDS], connection_url_source: 'encrypted' });
		const stored = await store.models.MetadataEndpoint.findByPk('ext-enc');
		const storedText = JSON.stringify(stored?.toJSON());
		expect(storedText).not.toContain(PASSWORD);
		expect(storedText).not.toContain(external.name);
		expect(stored?.parameters.connection_url_encrypted).toMatch(/^v1:/);

		const result = await provisionCdmSink(store, 'ext-enc', 'cdm.work.project', { env: KEY_ENV });
		expect(result).toMatchObject({ physicalLocation: 'cdm_enc.cdm_work_project', created: true });
		const tables = await withClient(external.url, (c) => c.query(`SELECT to_regclass('cdm_enc.cdm_work_project') IS NOT NULL AS ok`));
		expect(tables.rows[0].ok).toBe(true);

		for (const env of [{ [SECRET_KEY_ENV]: 'a-different-key' }, {}]) {
			const error = await rejection(openCdmSink(store, 'ext-enc', { env }));
			expect(error).toMatchObject({ code: 'CONNECTION', field: 'connection_url' });
			expect(error.message).not.toContain(PASSWORD);
		}
		// an encrypted value copied to another endpoint does not decrypt there
		await store.models.MetadataEndpoint.create({
			id: 'ext-copy',
			templateId: 'cdm.jdbc',
			family: 'SINK',
			name: 'copy',
			parameters: { ...stored?.parameters },
			capabilities: CDM_SINK_CAPABILITIES,
		});
		expect(await rejection(openCdmSink(store, 'ext-copy', { env: KEY_ENV }))).toMatchObject({ code: 'CONNECTION' });
	});

	it('refuses a connection URL stored in clear, and hides one in public parameters', async () => {
		expect(() => parseCdmSinkParameters('x', { connection_url: externalUrl })).toThrow(/must not be stored in clear/);
		expect(() => parseCdmSinkParameters('x', { connection_url: externalUrl })).not.toThrow(new RegExp(PASSWORD));
		expect(JSON.stringify(publicCdmSinkParameters({ schema: 's', connection_url: externalUrl }))).not.toContain(PASSWORD);
		expect(() => parseCdmSinkParameters('x', { models: ['cdm.work.item', 'cdm.work.nope'] })).toThrow(/parameter models\.1 must be one of/);
		expect(() => parseCdmSinkParameters('x', { connection_url_env: 'NOT-A-NAME' })).toThrow(/connection_url_env/);
		expect(await rejection(registerCdmSinkEndpoint(store, { id: 'cdm', schema: 'x' }))).toMatchObject({ field: 'id' });
		expect(await rejection(registerCdmSinkEndpoint(store, { id: 'both', connectionUrl: externalUrl, connectionUrlEnv: 'X' }, KEY_ENV))).toMatchObject({
			field: 'connectionUrl',
		});
	});

	it('secret box: round-trips, binds the context, detects tampering', () => {
		const token = encryptSecret('postgres://u:p@h/db', 'ctx-a', KEY_ENV);
		expect(token).not.toContain('postgres');
		expect(decryptSecret(token, 'ctx-a', KEY_ENV)).toBe('postgres://u:p@h/db');
		expect(() => decryptSecret(token, 'ctx-b', KEY_ENV)).toThrow(/cannot be decrypted/);
		const parts = token.split(':');
		parts[3] = Buffer.from('tampered').toString('base64url');
		expect(() => decryptSecret(parts.join(':'), 'ctx-a', KEY_ENV)).toThrow(/cannot be decrypted/);
		expect(encryptSecret('same', 'ctx-a', KEY_ENV)).not.toBe(encryptSecret('same', 'ctx-a', KEY_ENV));
	});

	describe('CLI', () => {
		let env: NodeJS.ProcessEnv;
		beforeAll(() => {
			env = { DATABASE_URL: ts.database.url, CLI_CDM_URL: externalUrl };
		});

		it('provision --model creates then reports already present; --all --json lists every model', async () => {
			const first = await runBuiltCli(['provision', '--sink', 'cdm', '--model', 'cdm.work.item'], env);
			expect(first.stderr).toBe('');
			expect(first.code).toBe(0);
			expect(first.stdout).toMatch(/^cdm\.work\.item → cdm_work\.cdm_work_item \(created\), catalog dataset [0-9a-f-]{36}\n$/);
			const second = await runBuiltCli(['provision', '--sink', 'cdm', '--model', 'cdm.work.item'], env);
			expect(second.stdout).toContain('(already present)');
			const all = await runBuiltCli(['provision', '--sink', 'cdm', '--all', '--json'], env);
			expect(all.code).toBe(0);
			const results = JSON.parse(all.stdout) as Array<{ cdmModelId: string; created: boolean }>;
			expect(results.map((r) => r.cdmModelId)).toEqual([...CDM_WORK_MODEL_IDS]);
			expect(results.find((r) => r.cdmModelId === 'cdm.work.item')?.created).toBe(false);
		});

		it('provision reports bad input with a clear error and a non-zero exit', async () => {
			const unknown = await runBuiltCli(['provision', '--sink', 'cdm', '--model', 'cdm.work.sprint'], env);
			expect(unknown.code).toBe(1);
			expect(unknown.stderr).toMatch(/^error: --model: "cdm\.work\.sprint" is not a CDM work model/);
			const neither = await runBuiltCli(['provision', '--sink', 'cdm'], env);
			expect(neither.code).toBe(2);
			expect(neither.stderr).toContain('exactly one of --model');
			const raw = await runBuiltCli(['provision', '--sink', 'warehouse', '--all'], env);
			expect(raw.stderr).toContain('cdm.jdbc');
		});

		it('sink add cdm registers a sink with an env reference, provisioning uses it, and nothing prints the URL', async () => {
			const added = await runBuiltCli(
				['sink', 'add', 'cdm', '--id', 'cli-sink', '--schema', 'cli_cdm', '--table-prefix', 'w_', '--connection-url-env', 'CLI_CDM_URL'],
				env,
			);
			expect(added.stderr).toBe('');
			expect(added.stdout).toContain('Registered cdm.jdbc sink "cli-sink": schema cli_cdm, table prefix "w_"');
			expect(added.stdout).toContain('from $CLI_CDM_URL');
			const provisioned = await runBuiltCli(['provision', '--sink', 'cli-sink', '--all'], env);
			expect(provisioned.code).toBe(0);
			expect(provisioned.stdout).toContain('cdm.work.worklog → cli_cdm.w_work_worklog (created)');
			expect(provisioned.stdout + provisioned.stderr + added.stdout).not.toContain(PASSWORD);
			const exists = await withClient(external.url, (c) => c.query(`SELECT to_regclass('cli_cdm.w_work_item') IS NOT NULL AS ok`));
			expect(exists.rows[0].ok).toBe(true);

			const hostile = await runBuiltCli(['sink', 'add', 'cdm', '--id', 'cli-bad', '--schema', 'a;drop'], env);
			expect(hostile.code).toBe(1);
			expect(hostile.stderr).toMatch(/^error: schema "a;drop" is not a valid identifier/);
		});
	});
});
