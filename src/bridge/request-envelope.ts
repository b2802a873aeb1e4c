import { z } from 'zod';

import type { GraphqlRequestBody } from './operation-kind';

/** The JSON body of a GraphQL POST: a query, optional variables, operation name and extensions, nothing else. */
const envelopeSchema = z
	.object({
		query: z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }),
		variables: z.record(z.unknown(), { invalid_type_error: 'must be an object' }).nullish(),
		operationName: z.string({ invalid_type_error: 'must be a string' }).nullish(),
		extensions: z.record(z.unknown(), { invalid_type_error: 'must be an object' }).nullish(),
	})
	.strict();

export interface EnvelopeError {
	message: string;
	extensions: { code: 'BAD_REQUEST'; field: string };
}

const refusal = (field: string, reason: string): { error: EnvelopeError } => ({
	error: { message: `${field} ${reason}`, extensions: { code: 'BAD_REQUEST', field } },
});

/**
 * Parses the JSON body of a GraphQL POST, or says what is wrong with it (`BAD_REQUEST`, `field` naming `body`,
 * `query`, `variables`, `operationName`, `extensions` or the unknown key). The body is never quoted back.
 */
export function parseRequestEnvelope(body: string): { request: GraphqlRequestBody } | { error: EnvelopeError } {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return refusal('body', 'is not valid JSON');
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		return refusal('body', Array.isArray(parsed) ? 'must be one request (batches are not supported)' : 'must be a JSON object');
	}
	const result = envelopeSchema.safeParse(parsed);
	if (result.success) return { request: result.data };
	const issue = result.error.issues[0];
	if (issue.code === z.ZodIssueCode.unrecognized_keys) return refusal(issue.keys[0], 'is not a GraphQL request field');
	return refusal(String(issue.path[0]), issue.message);
}
