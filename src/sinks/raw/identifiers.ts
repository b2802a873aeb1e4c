import { createHash } from 'node:crypto';

import { escapeIdentifier } from 'pg';

/** Postgres truncates identifiers longer than this many bytes; we never let it. */
export const MAX_IDENTIFIER_LENGTH = 63;

/** The only shape of identifier the raw sink creates: lowercase ASCII, digits, underscores. */
const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function shortHash(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** Throws unless `name` is a safe identifier of at most 63 characters. */
export function assertSafeIdentifier(name: string, what: string): string {
	if (!SAFE_IDENTIFIER.test(name) || name.length > MAX_IDENTIFIER_LENGTH) {
		throw new Error(`Invalid ${what} "${name}": expected lowercase letters, digits and underscores, at most 63 characters`);
	}
	return name;
}

/** Caps `name` at 63 characters, replacing the tail by a hash of `identity` so capped names stay distinct. */
export function capIdentifier(name: string, identity: string): string {
	if (name.length <= MAX_IDENTIFIER_LENGTH) return name;
	const suffix = `_${shortHash(identity)}`;
	return `${name.slice(0, MAX_IDENTIFIER_LENGTH - suffix.length)}${suffix}`;
}

/**
 * The landing table of (endpoint, unit): `<endpoint>__<unit with dots as _>`, e.g. `jira1__jira_issues`.
 * When the name loses information (an endpoint id with capitals, `-` or `.`, a unit id with `_`), it gets a
 * hash suffix of the exact ids, so `jira-1` and `jira_1` never share a table.
 */
export function rawTableName(endpointId: string, unitId: string): string {
	const identity = `${endpointId}\n${unitId}`;
	const endpointPart = endpointId.toLowerCase().replace(/[^a-z0-9_]/g, '_');
	const unitPart = unitId.toLowerCase().replace(/\./g, '_').replace(/[^a-z0-9_]/g, '_');
	// Dots and underscores of a unit id both become `_`, and a leading digit gets a prefix: mark such names.
	const lossy = endpointPart !== endpointId || /^[0-9]/.test(endpointPart) || /[^a-z0-9.]/.test(unitId);
	let name = `${/^[0-9]/.test(endpointPart) ? 'e_' : ''}${endpointPart}__${unitPart}`;
	if (lossy) name = `${name}_${shortHash(identity)}`;
	return assertSafeIdentifier(capIdentifier(name, identity), 'raw table name');
}

/** The staging table a FULL run loads before it is swapped in. */
export function stagingTableName(tableName: string): string {
	return assertSafeIdentifier(capIdentifier(`${tableName}__stg`, `${tableName}\nstaging`), 'staging table name');
}

/** Column of a primary-key field: `pk_` + snake case, dots as `__` (`accountId` → `pk_account_id`). */
export function primaryKeyColumn(path: string): string {
	const snake = path
		.split('.')
		.map((part) =>
			part
				.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
				.toLowerCase()
				.replace(/[^a-z0-9_]/g, '_'),
		)
		.join('__');
	return assertSafeIdentifier(capIdentifier(`pk_${snake}`, path), `column for primary key "${path}"`);
}

/** `"schema"."table"`, both validated. */
export function qualifiedName(schema: string, table: string): string {
	return `${escapeIdentifier(assertSafeIdentifier(schema, 'schema name'))}.${escapeIdentifier(assertSafeIdentifier(table, 'table name'))}`;
}

export function quoteColumn(name: string): string {
	return escapeIdentifier(assertSafeIdentifier(name, 'column name'));
}
