import { scrubSecrets } from '../store/database-url';

/** Longest error text kept in run history. */
export const MAX_ERROR_LENGTH = 500;

/** Statements (upper-case keywords, as SQL is written) go on with a clause that only SQL has. */
const SQL_STATEMENT = /\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|CREATE\s+(TEMP\s+|UNIQUE\s+)?(TABLE|INDEX|SCHEMA|VIEW)|ALTER\s+TABLE|DROP\s+(TABLE|SCHEMA|INDEX)|TRUNCATE\s|COPY\s+\S+\s+(FROM|TO)|WITH\s+\w+\s+AS\s*\()/;

const SECRET_PATTERNS: Array<[RegExp, string]> = [
	// scheme://user:password@host
	[/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, '$1****@'],
	// Authorization headers
	[/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 ****'],
	// key=value and key: value pairs whose key names a secret
	[
		/\b([\w-]*(?:token|password|passwd|pwd|secret|api[_-]?key|apikey|authorization|credential|session|cookie)[\w-]*)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi,
		'$1$2****',
	],
	// Atlassian API tokens, JWTs, and other long opaque strings
	[/\bATAT[A-Za-z0-9_=-]{10,}/g, '****'],
	[/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '****'],
	[/\b[A-Za-z0-9+/_-]{40,}={0,2}/g, '****'],
];

export interface SanitizeOptions {
	/** Exact secret values (tokens, passwords) to remove wherever they appear. */
	secrets?: Array<string | undefined>;
}

function messageOf(error: unknown): string {
	if (error instanceof Error) {
		// Sequelize wraps the driver error; its message is the driver's, and `sql` holds the statement.
		const withSql = error as Error & { sql?: unknown; original?: { message?: unknown } };
		let message = error.message || error.name;
		if (typeof withSql.sql === 'string' && withSql.sql.length > 0) message = message.split(withSql.sql).join(' ');
		return message;
	}
	if (typeof error === 'string') return error;
	try {
		return JSON.stringify(error) ?? String(error);
	} catch {
		return String(error);
	}
}

/** SQLSTATE of a Postgres error (directly or wrapped by Sequelize), if any. */
function sqlState(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
		current = (current as { parent?: unknown; original?: unknown }).parent ?? (current as { original?: unknown }).original;
	}
	return undefined;
}

/**
 * A one-line error text safe for run history, logs and API output: no stack, no SQL statement, no secret.
 * Secrets are removed by value (`options.secrets`) and by shape (URL passwords, auth headers, `token=...`,
 * long opaque strings). Database errors keep their SQLSTATE so operators can look them up.
 */
export function sanitizeError(error: unknown, options: SanitizeOptions = {}): string {
	let text = messageOf(error);
	text = scrubSecrets(text, options.secrets ?? []);
	// Only the first line: stacks, SQL and response bodies tend to follow it.
	text = text.split(/\r?\n/)[0] ?? '';
	text = text.replace(/\s+at\s+[\w.<>]+\s+\([^)]*\)/g, '');
	const statement = SQL_STATEMENT.exec(text);
	if (statement) text = `${text.slice(0, statement.index)}[SQL removed]`;
	for (const [pattern, replacement] of SECRET_PATTERNS) text = text.replace(pattern, replacement);
	text = text.replace(/\s+/g, ' ').trim();
	const state = sqlState(error);
	if (state && !text.includes(state)) text = `Database error ${state}: ${text}`;
	if (!text) text = 'Unknown error';
	return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
