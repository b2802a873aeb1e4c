import { Client } from 'pg';

import { sanitizeError } from '../ingestion/sanitize-error';
import { storeCredentialSecrets, storeUrlFromCredential } from './store-credential';

export interface ConnectionTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Tests an Ingestion Store credential: connects (10 s timeout), asks for the server version and whether the store's
 * tables exist. Nothing is created or migrated. The message never contains the password or the URL.
 */
export async function testStoreConnection(data: Record<string, unknown>, timeoutMs = 10_000): Promise<ConnectionTestResult> {
	const secrets = storeCredentialSecrets(data);
	let url: string;
	try {
		url = storeUrlFromCredential(data);
	} catch (error) {
		return { status: 'Error', message: sanitizeError(error, { secrets }) };
	}
	const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, application_name: 'n8n-nodes-ingestion (credential test)' });
	client.on('error', () => undefined);
	try {
		await client.connect();
		const { rows } = await client.query<{ version: string; migrated: boolean }>(
			`SELECT current_setting('server_version') AS version, to_regclass('ingestion_migrations') IS NOT NULL AS migrated`,
		);
		const [{ version, migrated }] = rows;
		return {
			status: 'OK',
			message: migrated
				? `Connected to PostgreSQL ${version}; the ingestion store is set up`
				: `Connected to PostgreSQL ${version}; the ingestion store's tables are created on first use`,
		};
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		const reason =
			code === 'ECONNREFUSED'
				? 'Connection refused: is Postgres running on that host and port?'
				: code === 'ENOTFOUND' || code === 'EAI_AGAIN'
					? 'Host not found: check the host name'
					: sanitizeError(error, { secrets });
		return { status: 'Error', message: reason };
	} finally {
		await client.end().catch(() => undefined);
	}
}
