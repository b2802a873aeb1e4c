import { dropDatabasesWithPrefix, testDatabasePrefix } from './helpers/test-database';

export default async function globalTeardown(): Promise<void> {
	await dropDatabasesWithPrefix(testDatabasePrefix());
	const embedded = globalThis.__N8N_INGESTION_EMBEDDED__;
	if (embedded) {
		await embedded.stop();
		if (process.env.N8N_INGESTION_TEST_EMBEDDED) delete process.env.DATABASE_URL;
	}
}
