import type { z } from 'zod';

/** The first problem of a zod error as `{ field, reason }`, the field as a dotted path (`parameters.models.1`). */
export function firstZodIssue(error: z.ZodError, prefix?: string): { field: string; reason: string } {
	const issue = error.issues[0];
	let path = issue?.path.map(String) ?? [];
	if (issue?.code === 'unrecognized_keys' && issue.keys.length > 0) path = [...path, issue.keys[0]];
	const field = [prefix, ...path].filter((part) => part !== undefined && part !== '').join('.') || prefix || '(row)';
	return { field, reason: issue?.message ?? 'is invalid' };
}
