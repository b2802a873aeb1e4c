/** Facts of a Postgres constraint violation, read from a pg or Sequelize error. */
export interface ConstraintViolation {
	/** SQLSTATE: 23505 unique, 23503 foreign key, 23514 check, 23502 not null. */
	code: string;
	constraint?: string;
	table?: string;
	column?: string;
}

interface PgErrorFields {
	code?: string;
	constraint?: string;
	table?: string;
	column?: string;
}

/** Finds the driver error behind a Sequelize error (`parent`/`original`) or returns the error itself. */
function driverError(error: unknown): PgErrorFields | undefined {
	if (!error || typeof error !== 'object') return undefined;
	const candidate = error as PgErrorFields & { parent?: unknown; original?: unknown };
	if (typeof candidate.code === 'string' && /^\w{5}$/.test(candidate.code)) return candidate;
	return driverError(candidate.parent ?? candidate.original);
}

/** The constraint violation behind `error`, or undefined when it is something else. */
export function constraintViolation(error: unknown): ConstraintViolation | undefined {
	const pg = driverError(error);
	if (!pg?.code || !pg.code.startsWith('23')) return undefined;
	return { code: pg.code, constraint: pg.constraint, table: pg.table, column: pg.column };
}
