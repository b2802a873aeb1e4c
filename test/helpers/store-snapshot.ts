import { QueryTypes } from 'sequelize';

import type { Store } from '../../src/store';

/** Every table of a database outside the system schemas, with its row count and a checksum of its rows. */
export type DatabaseSnapshot = Record<string, { rows: number; md5: string }>;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Row counts and checksums of every table in every user schema (the store tables, the CDM schemas, the raw landing
 * schema, anything created since), so a test can prove a refused call wrote nothing anywhere: a new schema, table or
 * row, or a changed value, changes the snapshot. Meant for test databases of a few thousand rows.
 */
export async function snapshotDatabase(store: Store): Promise<DatabaseSnapshot> {
	const tables = await store.sequelize.query<{ schema: string; name: string }>(
		`SELECT n.nspname AS schema, c.relname AS name
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     ORDER BY 1, 2`,
		{ type: QueryTypes.SELECT },
	);
	if (tables.length === 0) return {};
	const parts = tables.map(
		({ schema, name }) =>
			`SELECT ${store.sequelize.escape(`${schema}.${name}`)} AS name, count(*)::int AS rows,
              md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5
       FROM ${quote(schema)}.${quote(name)} t`,
	);
	const rows = await store.sequelize.query<{ name: string; rows: number; md5: string }>(parts.join('\nUNION ALL\n'), {
		type: QueryTypes.SELECT,
	});
	return Object.fromEntries(rows.map(({ name, rows: count, md5 }) => [name, { rows: count, md5 }]));
}
