/** KB identities of the ingestion control plane. */
export const INGESTION_UNIT_ENTITY_TYPE = 'ingestion.unit';
export const CONFIGURES_EDGE = 'CONFIGURES';
/** Scope of the KB nodes this package writes (kb_nodes.scope). */
export const KB_SCOPE = 'global';

/** `ingestion::<endpointId>::<unitId>`: the logical id of a configured unit. */
export function ingestionUnitLogicalId(endpointId: string, unitId: string): string {
	return `ingestion::${endpointId}::${unitId}`;
}

/** `<endpointId>::<datasetId>`: the logical key of a catalog dataset (`jira-prod::jira.issues`). */
export function datasetLogicalKey(endpointId: string, datasetId: string): string {
	return `${endpointId}::${datasetId}`;
}
