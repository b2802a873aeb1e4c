import { Sequelize } from 'sequelize';

import { resolveDatabase, type DatabaseTarget, type ResolveDatabaseOptions } from './connection';
import { redactDatabaseUrl } from './database-url';
import { migrateStore, migrationStatus, type MigrationReport, type MigrationStatus } from './migrator';
import { defineStoreModels, type StoreModels } from './models';

export interface OpenStoreOptions extends ResolveDatabaseOptions {
	/** Apply pending migrations before returning (default false). */
	migrate?: boolean;
	/** Largest number of pooled connections (default 10). */
	poolMax?: number;
	/** Shown in pg_stat_activity. */
	applicationName?: string;
}

/** The metadata store: a Sequelize connection to Postgres with the store's models bound to it. */
export class Store {
	private closed = false;

	private constructor(
		readonly sequelize: Sequelize,
		readonly models: StoreModels,
		private readonly target: DatabaseTarget,
	) {}

	/** Connects to the given URL, DATABASE_URL, or the embedded Postgres, in that order. */
	static async open(options: OpenStoreOptions = {}): Promise<Store> {
		const target = await resolveDatabase(options);
		const sequelize = new Sequelize(target.url, {
			dialect: 'postgres',
			logging: false,
			pool: { max: options.poolMax ?? 10, min: 0, idle: 10_000, acquire: 60_000 },
			dialectOptions: { application_name: options.applicationName ?? 'n8n-nodes-ingestion' },
		});
		const store = new Store(sequelize, defineStoreModels(sequelize), target);
		try {
			await sequelize.authenticate();
			if (options.migrate) await store.migrate();
		} catch (error) {
			await store.close();
			throw error;
		}
		return store;
	}

	/** The connection URL with its password hidden, safe to print. */
	get displayUrl(): string {
		return redactDatabaseUrl(this.target.url);
	}

	/** The connection URL including credentials, for connection managers that need it (never print it). */
	get connectionUrl(): string {
		return this.target.url;
	}

	get source(): DatabaseTarget['source'] {
		return this.target.source;
	}

	migrate(): Promise<MigrationReport> {
		return migrateStore(this.sequelize);
	}

	migrationStatus(): Promise<MigrationStatus> {
		return migrationStatus(this.sequelize);
	}

	/** Closes the pool and stops the embedded Postgres if this store started it. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		try {
			await this.sequelize.close();
		} finally {
			await this.target.embedded?.stop();
		}
	}
}
