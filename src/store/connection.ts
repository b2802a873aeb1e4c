import { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded/embedded-postgres';

export const DATABASE_URL_ENV = 'DATABASE_URL';

export interface DatabaseTarget {
	url: string;
	/** Where the URL came from. */
	source: 'option' | 'env' | 'embedded';
	/** Set when the embedded Postgres is used; stop it when done. */
	embedded?: EmbeddedPostgres;
}

export interface ResolveDatabaseOptions {
	/** Explicit URL; wins over DATABASE_URL. */
	databaseUrl?: string;
	/** Options for the embedded fallback used when no URL is given. */
	embedded?: EmbeddedPostgresOptions;
	env?: NodeJS.ProcessEnv;
}

/** The store's database: the given URL, else DATABASE_URL, else the embedded Postgres (started or joined). */
export async function resolveDatabase(options: ResolveDatabaseOptions = {}): Promise<DatabaseTarget> {
	const env = options.env ?? process.env;
	if (options.databaseUrl) return { url: options.databaseUrl, source: 'option' };
	const fromEnv = env[DATABASE_URL_ENV];
	if (fromEnv && fromEnv.trim() !== '') return { url: fromEnv.trim(), source: 'env' };
	const embedded = await startEmbeddedPostgres(options.embedded);
	return { url: embedded.url, source: 'embedded', embedded };
}
