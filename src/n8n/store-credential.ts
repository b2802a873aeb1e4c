import { z } from 'zod';

import { describeZodIssues } from '../jira/endpoint-parameters';

/** SSL choices of the Ingestion Store credential, as libpq `sslmode` values understood by node-postgres. */
export const STORE_SSL_MODES = {
	disable: 'disable',
	/** TLS with the server certificate verified against the system's CAs. */
	require: 'verify-full',
	/** TLS without verifying the certificate (self-signed servers). */
	allowUnauthorized: 'no-verify',
} as const;

export type StoreSslMode = keyof typeof STORE_SSL_MODES;

const nonEmpty = z.string().trim().min(1, 'is required');

/** The Ingestion Store credential's data, as n8n hands it to a node (see credentials/IngestionStoreApi.credentials.ts). */
export const storeCredentialSchema = z.discriminatedUnion('connectionType', [
	z.object({
		connectionType: z.literal('fields'),
		host: nonEmpty,
		port: z.coerce.number().int('must be a whole number').min(1, 'must be within 1..65535').max(65535, 'must be within 1..65535'),
		database: nonEmpty,
		user: nonEmpty,
		password: z.string().optional().default(''),
		ssl: z.enum(Object.keys(STORE_SSL_MODES) as [StoreSslMode, ...StoreSslMode[]]).optional().default('disable'),
	}),
	z.object({
		connectionType: z.literal('url'),
		url: nonEmpty.refine((value) => /^postgres(ql)?:\/\/[^/]/i.test(value), 'must be a postgres:// or postgresql:// URL'),
	}),
]);

export type StoreCredential = z.input<typeof storeCredentialSchema>;

/** Secret values of the credential (never to be shown): the password, and the URL that may hold one. */
export function storeCredentialSecrets(data: Record<string, unknown>): string[] {
	const secrets: string[] = [];
	for (const key of ['password', 'url']) {
		const value = data[key];
		if (typeof value === 'string' && value.length > 0) secrets.push(value);
	}
	const url = typeof data.url === 'string' ? data.url : undefined;
	if (url) {
		try {
			const password = decodeURIComponent(new URL(url).password);
			if (password) secrets.push(password);
		} catch {
			// not a URL: nothing more to hide
		}
	}
	return secrets;
}

function hostPart(host: string): string {
	return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The Postgres URL of the store the credential names. Field-by-field credentials are percent-encoded (a password may
 * hold any character) and carry the SSL choice as `sslmode`; a connection URL is used as given. The error names the
 * field at fault, never a value.
 */
export function storeUrlFromCredential(data: unknown): string {
	const withDefault = { connectionType: 'fields', ...((data ?? {}) as Record<string, unknown>) };
	const parsed = storeCredentialSchema.safeParse(withDefault);
	if (!parsed.success) throw new Error(`The Ingestion Store credential is incomplete: ${describeZodIssues(parsed.error)}`);
	const credential = parsed.data;
	if (credential.connectionType === 'url') return credential.url;
	const auth = `${encodeURIComponent(credential.user)}${credential.password ? `:${encodeURIComponent(credential.password)}` : ''}`;
	const url = `postgres://${auth}@${hostPart(credential.host)}:${credential.port}/${encodeURIComponent(credential.database)}`;
	return `${url}?sslmode=${STORE_SSL_MODES[credential.ssl]}`;
}
