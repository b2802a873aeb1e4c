import fc from 'fast-check';

/** Seed of every generated bad-input run: the same inputs on every run and machine. */
export const BAD_INPUT_SEED = 20261122;

/** Hand-picked strings that break naive code: injection, quoting, odd unicode, traversal, sizes, control characters. */
export const HOSTILE_STRINGS: readonly string[] = [
	`'; DROP TABLE ingestion_unit_configs; --`,
	`" OR 1=1 --`,
	`x' UNION SELECT passwd FROM pg_shadow --`,
	`$1::text`,
	`\\'; SELECT pg_sleep(10); --`,
	`Robert'); DELETE FROM metadata_endpoints;--`,
	`"quoted"`,
	`'single'`,
	'`backtick`',
	'\\',
	'\\\\server\\share',
	'../../etc/passwd',
	'..\\..\\windows\\system32',
	'%2e%2e%2f%2e%2e%2fetc%2fpasswd',
	'/etc/passwd',
	'file:///etc/passwd',
	'jira\u0000x',
	'\u0000',
	'\ud800',
	'x\udfffy',
	'\u202egnp.exe',
	'zero\u200bwidth',
	'ｊｉｒａ－ｘ',
	'jira-x\u0301',
	'🙂🙂🙂',
	'Ωmega-ünïcødé',
	'line\nbreak',
	'tab\there',
	'bell\u0007',
	'<script>alert(1)</script>',
	'${process.env.INGESTION_API_TOKEN}',
	'{{7*7}}',
	'__proto__',
	'constructor',
	'null',
	'undefined',
	'NaN',
	'-1',
	'a'.repeat(64),
	'b'.repeat(65),
	'c'.repeat(201),
	'd'.repeat(10_000),
	'%s%s%s%n',
	'ingestion_runs',
	'cdm.work.item; DROP SCHEMA cdm_work CASCADE',
];

/** Strings a user could send as an id or keyword: the hand-picked ones, random unicode, long ones, and mixes. */
export function hostileString(): fc.Arbitrary<string> {
	return fc.oneof(
		{ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
		{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
		{ weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }) },
		{ weight: 1, arbitrary: fc.string({ minLength: 64, maxLength: 300 }) },
		{
			weight: 2,
			arbitrary: fc
				.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 8 }))
				.map(([before, hostile, after]) => `${before}${hostile}${after}`),
		},
	);
}

/** A JSON value that is not a string (for fields typed as strings or ids; integers excluded: GraphQL IDs accept them). */
export function nonStringValue(): fc.Arbitrary<unknown> {
	return fc.oneof(
		fc.boolean(),
		fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }),
		fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
		fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 3 }),
	);
}

/** A JSON value that is not a whole 32-bit number. */
export function nonIntValue(): fc.Arbitrary<unknown> {
	return fc.oneof(
		fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }),
		fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1e20, Number.MAX_SAFE_INTEGER),
		fc.string({ maxLength: 6 }),
		fc.boolean(),
		fc.array(fc.integer(), { minLength: 1, maxLength: 2 }),
	);
}

/** A JSON value that is not a boolean. */
export function nonBooleanValue(): fc.Arbitrary<unknown> {
	return fc.oneof(fc.integer(), fc.constantFrom('true', 'false', 'yes', '1', ''), fc.array(fc.boolean(), { minLength: 1, maxLength: 2 }), fc.object({ maxDepth: 1 }));
}

/** Names that are not keys of `known` (for unknown-field inputs); GraphQL-name-shaped so they reach the checks. */
export function unknownKey(known: readonly string[]): fc.Arbitrary<string> {
	return fc
		.oneof(fc.constantFrom('bogus', 'password', 'sql', '__proto__', 'constructor', 'endpointID', 'Mode', 'policy_', 'id'), fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,20}$/))
		.filter((key) => !known.includes(key));
}

/** Draws `count` values of an arbitrary with the fixed seed (the same list on every run). */
export function generate<T>(arbitrary: fc.Arbitrary<T>, count: number, seed = BAD_INPUT_SEED): T[] {
	return fc.sample(arbitrary, { seed, numRuns: count });
}

/** A JSON text nested `depth` levels deep (built as text: JSON.stringify would overflow the stack). */
export function deepJsonText(depth: number, kind: 'array' | 'object' = 'object'): string {
	return kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
