import type { Transaction } from 'sequelize';

import type { IngestionUnitConfigRecord } from '../ingestion/config-record';
import type { Store } from '../store';
import { CONFIGURES_EDGE, INGESTION_UNIT_ENTITY_TYPE, KB_SCOPE, datasetLogicalKey, ingestionUnitLogicalId } from './logical-keys';

/** What the KB node of a configured unit says about it. */
export function ingestionUnitPayload(config: IngestionUnitConfigRecord): Record<string, unknown> {
	return {
		mode: config.mode,
		scheduleKind: config.scheduleKind,
		scheduleIntervalMinutes: config.scheduleIntervalMinutes,
		sinkId: config.sinkId,
		dataMode: config.dataMode,
		enabled: config.enabled,
		cdmModelId: config.cdmModelId,
	};
}

/**
 * Upserts the `ingestion.unit` node of each config and its CONFIGURES edge to the config's dataset, in two
 * statements whatever the number of configs. Call it inside the transaction that writes the configs.
 */
export async function upsertIngestionUnitNodes(
	store: Store,
	configs: IngestionUnitConfigRecord[],
	transaction: Transaction,
): Promise<void> {
	if (configs.length === 0) return;
	const nodes = configs.map((config) => ({
		logical_id: ingestionUnitLogicalId(config.endpointId, config.unitId),
		endpoint_id: config.endpointId,
		payload: ingestionUnitPayload(config),
		to_key: datasetLogicalKey(config.endpointId, config.datasetId),
	}));
	await store.sequelize.query(
		`WITH input AS (
       SELECT * FROM jsonb_to_recordset($3::jsonb) AS x(logical_id text, endpoint_id text, payload jsonb, to_key text)
     ), upserted AS (
       INSERT INTO kb_nodes (entity_type, logical_id, scope, endpoint_id, payload)
       SELECT $1, logical_id, $2, endpoint_id, payload FROM input
       ON CONFLICT ON CONSTRAINT kb_nodes_identity_unique
       DO UPDATE SET payload = EXCLUDED.payload, endpoint_id = EXCLUDED.endpoint_id, updated_at = now()
       RETURNING id, logical_id
     )
     INSERT INTO kb_edges (from_node_id, edge_type, to_logical_key)
     SELECT upserted.id, $4, input.to_key FROM upserted JOIN input USING (logical_id)
     ON CONFLICT ON CONSTRAINT kb_edges_identity_unique DO UPDATE SET updated_at = now()`,
		{ bind: [INGESTION_UNIT_ENTITY_TYPE, KB_SCOPE, JSON.stringify(nodes), CONFIGURES_EDGE], transaction },
	);
}

/** Removes the `ingestion.unit` nodes (and, by cascade, their edges) of an endpoint's units, or of all its units. */
export async function removeIngestionUnitNodes(
	store: Store,
	endpointId: string,
	unitIds: string[] | undefined,
	transaction: Transaction,
): Promise<void> {
	const logicalIds = unitIds?.map((unitId) => ingestionUnitLogicalId(endpointId, unitId));
	await store.sequelize.query(
		`DELETE FROM kb_nodes WHERE entity_type = $1 AND endpoint_id = $2 AND ($3::text[] IS NULL OR logical_id = ANY($3::text[]))`,
		{ bind: [INGESTION_UNIT_ENTITY_TYPE, endpointId, logicalIds ?? null], transaction },
	);
}
