import { Client } from 'pg';

/**
 * Tables the built-in flow upserts into (schema `builtin`): the columns of our CDM work item and comment that a user
 * can fill from the Jira node's items with expressions (rich text stays Jira's: wiki markup for issue descriptions
 * from REST v2, ADF JSON for comment bodies from REST v3). Keyed on `cdm_id` like ours, for "Insert or Update".
 */
export const BUILTIN_SCHEMA = 'builtin';
export const BUILTIN_TABLES = ['builtin.work_item', 'builtin.work_comment'] as const;

const DDL = `
DROP SCHEMA IF EXISTS builtin CASCADE;
CREATE SCHEMA builtin;
CREATE TABLE builtin.work_item (
	cdm_id text PRIMARY KEY,
	source_system text NOT NULL,
	source_issue_key text NOT NULL,
	project_cdm_id text,
	reporter_cdm_id text,
	assignee_cdm_id text,
	issue_type text,
	status text,
	status_category text,
	priority text,
	summary text,
	description text,
	labels text[] NOT NULL DEFAULT '{}',
	created_at timestamptz,
	updated_at timestamptz NOT NULL,
	closed_at timestamptz,
	source_endpoint_id text NOT NULL,
	ingested_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE builtin.work_comment (
	cdm_id text PRIMARY KEY,
	source_system text NOT NULL,
	source_comment_id text NOT NULL,
	item_cdm_id text NOT NULL,
	source_issue_key text,
	author_cdm_id text,
	update_author_cdm_id text,
	body text,
	is_public boolean NOT NULL DEFAULT true,
	created_at timestamptz,
	updated_at timestamptz NOT NULL,
	source_endpoint_id text NOT NULL,
	ingested_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_comment_item ON builtin.work_comment (item_cdm_id);
`;

/** (Re)creates the built-in flow's empty tables. */
export async function createBuiltinTables(databaseUrl: string): Promise<void> {
	const client = new Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		await client.query(DDL);
	} finally {
		await client.end();
	}
}

/** Row counts of the given tables. */
export async function countRows(databaseUrl: string, tables: readonly string[]): Promise<Record<string, number>> {
	const client = new Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		const counts: Record<string, number> = {};
		for (const table of tables) counts[table] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
		return counts;
	} finally {
		await client.end();
	}
}
