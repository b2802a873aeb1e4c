import { z } from 'zod';

import type { CdmWorkModelId } from './model-ids';

/** Postgres column types a CDM model may use. */
export type CdmSqlType = 'text' | 'text[]' | 'timestamptz' | 'jsonb' | 'integer' | 'boolean';

/**
 * One column of a CDM model: its Postgres type, its zod schema and what it means. The column list of a model is the
 * single source of truth for its DDL, its COPY layout and its row validation.
 */
export interface CdmColumn<S extends z.ZodTypeAny = z.ZodTypeAny> {
	sqlType: CdmSqlType;
	nullable: boolean;
	schema: S;
	/**
	 * A cheap predicate that only accepts values `schema` certainly accepts (it may reject some that `schema` would
	 * accept, e.g. timestamps not in toISOString() form). Lets the writer skip zod for the common case; zod still
	 * decides every other value and words every error.
	 */
	accepts: (value: unknown) => boolean;
	description: string;
	/** Gets its own b-tree index (the foreign-key-ish `*_cdm_id` columns and `updated_at`). */
	indexed: boolean;
}

/** ISO-8601 timestamp with an offset or `Z`, e.g. `2024-03-04T10:15:30.123Z`. */
const isoTimestamp = z.string().datetime({ offset: true, message: 'must be an ISO-8601 timestamp with a time zone' });

function column<S extends z.ZodTypeAny>(
	sqlType: CdmSqlType,
	schema: S,
	accepts: (value: unknown) => boolean,
	description: string,
	options: { nullable?: boolean; indexed?: boolean } = {},
): CdmColumn<S> {
	const nullable = options.nullable ?? true;
	return {
		sqlType,
		schema,
		accepts: nullable ? (value) => value === null || accepts(value) : accepts,
		description,
		nullable,
		indexed: options.indexed ?? false,
	};
}

const MAX_INT4 = 2_147_483_647;
const isString = (value: unknown): value is string => typeof value === 'string';
const isNonEmptyString = (value: unknown) => typeof value === 'string' && value.length > 0;
/** Exactly what Date#toISOString() prints for years 0000-9999: a real instant, which zod's datetime accepts. */
function isCanonicalTimestamp(value: unknown): boolean {
	if (typeof value !== 'string' || value.length !== 24 || !value.endsWith('Z')) return false;
	const ms = Date.parse(value);
	return Number.isFinite(ms) && new Date(ms).toISOString() === value;
}
function isStringArray(value: unknown): boolean {
	if (!Array.isArray(value)) return false;
	for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false; // holes fail too, as in zod
	return true;
}
function isPlainObject(value: unknown): boolean {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const proto = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

/** Column builders used by the model files. */
export const col = {
	/** The model's primary key. */
	cdmId: (description = 'Deterministic id of the row: source system, source endpoint and source id') =>
		column('text', z.string().min(1, 'must not be empty'), isNonEmptyString, description, { nullable: false }),
	/** cdm_id of a row of another model (indexed so joins are cheap). */
	ref: (description: string) =>
		column('text', z.string().min(1, 'must not be empty').nullable(), isNonEmptyString, description, { indexed: true }),
	requiredText: (description: string) =>
		column('text', z.string().min(1, 'must not be empty'), isNonEmptyString, description, { nullable: false }),
	text: (description: string) => column('text', z.string().nullable(), isString, description),
	enumText: <T extends [string, ...string[]]>(values: T, description: string) =>
		column('text', z.enum(values).nullable(), (value) => (values as string[]).includes(value as string), description),
	timestamp: (description: string, options: { indexed?: boolean } = {}) =>
		column('timestamptz', isoTimestamp.nullable(), isCanonicalTimestamp, description, options),
	labels: (description: string) => column('text[]', z.array(z.string()), isStringArray, description, { nullable: false }),
	seconds: (description: string) =>
		column(
			'integer',
			z.number().int().min(0).max(MAX_INT4).nullable(),
			(value) => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_INT4,
			description,
		),
	boolean: (description: string) => column('boolean', z.boolean().nullable(), (value) => typeof value === 'boolean', description),
	properties: (description = 'Source-specific attributes that have no column, including the original rich text') =>
		column('jsonb', z.record(z.string(), z.unknown()), isPlainObject, description, { nullable: false }),
};

/** Every CDM model has these: the key, where the row came from, its version and the catch-all properties. */
interface RequiredColumns {
	cdm_id: CdmColumn;
	source_system: CdmColumn;
	updated_at: CdmColumn;
	properties: CdmColumn;
}

/** What the DDL, writer and provisioning need of any model. */
export interface CdmModelDefinition {
	id: CdmWorkModelId;
	/** Table name without the sink's prefix (`work_item` → `cdm_work_item` with the default prefix). */
	tableSuffix: string;
	name: string;
	description: string;
	columns: Readonly<Record<string, CdmColumn>>;
	/** Column names in table order. */
	columnNames: readonly string[];
	/** Validates one row; unknown keys are rejected. */
	schema: z.ZodTypeAny;
	/** True only for rows `schema` certainly accepts (see CdmColumn.accepts); false means "ask zod". */
	accepts: (row: unknown) => boolean;
}

/** A model with its exact column set, so its row type can be inferred. */
export interface TypedCdmModelDefinition<C extends Record<string, CdmColumn>> extends CdmModelDefinition {
	columns: C;
	columnNames: Array<keyof C & string>;
	schema: z.ZodObject<{ [K in keyof C]: C[K]['schema'] }, 'strict'>;
}

/** A row of a model, as its zod schema infers it. */
export type CdmRowOf<D extends { schema: z.ZodTypeAny }> = z.infer<D['schema']>;

export function defineCdmModel<C extends RequiredColumns & Record<string, CdmColumn>>(definition: {
	id: CdmWorkModelId;
	tableSuffix: string;
	name: string;
	description: string;
	columns: C;
}): TypedCdmModelDefinition<C> {
	const shape = Object.fromEntries(Object.entries(definition.columns).map(([name, c]) => [name, c.schema])) as {
		[K in keyof C]: C[K]['schema'];
	};
	const names = Object.keys(definition.columns);
	const checks = names.map((name) => definition.columns[name].accepts);
	const accepts = (row: unknown): boolean => {
		if (!isPlainObject(row)) return false;
		const record = row as Record<string, unknown>;
		let keys = 0;
		for (const key in record) {
			if (!Object.prototype.hasOwnProperty.call(definition.columns, key)) return false;
			keys++;
		}
		if (keys !== names.length) return false;
		for (let i = 0; i < names.length; i++) if (!checks[i](record[names[i]])) return false;
		return true;
	};
	return {
		...definition,
		columnNames: names as Array<keyof C & string>,
		schema: z.object(shape).strict(),
		accepts,
	};
}
