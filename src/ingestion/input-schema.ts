import { z } from 'zod';

import { isStorableText } from '../store/storable-text';
import { badInput } from './validation-error';

const storable = (schema: z.ZodString) =>
	schema.refine(isStorableText, 'must not contain a NUL character or a broken surrogate pair');

/** An id in a control-plane request (endpoint, unit, sink, CDM model): trimmed, 1..200 characters, storable text. */
export const idSchema = storable(z.string().trim().min(1, 'must not be empty').max(200));
/** A short keyword (mode, schedule kind, data mode): trimmed, 1..64 characters, storable text. */
export const wordSchema = storable(z.string().trim().min(1, 'must not be empty').max(64));

/**
 * Parses a request with its zod schema; the first problem becomes a `BAD_USER_INPUT` error naming the field
 * (`input` for the request as a whole) and the reason. Messages never quote the value.
 */
export function parseRequest<S extends z.ZodTypeAny>(schema: S, input: unknown, unknownKeyReason = 'is not a known field'): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const field = issue.code === z.ZodIssueCode.unrecognized_keys ? issue.keys[0] : issue.path.join('.') || 'input';
	const reason = issue.code === z.ZodIssueCode.unrecognized_keys ? unknownKeyReason : issue.message.toLowerCase();
	throw badInput(field, `${field} ${reason}`);
}
