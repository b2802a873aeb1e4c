import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export interface CopyBaselineResult {
	rows: number;
	seconds: number;
	tables: Array<{ source: string; rows: number }>;
}

const quoted = (qualified: string) =>
	qualified
		.split('.')
		.map((part) => `"${part.replace(/"/g, '""')}"`)
		.join('.');

/** A table whose rows to copy, optionally only those matching `where` (SQL, written by the bench itself). */
export interface CopySource {
	table: string;
	where?: string;
}

async function dump(client: Client, { table, where }: CopySource): Promise<{ chunks: Buffer[]; rows: number }> {
	const chunks: Buffer[] = [];
	await pipeline(
		client.query(copyTo(`COPY (SELECT * FROM ${quoted(table)}${where ? ` WHERE ${where}` : ''}) TO STDOUT`)),
		new Writable({
			write(chunk: Buffer, _encoding, done) {
				chunks.push(chunk);
				done();
			},
		}),
	);
	const rows = chunks.reduce((sum, chunk) => sum + chunk.reduce((n, byte) => n + (byte === 10 ? 1 : 0), 0), 0);
	return { chunks, rows };
}

/**
 * The physical limit: the final rows of `tables` (read back as COPY text beforehand, not timed) COPY'd into empty
 * tables of the same shape (`LIKE … INCLUDING ALL`: same columns, key and indexes) in schema `targetSchema`, one
 * COPY per table, one after the other. Only the COPYs are timed.
 */
export async function copyBaseline(databaseUrl: string, sources: CopySource[], targetSchema: string): Promise<CopyBaselineResult> {
	const client = new Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		await client.query(`DROP SCHEMA IF EXISTS ${quoted(targetSchema)} CASCADE; CREATE SCHEMA ${quoted(targetSchema)}`);
		const prepared: Array<{ source: string; target: string; chunks: Buffer[]; rows: number }> = [];
		for (const source of sources) {
			const target = `${targetSchema}.${source.table.split('.').pop() as string}`;
			await client.query(`CREATE TABLE ${quoted(target)} (LIKE ${quoted(source.table)} INCLUDING ALL)`);
			prepared.push({ source: source.table, target, ...(await dump(client, source)) });
		}
		const started = performance.now();
		for (const { target, chunks } of prepared) {
			await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${quoted(target)} FROM STDIN`)));
		}
		const seconds = (performance.now() - started) / 1000;
		return { rows: prepared.reduce((sum, t) => sum + t.rows, 0), seconds, tables: prepared.map(({ source, rows }) => ({ source, rows })) };
	} finally {
		await client.end();
	}
}
