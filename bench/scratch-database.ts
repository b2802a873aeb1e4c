import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { resolveDatabase } from '../src/store';

/**
 * Runs `work` with the URL of a fresh database on the server of DATABASE_URL (or the embedded Postgres), named
 * `<prefix>_<random>`, and drops it afterwards (also when `work` fails).
 */
export async function withScratchDatabase<T>(prefix: string, work: (url: string) => Promise<T>): Promise<T> {
	const server = await resolveDatabase();
	const database = `${prefix}_${randomBytes(4).toString('hex')}`;
	const admin = new Client({ connectionString: server.url });
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${database}`);
		const url = new URL(server.url);
		url.pathname = `/${database}`;
		return await work(url.toString());
	} finally {
		await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
		await admin.end();
		await server.embedded?.stop();
	}
}
