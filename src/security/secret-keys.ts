/** Keys whose values are secrets and never leave the store through an API, a log or an error. */
const SECRET_KEY = /token|password|passwd|secret|connection_?url|api_?key|credential/i;

export function isSecretKey(key: string): boolean {
	return SECRET_KEY.test(key);
}

/** A copy of `value` without any key that names a secret, at any depth (arrays are walked too). */
export function withoutSecrets<T>(value: T): T {
	if (Array.isArray(value)) return value.map((item) => withoutSecrets(item)) as T;
	if (value && typeof value === 'object' && !(value instanceof Date)) {
		const clean: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
			if (!isSecretKey(key)) clean[key] = withoutSecrets(inner);
		}
		return clean as T;
	}
	return value;
}
