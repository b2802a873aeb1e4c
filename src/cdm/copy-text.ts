import type { CdmSqlType } from './model-definition';

/**
 * Encoders for Postgres COPY text format (tab-separated, `\N` for NULL, backslash escapes). Postgres text and jsonb
 * cannot hold the NUL character, so it is dropped from strings rather than failing the batch.
 */

const NEEDS_ESCAPE = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '' };

export function escapeCopyText(value: string): string {
	return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]) : value;
}

/** Array literal `{"a","b"}` with each element quoted (so commas, braces, quotes and NULL-like words stay text). */
function arrayLiteral(values: readonly string[]): string {
	let out = '{';
	for (let i = 0; i < values.length; i++) {
		if (i > 0) out += ',';
		out += `"${values[i].replace(/[\\"]/g, '\\$&')}"`;
	}
	return `${out}}`;
}

function jsonText(value: unknown): string {
	const json = JSON.stringify(value);
	// jsonb rejects the \u0000 escape; drop NUL characters from strings, as for text columns
	return json.includes('\\u0000') ? JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replace(/\0/g, '') : v)) : json;
}

export type CopyEncoder = (value: unknown) => string;

const encoders: Record<CdmSqlType, CopyEncoder> = {
	text: (value) => escapeCopyText(String(value)),
	timestamptz: (value) => escapeCopyText(value instanceof Date ? value.toISOString() : String(value)),
	integer: (value) => String(value),
	boolean: (value) => (value ? 't' : 'f'),
	'text[]': (value) => escapeCopyText(arrayLiteral(value as string[])),
	jsonb: (value) => escapeCopyText(jsonText(value)),
};

/** A function turning a row into the fields of one COPY text line (tab-separated, without the newline). */
export function copyLineEncoder(columns: ReadonlyArray<{ name: string; sqlType: CdmSqlType }>): (row: Record<string, unknown>) => string {
	const names = columns.map((column) => column.name);
	const encode = columns.map((column) => encoders[column.sqlType]);
	return (row) => {
		let line = '';
		for (let i = 0; i < names.length; i++) {
			const value = row[names[i]];
			if (i > 0) line += '\t';
			line += value === null || value === undefined ? '\\N' : encode[i](value);
		}
		return line;
	};
}

/** A nullable text value as a COPY field. */
export function copyField(value: string | null): string {
	return value === null ? '\\N' : escapeCopyText(value);
}

/** Joins lines (each given without its newline, plus a common `suffix`) into chunks of about 256 KiB for COPY. */
export function copyChunks(lines: readonly string[], suffix = ''): string[] {
	const chunks: string[] = [];
	let chunk = '';
	for (const line of lines) {
		chunk += `${line}${suffix}\n`;
		if (chunk.length >= 256 * 1024) {
			chunks.push(chunk);
			chunk = '';
		}
	}
	if (chunk !== '') chunks.push(chunk);
	return chunks;
}
