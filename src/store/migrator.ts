import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { Umzug, type UmzugStorage } from 'umzug';

import { migrationsDir } from '../package-paths';
import type { MigrationContext, StoreMigration } from './migration-types';

/** Bookkeeping table of applied migrations. */
export const MIGRATIONS_TABLE = 'ingestion_migrations';
/** Advisory lock key ("n8ning" in ASCII) held while migrating, so concurrent starts apply each migration once. */
export const MIGRATION_LOCK_KEY = '121398451138151';

export interface MigrationStatus {
	executed: string[];
	pending: string[];
}

export interface MigrationReport {
	/** Migrations applied by this call, in order. */
	applied: string[];
	/** Migrations that were already applied before this call. */
	alreadyApplied: string[];
}

/** Records applied migrations; the row is written inside the migration's own transaction (see `resolveMigration`). */
class MigrationTableStorage implements UmzugStorage {
	constructor(private readonly sequelize: Sequelize) {}

	async executed(): Promise<string[]> {
		const [{ present }] = await this.sequelize.query<{ present: boolean }>(
			`SELECT to_regclass('${MIGRATIONS_TABLE}') IS NOT NULL AS present`,
			{ type: QueryTypes.SELECT },
		);
		if (!present) return [];
		const rows = await this.sequelize.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY name`, {
			type: QueryTypes.SELECT,
		});
		return rows.map((row) => row.name);
	}

	async logMigration({ name }: { name: string }): Promise<void> {
		await this.sequelize.query(`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, {
			bind: [name],
		});
	}

	async unlogMigration({ name }: { name: string }): Promise<void> {
		await this.sequelize.query(`DELETE FROM ${MIGRATIONS_TABLE} WHERE name = $1`, { bind: [name] });
	}
}

async function ensureMigrationsTable(sequelize: Sequelize): Promise<void> {
	await sequelize.query(
		`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
       name text PRIMARY KEY,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
	);
}

function buildUmzug(sequelize: Sequelize, directory: string): Umzug<Record<string, never>> {
	return new Umzug<Record<string, never>>({
		migrations: {
			glob: ['*.js', { cwd: directory }],
			resolve: ({ name, path: file }) => {
				// eslint-disable-next-line @typescript-eslint/no-require-imports
				const migration = require(path.resolve(directory, file ?? name)) as StoreMigration;
				const inTransaction = (direction: 'up' | 'down') => async () => {
					const step = migration[direction];
					if (!step) throw new Error(`Migration ${name} has no "${direction}" step`);
					await sequelize.transaction(async (transaction) => {
						const context: MigrationContext = {
							sequelize,
							transaction,
							query: (sql, bind) => sequelize.query(sql, { bind, transaction }),
						};
						await step({ name, context });
						if (direction === 'up') {
							await sequelize.query(
								`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`,
								{ bind: [name], transaction },
							);
						} else {
							await sequelize.query(`DELETE FROM ${MIGRATIONS_TABLE} WHERE name = $1`, { bind: [name], transaction });
						}
					});
				};
				return { name, path: file, up: inTransaction('up'), down: inTransaction('down') };
			},
		},
		storage: new MigrationTableStorage(sequelize),
		context: {},
		logger: undefined,
	});
}

/** Runs `work` while holding the store's migration lock (a transaction-scoped advisory lock on its own connection). */
async function withMigrationLock<T>(sequelize: Sequelize, work: () => Promise<T>): Promise<T> {
	return sequelize.transaction(async (lockTransaction) => {
		await sequelize.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`, { transaction: lockTransaction });
		return work();
	});
}

/** Applies every pending migration; safe to call from several processes at once. */
export async function migrateStore(sequelize: Sequelize, directory = migrationsDir()): Promise<MigrationReport> {
	return withMigrationLock(sequelize, async () => {
		await ensureMigrationsTable(sequelize);
		const umzug = buildUmzug(sequelize, directory);
		const alreadyApplied = (await umzug.executed()).map((m) => m.name);
		const applied = (await umzug.up()).map((m) => m.name);
		return { applied, alreadyApplied };
	});
}

/** Reverts the most recent migrations (all of them with `to: 0`). Used by tests and by operators rolling back. */
export async function revertMigrations(
	sequelize: Sequelize,
	options: { to?: 0 | string } = {},
	directory = migrationsDir(),
): Promise<string[]> {
	return withMigrationLock(sequelize, async () => {
		await ensureMigrationsTable(sequelize);
		const umzug = buildUmzug(sequelize, directory);
		const reverted = options.to === undefined ? await umzug.down() : await umzug.down({ to: options.to });
		return reverted.map((m) => m.name);
	});
}

/** Lists applied and pending migrations without changing anything. */
export async function migrationStatus(sequelize: Sequelize, directory = migrationsDir()): Promise<MigrationStatus> {
	const umzug = buildUmzug(sequelize, directory);
	const [executed, pending] = await Promise.all([umzug.executed(), umzug.pending()]);
	return { executed: executed.map((m) => m.name), pending: pending.map((m) => m.name) };
}
