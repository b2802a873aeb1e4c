import { escapeIdentifier } from 'pg';

import { CdmError } from './errors';

/** Postgres identifiers we create: lower-case ASCII, digits and underscores, at most 63 bytes (NAMEDATALEN - 1). */
export const IDENTIFIER_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;
/** A table prefix may also be empty; whatever it is, the identifiers built from it are validated again. */
export const TABLE_PREFIX_PATTERN = /^([a-z_][a-z0-9_]{0,62})?$/;

const MAX_IDENTIFIER_LENGTH = 63;

function show(value: unknown): string {
	const text = typeof value === 'string' ? value : String(value);
	return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** Returns `value` when it is a safe schema/table/index name, else throws a CdmError naming `parameter`. */
export function validateIdentifier(value: unknown, parameter: string): string {
	if (typeof value !== 'string' || !IDENTIFIER_PATTERN.test(value)) {
		const tooLong = typeof value === 'string' && value.length > MAX_IDENTIFIER_LENGTH;
		throw new CdmError(
			'INVALID_PARAMETER',
			tooLong
				? `${parameter} ${show(value)} is too long: ${value.length} characters, at most ${MAX_IDENTIFIER_LENGTH}`
				: `${parameter} ${show(value)} is not a valid identifier: use lower-case letters, digits and underscores, starting with a letter or underscore (pattern ${IDENTIFIER_PATTERN.source})`,
			parameter,
		);
	}
	if (value.startsWith('pg_')) {
		throw new CdmError('INVALID_PARAMETER', `${parameter} ${show(value)} is reserved: names starting with "pg_" belong to Postgres`, parameter);
	}
	return value;
}

export function validateSchemaName(value: unknown, parameter = 'schema'): string {
	const schema = validateIdentifier(value, parameter);
	if (schema === 'information_schema') {
		throw new CdmError('INVALID_PARAMETER', `${parameter} "information_schema" is reserved by Postgres`, parameter);
	}
	return schema;
}

export function validateTablePrefix(value: unknown, parameter = 'table_prefix'): string {
	if (typeof value !== 'string' || !TABLE_PREFIX_PATTERN.test(value)) {
		throw new CdmError(
			'INVALID_PARAMETER',
			`${parameter} ${show(value)} is not a valid table prefix: use lower-case letters, digits and underscores, starting with a letter or underscore, or leave it empty`,
			parameter,
		);
	}
	return value;
}

/** Double-quotes an identifier after validating it (pg's escapeIdentifier does the quoting). */
export function quoteIdentifier(value: string, parameter = 'identifier'): string {
	return escapeIdentifier(validateIdentifier(value, parameter));
}

/** `"schema"."name"`, both parts validated. */
export function qualifiedName(schema: string, name: string): string {
	return `${quoteIdentifier(schema, 'schema')}.${quoteIdentifier(name, 'table')}`;
}
