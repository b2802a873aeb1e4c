import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { Store } from '../../src/store';

/** Connection to the server the tests use (DATABASE_URL, set by global-setup to the embedded Postgres when unset). */
export function adminUrl(): string {
	const url = process.env.DATABASE_URL;
	if (!url) throw new Error('DATABASE_URL is not set: run the tests through jest (global-setup sets it)');
	return url;
}

/** Prefix of every database this test run creates; global-teardown drops what is left. */
export function testDatabasePrefix(): string {
	return `n8ni_${process.env.N8N_INGESTION_TEST_RUN ?? 'adhoc'}_`;
}

export function urlForDatabase(database: string, base = adminUrl()): string {
	const url = new URL(base);
	url.pathname = `/${database}`;
	return url.toString();
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
	const client = new Client({ connectionString: adminUrl() });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}

export interface TestDatabase {
	name: string;
	url: string;
	drop(): Promise<void>;
}

/** A fresh, empty database of its own, so test files run in parallel without seeing each other. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
	const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 20);
	const name = `${testDatabasePrefix()}${safeLabel}_${randomBytes(4).toString('hex')}`;
	await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
	return {
		name,
		url: urlForDatabase(name),
		drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
	};
}

export interface TestStore {
	store: Store;
	database: TestDatabase;
	/** Closes the store and drops its database. */
	cleanup(): Promise<void>;
}

/** A migrated store on its own fresh database. */
export async function openTestStore(label: string, options: { migrate?: boolean } = {}): Promise<TestStore> {
	const database = await createTestDatabase(label);
	const store = await Store.open({ databaseUrl: database.url, migrate: options.migrate ?? true, poolMax: 5 });
	return {
		store,
		database,
		async cleanup() {
			await store.close();
			await database.drop();
		},
	};
}

/** Drops every database whose name starts with `prefix` (used by global-teardown). */
export async function dropDatabasesWithPrefix(prefix: string): Promise<number> {
	return withAdmin(async (client) => {
		const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
			prefix,
		]);
		for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
		return rows.length;
	});
}
