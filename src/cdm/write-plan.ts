import { createHash } from 'node:crypto';

import { copyLineEncoder } from './copy-text';
import { cdmTableLocation, type CdmTableLocation } from './ddl';
import { quoteIdentifier } from './identifiers';
import type { CdmModelDefinition } from './model-definition';

/** The SQL and encoder the writer uses for one model on one schema/prefix; built once and cached. */
export interface CdmWritePlan {
	model: CdmModelDefinition;
	location: CdmTableLocation;
	/** Session-local stage table (ON COMMIT DELETE ROWS) named after the model's column layout. */
	stageTable: string;
	createStageSql: string;
	truncateStageSql: string;
	/** COPY of the model's columns into the stage table. */
	copyToStageSql: string;
	/** COPY of the model's columns plus source_endpoint_id and ingestion_run_id straight into the table (new rows). */
	copyToTableSql: string;
	/** cdm_ids of a batch (`$1::text[]`) that the table already holds. */
	existingIdsSql: string;
	/** Upsert from the stage table with the version guard; `$1` source endpoint, `$2` run; returns inserted/updated. */
	mergeSql: string;
	/** A row's model columns as one COPY text line, without the newline. */
	encodeLine: (row: Record<string, unknown>) => string;
}

const plans = new Map<string, CdmWritePlan>();

/** True when the incoming row (`excluded`) is not older than the stored one (`t`); rows without updated_at have no version. */
const NOT_OLDER = 'excluded.updated_at IS NULL OR t.updated_at IS NULL OR excluded.updated_at >= t.updated_at';

export function cdmWritePlan(schema: string, tablePrefix: string, model: CdmModelDefinition): CdmWritePlan {
	const location = cdmTableLocation(schema, tablePrefix, model);
	const key = `${model.id}\n${location.physicalLocation}`;
	const cached = plans.get(key);
	if (cached) return cached;

	const columns = model.columnNames.map((name) => ({ name, sqlType: model.columns[name].sqlType }));
	const shape = columns.map((c) => `${c.name}:${c.sqlType}`).join(',');
	const stageTable = `cdm_stage_${model.tableSuffix}_${createHash('sha256').update(shape).digest('hex').slice(0, 10)}`;
	const q = (name: string) => quoteIdentifier(name, 'column');
	const stage = `pg_temp.${q(stageTable)}`;
	const list = columns.map((c) => q(c.name)).join(', ');
	const content = columns.filter((c) => c.name !== 'cdm_id');
	const mergeSql = `WITH upserted AS (
  INSERT INTO ${location.sql} AS t (${list}, source_endpoint_id, ingestion_run_id, ingested_at, deleted_at)
  SELECT ${list}, $1::text, $2::text, now(), NULL FROM ${stage}
  ON CONFLICT (cdm_id) DO UPDATE SET
    ${content.map((c) => `${q(c.name)} = CASE WHEN ${NOT_OLDER} THEN excluded.${q(c.name)} ELSE t.${q(c.name)} END`).join(',\n    ')},
    source_endpoint_id = excluded.source_endpoint_id,
    ingestion_run_id = excluded.ingestion_run_id,
    ingested_at = excluded.ingested_at,
    deleted_at = NULL
  WHERE ((${NOT_OLDER}) AND (${content.map((c) => `t.${q(c.name)}`).join(', ')}) IS DISTINCT FROM (${content.map((c) => `excluded.${q(c.name)}`).join(', ')}))
     OR t.ingestion_run_id IS DISTINCT FROM excluded.ingestion_run_id
     OR t.deleted_at IS NOT NULL
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM upserted`;
	const plan: CdmWritePlan = {
		model,
		location,
		stageTable,
		createStageSql: `CREATE TEMP TABLE IF NOT EXISTS ${q(stageTable)} (${columns.map((c) => `${q(c.name)} ${c.sqlType}`).join(', ')}) ON COMMIT DELETE ROWS`,
		truncateStageSql: `TRUNCATE ${stage}`,
		copyToStageSql: `COPY ${stage} (${list}) FROM STDIN`,
		copyToTableSql: `COPY ${location.sql} (${list}, source_endpoint_id, ingestion_run_id) FROM STDIN`,
		existingIdsSql: `SELECT cdm_id FROM ${location.sql} WHERE cdm_id = ANY($1::text[])`,
		mergeSql,
		encodeLine: copyLineEncoder(columns),
	};
	plans.set(key, plan);
	return plan;
}
