import type { Command } from 'commander';
import { z } from 'zod';

import { isStorableText } from '../store/storable-text';
import { CliError } from './cli-context';

/** An error about one flag: `error: --flag: reason`. */
export function flagError(flag: string, reason: string): CliError {
	return new CliError(`${flag}: ${reason}`);
}

/** The flag spelling of an option (`baseUrl` → `--base-url`). */
export function flagName(option: string): string {
	return `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Parses flag values with a zod schema; the first problem becomes `--flag: reason`, the flag found through
 * `flagOf` (keyed by the first path segment of the issue) or spelled from the option name.
 */
export function parseFlags<S extends z.ZodTypeAny>(schema: S, values: unknown, flagOf: Record<string, string> = {}): z.output<S> {
	const result = schema.safeParse(values);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const key = String(issue.code === z.ZodIssueCode.unrecognized_keys ? issue.keys[0] : (issue.path[0] ?? 'input'));
	const item = typeof issue.path[1] === 'number' ? ` (item ${issue.path[1] + 1})` : '';
	throw flagError(`${flagOf[key] ?? flagName(key)}${item}`, issue.message.charAt(0).toLowerCase() + issue.message.slice(1));
}

/**
 * A commander hook run before every command: refuses flag values Postgres could not store (a NUL character, a
 * broken surrogate pair), naming the flag, before anything opens the store.
 */
export function refuseUnstorableFlags(_command: Command, actionCommand: Command): void {
	for (const [option, value] of Object.entries(actionCommand.opts())) {
		if (typeof value === 'string' && !isStorableText(value)) {
			throw flagError(flagName(option), 'must not contain a NUL character or a broken surrogate pair');
		}
	}
}
