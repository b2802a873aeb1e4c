/** The error code of `error` or of the error it wraps (Sequelize keeps pg's error as `parent` / `original`). */
export function storeErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string') return code;
		current = (current as { parent?: unknown; original?: unknown }).parent ?? (current as { original?: unknown }).original;
	}
	return undefined;
}

/** Socket-level codes of a store that cannot be reached. */
export const STORE_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE']);

/** SQLSTATEs of a server going away or not accepting connections yet (restart, failover). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03']);

const SEQUELIZE_CONNECTION_ERRORS = new Set([
	'SequelizeConnectionError',
	'SequelizeConnectionRefusedError',
	'SequelizeConnectionTimedOutError',
	'SequelizeHostNotReachableError',
	'SequelizeConnectionAcquireTimeoutError',
]);

/**
 * Whether `error` says the store could not be reached or went away (a restart, a failover, a dropped connection),
 * as opposed to a statement it refused: only the former is worth trying again.
 */
export function isStoreUnreachable(error: unknown): boolean {
	const code = storeErrorCode(error);
	if (code && (STORE_CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08'))) return true;
	const name = (error as { name?: unknown } | null)?.name;
	if (typeof name === 'string' && SEQUELIZE_CONNECTION_ERRORS.has(name)) return true;
	const message = error instanceof Error ? error.message : '';
	return /Connection terminated|Client has encountered a connection error/.test(message);
}
