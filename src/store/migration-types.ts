import type { Sequelize, Transaction } from 'sequelize';

/** What every migration in migrations/ receives: it runs inside one transaction with its own bookkeeping row. */
export interface MigrationContext {
	sequelize: Sequelize;
	transaction: Transaction;
	/** Runs SQL inside the migration's transaction; `$1`-style bind parameters. */
	query(sql: string, bind?: unknown[]): Promise<unknown>;
}

export interface StoreMigration {
	up(params: { name: string; context: MigrationContext }): Promise<void>;
	down?(params: { name: string; context: MigrationContext }): Promise<void>;
}
