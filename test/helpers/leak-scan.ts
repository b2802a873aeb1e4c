import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../..');

/** What must never appear in an answer or a log line, besides the secrets themselves. */
const FORBIDDEN: Array<[string, RegExp]> = [
	['a stack frame', /^\s*at\s.+[(:]/m],
	['a stack frame', / {4}at /],
	['SQL text', /\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|ON\s+CONFLICT|RETURNING\s|pg_advisory)/i],
	['SQL text', /\$\d+::\w+/],
	['a database error', /\b(relation|column) "[^"]+" (does not exist|of relation)|syntax error at or near|violates \w+ constraint|invalid byte sequence|unsupported Unicode escape/i],
	['a store table name', /\b(ingestion_unit_configs|ingestion_unit_states|ingestion_runs|metadata_endpoints|catalog_datasets|kb_nodes|kb_edges|metadata_collection_requests)\b/],
	['an internal path', new RegExp(`${REPO_ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|node_modules|\\b(src|dist)/[\\w/-]+\\.(ts|js)\\b|\\.(ts|js):\\d+`)],
];

export interface LeakScanOptions {
	/** Secret values (tokens, passwords) that must not appear, in any case. */
	secrets: string[];
	/**
	 * Strings the caller sent: an answer may quote them back (a refused id, a bad value), so they are removed before
	 * scanning (as sent, trimmed, upper-cased, JSON-escaped); a hostile id like `'; DROP TABLE x` is not a leak.
	 */
	echoed?: string[];
}

function withoutEchoes(text: string, echoed: string[]): string {
	let clean = text;
	// A short echo that is part of the repository's path ("input", "work") must not hide a leaked path.
	const forms = echoed
		.flatMap((value) => [value, value.trim(), value.toUpperCase().trim()])
		.flatMap((value) => [value, JSON.stringify(value).slice(1, -1)])
		.filter((form) => !REPO_ROOT.includes(form));
	// Longest first, so a short echo cannot cut a longer one apart.
	for (const form of [...new Set(forms)].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length)) {
		clean = clean.split(form).join('<echo>');
	}
	return clean;
}

/**
 * What leaked into `text` (an HTTP answer, CLI output or a server's log): secrets, stack frames, SQL, database
 * errors, store table names, internal file paths. An empty list means nothing leaked.
 */
export function findLeaks(text: string, options: LeakScanOptions): string[] {
	const found: string[] = [];
	for (const secret of options.secrets) {
		if (secret.length >= 4 && text.toLowerCase().includes(secret.toLowerCase())) found.push(`a secret (${secret.slice(0, 3)}…)`);
	}
	const scanned = withoutEchoes(text, options.echoed ?? []);
	for (const [what, pattern] of FORBIDDEN) {
		const match = pattern.exec(scanned);
		if (match) found.push(`${what}: ${JSON.stringify(scanned.slice(Math.max(0, match.index - 60), match.index + 80))}`);
	}
	return found;
}

/** Every string inside a value (keys too), to pass as `echoed`. Iterative, so a deeply nested value is fine. */
export function stringsIn(value: unknown): string[] {
	const strings: string[] = [];
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const current = stack.pop();
		if (typeof current === 'string') strings.push(current);
		else if (Array.isArray(current)) for (const item of current) stack.push(item);
		else if (current && typeof current === 'object') {
			for (const [key, inner] of Object.entries(current)) {
				strings.push(key);
				stack.push(inner);
			}
		}
	}
	return strings;
}
