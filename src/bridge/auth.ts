import { createHash, timingSafeEqual } from 'node:crypto';

import type { Plugin } from 'graphql-yoga';

/** Environment variable holding the bridge's bearer token. */
export const API_TOKEN_ENV = 'INGESTION_API_TOKEN';
/** Shortest token the server accepts (a guessable token is no protection). */
export const MIN_TOKEN_LENGTH = 16;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Compares a presented token with the expected one in constant time (both are hashed to equal lengths first). */
export function tokenMatches(presented: string, expected: string): boolean {
	return timingSafeEqual(digest(presented), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | null): string | undefined {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match?.[1];
}

/** Answers every GraphQL request without the right bearer token with 401 and an UNAUTHENTICATED error. */
export function bearerAuthPlugin(expected: string): Plugin {
	return {
		onRequest({ request, fetchAPI, endResponse }) {
			const presented = bearerToken(request.headers.get('authorization'));
			if (presented !== undefined && tokenMatches(presented, expected)) return;
			const message = presented === undefined ? 'Missing bearer token' : 'Invalid bearer token';
			endResponse(
				new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED', field: 'authorization' } }] }), {
					status: 401,
					headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
				}),
			);
		},
	};
}
