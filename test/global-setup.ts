import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/store';

declare global {
	var __N8N_INGESTION_EMBEDDED__: EmbeddedPostgres | undefined;
}

/** Folder of the embedded Postgres used by tests when DATABASE_URL is unset (kept between runs for speed). */
export function testEmbeddedRoot(): string {
	return process.env.N8N_INGESTION_TEST_PG_DIR ?? path.join(os.tmpdir(), `n8n-ingestion-test-pg-${process.getuid?.() ?? 'user'}`);
}

export default async function globalSetup(): Promise<void> {
	process.env.N8N_INGESTION_TEST_RUN ??= `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
	if (!process.env.DATABASE_URL) {
		const embedded = await startEmbeddedPostgres({ dataRoot: testEmbeddedRoot() });
		globalThis.__N8N_INGESTION_EMBEDDED__ = embedded;
		process.env.DATABASE_URL = embedded.url;
		process.env.N8N_INGESTION_TEST_EMBEDDED = '1';
		process.stderr.write(`\n[tests] DATABASE_URL unset: using the embedded Postgres on port ${embedded.port}\n`);
	}
}
