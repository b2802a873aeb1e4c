const MAX_ERROR_LENGTH = 1_000;

/**
 * Run errors are sanitized by the engine when written; the bridge still strips what must never leave: credentials
 * in URLs, bearer tokens, stack frames, and overlong text.
 */
export function sanitizeRunError(error: string | null): string | null {
	if (error === null) return null;
	const clean = error
		.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, '$1****:****@')
		.replace(/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ****')
		.split('\n')
		.filter((line) => !/^\s+at\s/.test(line))
		.join('\n')
		.trim();
	return clean.length > MAX_ERROR_LENGTH ? `${clean.slice(0, MAX_ERROR_LENGTH)}…` : clean;
}
