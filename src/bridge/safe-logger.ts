import type { YogaLogger } from 'graphql-yoga';

import { scrubSecrets } from '../store';

const MAX_LINE_LENGTH = 2_000;
type LogMethod = (...args: unknown[]) => void;

function describe(value: unknown): string {
	if (value instanceof Error) return `${value.name}: ${value.message}`;
	if (typeof value === 'string') return value;
	try {
		return JSON.stringify(value, (_key, inner: unknown) => (inner instanceof Error ? `${inner.name}: ${inner.message}` : inner)) ?? String(value);
	} catch {
		return String(value);
	}
}

/** One log line without stack frames or secrets, cut to a sane length. */
export function safeLogLine(args: unknown[], secrets: string[]): string {
	const text = args
		.map(describe)
		.join(' ')
		.split('\n')
		.filter((line) => !/^\s+at\s/.test(line))
		.join(' ');
	const clean = scrubSecrets(text, secrets);
	return clean.length > MAX_LINE_LENGTH ? `${clean.slice(0, MAX_LINE_LENGTH)}…` : clean;
}

/**
 * The bridge's logger as given to yoga: every line is made of messages only (an Error becomes `name: message`, its
 * stack is dropped), secrets are scrubbed, and errors the bridge has already handled (`handled`: input errors
 * answered to the client, unexpected errors logged once by the error masker) are not logged again.
 */
export function safeLogger(logger: YogaLogger, secrets: string[], handled: WeakSet<object>): YogaLogger {
	const wrap =
		(method: LogMethod): LogMethod =>
		(...args) => {
			if (args.some((arg) => typeof arg === 'object' && arg !== null && handled.has(arg))) return;
			method(safeLogLine(args, secrets));
		};
	return {
		debug: wrap(logger.debug.bind(logger)),
		info: wrap(logger.info.bind(logger)),
		warn: wrap(logger.warn.bind(logger)),
		error: wrap(logger.error.bind(logger)),
	};
}
