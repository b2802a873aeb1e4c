/**
 * Deterministic CDM ids: `<source system>:<source endpoint id>:<kind>:<source id>`, e.g.
 * `jira:acme-cloud:issue:10042` or `jira:acme-cloud:user:557058:f58131cb-b67d-43c7-b30d-6b58d40bd077`.
 *
 * Readable rather than hashed (a UUIDv5 would hide where a row came from), stable across runs, and computable from
 * the source record alone, so references (`project_cdm_id`, `author_cdm_id`, ...) join without lookups. Endpoint ids
 * cannot contain `:` (metadata_endpoints_id_format), so the first three segments are unambiguous; the source id is the
 * rest (Jira account ids may contain `:`). Uses the source's immutable id, never a key that changes on move (PROJ-1).
 */
export type CdmIdKind = 'project' | 'user' | 'issue' | 'comment' | 'worklog';

export function cdmId(sourceSystem: string, endpointId: string, kind: CdmIdKind, sourceId: unknown): string | null {
	if (typeof sourceId === 'number' && Number.isFinite(sourceId)) return `${sourceSystem}:${endpointId}:${kind}:${sourceId}`;
	if (typeof sourceId !== 'string' || sourceId.trim() === '') return null;
	return `${sourceSystem}:${endpointId}:${kind}:${sourceId.trim()}`;
}

export const JIRA_SOURCE_SYSTEM = 'jira';

/** The cdm_id of a Jira record (e.g. a deleted worklog id from `/worklog/deleted`), or null when the id is missing. */
export function jiraCdmId(endpointId: string, kind: CdmIdKind, jiraId: unknown): string | null {
	return cdmId(JIRA_SOURCE_SYSTEM, endpointId, kind, jiraId);
}
