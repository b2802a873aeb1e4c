/** Half of a UTF-16 surrogate pair without its other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Whether Postgres can store the string as it is: `text` and `jsonb` refuse NUL characters, and lone surrogates
 * are either refused (`\ud800` in JSON) or silently turned into U+FFFD (bound text). Inputs are checked with this
 * first, so such text is a clear input error instead of a database error.
 */
export function isStorableText(value: string): boolean {
	return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/**
 * The path to the first string (value or key) inside a JSON-like value that Postgres cannot store, or undefined.
 * Iterative, so a value nested ten thousand levels deep is fine.
 */
export function findUnstorableText(value: unknown): Array<string | number> | undefined {
	interface Entry {
		value: unknown;
		key?: string | number;
		parent?: Entry;
	}
	const pathOf = (entry: Entry): Array<string | number> => {
		const path: Array<string | number> = [];
		for (let at: Entry | undefined = entry; at?.parent; at = at.parent) path.unshift(at.key!);
		return path;
	};
	const stack: Entry[] = [{ value }];
	while (stack.length > 0) {
		const entry = stack.pop()!;
		const current = entry.value;
		if (typeof current === 'string') {
			if (!isStorableText(current)) return pathOf(entry);
		} else if (Array.isArray(current)) {
			current.forEach((item, index) => stack.push({ value: item, key: index, parent: entry }));
		} else if (current !== null && typeof current === 'object') {
			for (const [key, inner] of Object.entries(current)) {
				if (!isStorableText(key)) return [...pathOf(entry), key];
				stack.push({ value: inner, key, parent: entry });
			}
		}
	}
	return undefined;
}
