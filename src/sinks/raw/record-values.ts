/** The value at a dotted path (`fields.key`) of a record; undefined when any step is missing. */
export function valueAtPath(record: unknown, path: string): unknown {
	let current: unknown = record;
	for (const step of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[step];
	}
	return current;
}

/** A key value as text (`10042`, `ENG-1`); null for a missing or null value. */
export function keyText(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A cursor value as text whose text order is the cursor order, so the sink can compare versions in SQL:
 * timestamps with a zone (`2024-05-01T10:00:00.000+0200`, Jira's format) become UTC ISO-8601 with
 * milliseconds, non-negative integers are zero-padded to 20 digits, other strings stay as they are.
 */
export function normalizeCursorValue(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'number' || typeof value === 'bigint') {
		const isCount = typeof value === 'bigint' ? value >= 0n : Number.isSafeInteger(value) && value >= 0;
		return isCount ? String(value).padStart(20, '0') : String(value);
	}
	if (typeof value === 'string') {
		const match = ISO_TIMESTAMP.exec(value);
		if (!match) return value;
		const zone = match[3] === 'Z' ? 'Z' : `${match[3].slice(0, 3)}:${match[3].slice(-2)}`;
		const millis = Date.parse(`${match[1]}T${match[2]}${zone}`);
		return Number.isNaN(millis) ? value : new Date(millis).toISOString();
	}
	return JSON.stringify(value);
}
