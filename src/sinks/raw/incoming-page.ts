import type { ClientBase } from 'pg';

import { copyLine, copyLines } from './copy-text';

/** A page's rows as the sink merges them: key texts, normalized cursor value, record JSON. */
export interface PreparedRow {
	keys: string[];
	cursor: string | null;
	json: string;
}

/** Pages at least this long, or this large in record JSON, go through COPY; smaller ones travel as array parameters. */
export const COPY_MIN_ROWS = 500;
/**
 * Array parameters are escaped element by element (every quote of the JSON doubled) by the client and parsed back by
 * the server; for big records (a Jira issue with its embedded comments is about 10 KB) that costs more than COPY's two
 * extra round trips: measured with 100 issues a page, COPY halved the write time.
 */
export const COPY_MIN_BYTES = 256 * 1024;

function jsonBytes(rows: readonly PreparedRow[]): number {
	let total = 0;
	for (const row of rows) total += row.json.length;
	return total;
}

/**
 * Where a merge statement reads the page from: a relation aliased `incoming` with columns `ord`, `k0..kN`,
 * `cursor_value` and `record`, plus the parameters it needs (numbered from `firstParam`).
 *
 * Large pages are COPYed into a per-connection temporary table (emptied at commit), which is fastest for
 * bulk and for big records. Small pages of small records (100 comments) are passed as text arrays to `unnest`,
 * which saves the two extra round trips of the temporary table and the COPY.
 */
export async function loadIncoming(
	client: ClientBase,
	rows: readonly PreparedRow[],
	keyCount: number,
	firstParam: number,
): Promise<{ from: string; params: unknown[] }> {
	const keyNames = Array.from({ length: keyCount }, (_, i) => `k${i}`);
	if (rows.length < COPY_MIN_ROWS && jsonBytes(rows) < COPY_MIN_BYTES) {
		const columns = [...keyNames, 'cursor_value', 'record'];
		const arrays = columns.map((_, i) => `$${firstParam + i}::text[]`);
		const params = [
			...keyNames.map((_, i) => rows.map((row) => row.keys[i])),
			rows.map((row) => row.cursor),
			rows.map((row) => row.json),
		];
		return {
			from: `(SELECT u.ord::integer AS ord, ${keyNames.map((k) => `u.${k}`).join(', ')}${keyCount ? ', ' : ''}u.cursor_value, u.record::jsonb AS record
			          FROM unnest(${arrays.join(', ')}) WITH ORDINALITY AS u(${columns.join(', ')}, ord)) AS incoming`,
			params,
		};
	}
	const temp = `n8ni_raw_in_${keyCount}`;
	const keyDefs = keyNames.map((k) => `${k} text NOT NULL`);
	await client.query(
		`CREATE TEMP TABLE IF NOT EXISTS ${temp} (ord integer NOT NULL, ${[...keyDefs, 'cursor_value text', 'record jsonb NOT NULL'].join(', ')}) ON COMMIT DELETE ROWS`,
	);
	// Lines are made as COPY consumes them, so a page is never held twice over as text.
	function* lines(): Generator<string> {
		for (const [ord, row] of rows.entries()) yield copyLine([ord, ...row.keys, row.cursor, row.json]);
	}
	await copyLines(client, `COPY ${temp} FROM STDIN`, lines());
	return { from: `${temp} AS incoming`, params: [] };
}
