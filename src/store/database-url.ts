/** Replaces the password of a Postgres connection URL so it can be shown; other parts stay readable. */
export function redactDatabaseUrl(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = '****';
		for (const key of [...parsed.searchParams.keys()]) {
			if (/pass|secret|token|key/i.test(key)) parsed.searchParams.set(key, '****');
		}
		return parsed.toString();
	} catch {
		return '<unparseable database URL>';
	}
}

/** Removes every occurrence of the URL's password from a message (for errors raised by drivers). */
export function scrubSecrets(message: string, secrets: Array<string | undefined>): string {
	let clean = message;
	for (const secret of secrets) {
		if (secret && secret.length >= 3) clean = clean.split(secret).join('****');
	}
	return clean;
}

export function passwordOf(url: string): string | undefined {
	try {
		const { password } = new URL(url);
		return password ? decodeURIComponent(password) : undefined;
	} catch {
		return undefined;
	}
}
