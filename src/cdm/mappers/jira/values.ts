/** Defensive readers for Jira JSON: wrong types and missing values become null, never an exception. */

export type JsonObject = Record<string, unknown>;

export function obj(value: unknown): JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

export function textOrNull(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** A string with something in it, else null ("" and whitespace-only become null). */
export function nonBlank(value: unknown): string | null {
	const text = textOrNull(value);
	return text !== null && text.trim() !== '' ? text : null;
}

export function boolOrNull(value: unknown): boolean | null {
	return typeof value === 'boolean' ? value : null;
}

export function intOrNull(value: unknown): number | null {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

/**
 * ISO-8601 UTC timestamp of a Jira date-time (`2024-03-04T10:15:30.123+0000`, also with `+00:00`, `Z` or epoch
 * milliseconds), or null when absent or unparseable.
 */
export function isoTimestamp(value: unknown): string | null {
	let ms: number;
	if (typeof value === 'number') ms = value;
	else if (typeof value === 'string' && value.trim() !== '') ms = Date.parse(value.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
	else return null;
	if (!Number.isFinite(ms)) return null;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Names of a list of `{ name }` objects (components, versions), skipping entries without one. */
export function names(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value.map((entry) => nonBlank(obj(entry).name)).filter((name): name is string => name !== null);
}

export function stringList(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value.filter((entry): entry is string => typeof entry === 'string');
}

/** Removes null, undefined and empty-array values, so `properties` only holds what the source said. */
export function compact(values: JsonObject): JsonObject {
	const result: JsonObject = {};
	for (const [key, value] of Object.entries(values)) {
		if (value === null || value === undefined) continue;
		if (Array.isArray(value) && value.length === 0) continue;
		if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as JsonObject).length === 0) continue;
		result[key] = value;
	}
	return result;
}

/**
 * Base URL of the Jira site from a REST `self` link: `https://acme.atlassian.net/rest/api/3/issue/1` →
 * `https://acme.atlassian.net` (keeps a Data Center context path such as `/jira`).
 */
export function siteBaseUrl(self: unknown): string | null {
	const link = nonBlank(self);
	if (!link) return null;
	const at = link.indexOf('/rest/');
	if (at <= 0) return null;
	return /^https?:\/\//i.test(link) ? link.slice(0, at) : null;
}

/** `<site>/browse/<KEY>`: the link that opens an issue or project in Jira. */
export function browseUrl(self: unknown, key: unknown): string | null {
	const base = siteBaseUrl(self);
	const k = nonBlank(key);
	return base && k ? `${base}/browse/${encodeURIComponent(k)}` : null;
}
