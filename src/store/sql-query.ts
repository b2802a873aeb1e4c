import type { ClientBase } from 'pg';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/** Runs SQL with `$n` bind parameters and returns its rows (also for `UPDATE ... RETURNING`). */
export function selectRows<T extends object>(
	sequelize: Sequelize,
	sql: string,
	bind: unknown[] = [],
	transaction?: Transaction,
): Promise<T[]> {
	return sequelize.query<T>(sql, { bind, transaction, type: QueryTypes.SELECT });
}

/** The pg connection a Sequelize transaction runs on (for COPY and other driver-level work in that transaction). */
export function pgClientOf(transaction: Transaction): ClientBase {
	const connection = (transaction as unknown as { connection?: ClientBase }).connection;
	if (!connection || typeof connection.query !== 'function') {
		throw new Error('The transaction has no pg connection yet');
	}
	return connection;
}
