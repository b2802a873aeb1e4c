import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One field in COPY's text format: `\N` for null, backslash escapes for `\`, tab, newline and carriage return. */
export function copyField(value: string | number | null): string {
	if (value === null) return '\\N';
	const text = String(value);
	if (!/[\\\t\n\r]/.test(text)) return text;
	return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** One COPY text line of `fields`. */
export function copyLine(fields: ReadonlyArray<string | number | null>): string {
	return `${fields.map(copyField).join('\t')}\n`;
}

/**
 * JSON for a jsonb column. Postgres rejects the NUL character in jsonb text, so a record holding one is
 * stored with U+FFFD in its place (the only change ever made to a record).
 */
export function jsonbText(value: unknown): string {
	const json = JSON.stringify(value);
	if (!json.includes('\\u0000')) return json;
	return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.split('\u0000').join('\uFFFD') : v));
}

/** Streams `lines` (COPY text) into `COPY <target> FROM STDIN` on `client`, in chunks. */
export async function copyLines(client: ClientBase, copySql: string, lines: Iterable<string>): Promise<void> {
	async function* chunks(): AsyncGenerator<string> {
		let chunk = '';
		for (const line of lines) {
			chunk += line;
			if (chunk.length >= 1 << 16) {
				yield chunk;
				chunk = '';
			}
		}
		if (chunk) yield chunk;
	}
	await pipeline(Readable.from(chunks()), client.query(copyFrom(copySql)));
}
