import { GraphQLError } from 'graphql';
import { createGraphQLError, type YogaLogger } from 'graphql-yoga';

import { isConfigValidationError } from '../ingestion/validation-error';
import { scrubSecrets } from '../store';

/** Codes a client may see in `extensions.code`, besides graphql-js's own validation codes. */
export const BRIDGE_ERROR_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'UNAUTHENTICATED', 'INTERNAL_SERVER_ERROR'] as const;

/** An error thrown by a resolver that is meant for the client as it is (message and extensions). */
export function clientError(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
	return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/**
 * Yoga's `maskError`: validation errors of the services become BAD_USER_INPUT / NOT_FOUND with `extensions.field`;
 * errors created for the client pass; anything else (a database error, a bug) becomes a bare
 * "Internal server error" and is logged without SQL. No stack, SQL text or secret reaches the client. Every error
 * it sees goes into `handled`, so the logger given to yoga does not log it a second time (with its stack).
 */
export function createMaskError(logger: YogaLogger, secrets: string[], handled: WeakSet<object> = new WeakSet()) {
	return (error: unknown, message: string): Error => {
		if (typeof error === 'object' && error !== null) handled.add(error);
		const graphqlError = error instanceof GraphQLError ? error : undefined;
		const original = graphqlError?.originalError ?? error;
		const location = { nodes: graphqlError?.nodes, source: graphqlError?.source, positions: graphqlError?.positions, path: graphqlError?.path };
		if (isConfigValidationError(original)) {
			return createGraphQLError(original.message, { ...location, extensions: { code: original.code, field: original.field } });
		}
		if (graphqlError && (!graphqlError.originalError || graphqlError.originalError instanceof GraphQLError)) {
			// Errors of the request document (a limit, a syntax error) say so even when their plugin set no code.
			if (graphqlError.extensions.code === undefined) (graphqlError.extensions as Record<string, unknown>).code = 'GRAPHQL_VALIDATION_FAILED';
			return graphqlError;
		}
		const detail = original instanceof Error ? `${original.name}: ${original.message}` : String(original);
		logger.error(`unexpected error${graphqlError?.path ? ` at ${graphqlError.path.join('.')}` : ''}: ${scrubSecrets(detail, secrets)}`);
		return createGraphQLError(message, { ...location, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
	};
}
