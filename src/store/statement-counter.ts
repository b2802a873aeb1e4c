import type { Sequelize } from 'sequelize';

export interface StatementCounter {
	/** Statements sent through this Sequelize instance since the counter started (or was reset). */
	readonly count: number;
	reset(): void;
	/** Restores the previous logging option. */
	stop(): void;
}

/**
 * Counts every SQL statement Sequelize sends (transaction BEGIN/COMMIT included), through its `logging` hook.
 * For tests and benchmarks that prove a request's statement count does not grow with its answer.
 */
export function countStatements(sequelize: Sequelize): StatementCounter {
	const options = (sequelize as unknown as { options: { logging?: unknown } }).options;
	const previous = options.logging;
	let count = 0;
	options.logging = () => {
		count++;
	};
	return {
		get count() {
			return count;
		},
		reset() {
			count = 0;
		},
		stop() {
			options.logging = previous;
		},
	};
}
