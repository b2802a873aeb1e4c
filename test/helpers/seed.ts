import type { Store } from '../../src/store';

/** Field names the Jira collector records in the catalog for each ingestable dataset (enough for the unit rules). */
export const JIRA_DATASET_FIELDS: Record<string, string[]> = {
	'jira.projects': ['id', 'key', 'name', 'projectTypeKey'],
	'jira.users': ['accountId', 'displayName', 'active'],
	'jira.issues': ['id', 'key', 'updated', 'created', 'summary', 'status'],
	'jira.comments': ['id', 'issueId', 'updated', 'created', 'body'],
	'jira.worklogs': ['id', 'issueId', 'updated', 'started', 'timeSpentSeconds'],
};

export interface SeededJiraEndpoint {
	id: string;
	/** catalog_datasets.id by dataset key. */
	datasetUuids: Record<string, string>;
}

/**
 * A Jira source with catalog ENTITY rows for its datasets, as the collector will write them
 * (the collector is built in parallel, so tests seed the catalog directly).
 */
export async function seedJiraEndpoint(
	store: Store,
	id: string,
	options: { enabled?: boolean; datasets?: string[]; parameters?: Record<string, unknown> } = {},
): Promise<SeededJiraEndpoint> {
	await store.models.MetadataEndpoint.create({
		id,
		templateId: 'jira.cloud',
		family: 'SOURCE',
		name: `Jira ${id}`,
		enabled: options.enabled ?? true,
		parameters: options.parameters ?? { baseUrl: 'https://example.atlassian.net' },
	});
	const datasetUuids: Record<string, string> = {};
	for (const datasetId of options.datasets ?? Object.keys(JIRA_DATASET_FIELDS)) {
		const dataset = await store.models.CatalogDataset.create({
			endpointId: id,
			datasetId,
			name: datasetId.replace('jira.', 'Jira '),
			kind: 'ENTITY',
			domain: 'jira',
			schema: { fields: (JIRA_DATASET_FIELDS[datasetId] ?? ['id']).map((name) => ({ name, type: 'string' })) },
			labels: { source: 'jira' },
			collectedAt: new Date(),
		});
		datasetUuids[datasetId] = dataset.id;
	}
	return { id, datasetUuids };
}

/**
 * Marks a CDM model as provisioned on a sink by the catalog-row convention of src/cdm/provisioned-models.ts
 * (the provisioning operation itself is built in parallel in src/cdm/provision.ts).
 */
export async function seedProvisionedCdmModel(store: Store, sinkId: string, cdmModelId: string): Promise<string> {
	const table = `cdm_${cdmModelId.split('.').slice(1).join('_')}`;
	const dataset = await store.models.CatalogDataset.create({
		endpointId: sinkId,
		datasetId: cdmModelId,
		name: table,
		kind: 'CDM_TABLE',
		domain: 'cdm.work',
		physicalLocation: `cdm_work.${table}`,
		labels: { cdm_model_id: cdmModelId, sink_endpoint_id: sinkId },
	});
	return dataset.id;
}

/** Row counts of everything a config upsert or a run request may write, to prove a rejected call wrote nothing. */
export async function controlPlaneCounts(store: Store): Promise<Record<string, number | string>> {
	const [row] = (await store.sequelize.query(
		`SELECT (SELECT count(*) FROM ingestion_unit_configs)::int AS configs,
            (SELECT count(*) FROM ingestion_runs)::int AS runs,
            (SELECT count(*) FROM kb_nodes)::int AS kb_nodes,
            (SELECT count(*) FROM kb_edges)::int AS kb_edges,
            (SELECT count(*) FROM metadata_collection_requests)::int AS collections,
            (SELECT coalesce(max(updated_at), 'epoch')::text FROM ingestion_unit_configs) AS last_config_change`,
	)) as [Array<Record<string, number | string>>, unknown];
	return row[0];
}

/**
 * `count` synthetic ENTITY datasets (`synthetic.unit_00001`...) on a new source endpoint, each with a config inserted
 * directly (the Jira unit list only knows five units), every other one with a finished run. For statement-count
 * tests and the bridge benchmark.
 */
export async function seedSyntheticUnits(store: Store, endpointId: string, count: number): Promise<void> {
	await store.models.MetadataEndpoint.create({ id: endpointId, templateId: 'jira.cloud', family: 'SOURCE', name: endpointId });
	await store.sequelize.query(
		`INSERT INTO catalog_datasets (endpoint_id, dataset_id, name, kind, domain, schema, labels)
     SELECT $1, 'synthetic.unit_' || lpad(i::text, 5, '0'), 'Synthetic unit ' || i, 'ENTITY', 'synthetic',
            '{"fields":[{"name":"id","type":"string"},{"name":"updated","type":"datetime"}]}', '{}'
     FROM generate_series(1, $2::int) AS i`,
		{ bind: [endpointId, count] },
	);
	await store.sequelize.query(
		`INSERT INTO ingestion_unit_configs (endpoint_id, dataset_id, unit_id, enabled, mode, sink_id, schedule_kind,
       schedule_interval_minutes, policy)
     SELECT d.endpoint_id, d.id, d.dataset_id, true, 'INCREMENTAL', 'warehouse',
            CASE WHEN n % 3 = 0 THEN 'MANUAL' ELSE 'INTERVAL' END, CASE WHEN n % 3 = 0 THEN NULL ELSE 60 END,
            '{"primaryKeys":["id"],"cursorField":"updated","lookbackMinutes":5}'
     FROM (SELECT d.*, row_number() OVER (ORDER BY d.dataset_id) AS n FROM catalog_datasets d WHERE d.endpoint_id = $1) d`,
		{ bind: [endpointId] },
	);
	await store.sequelize.query(
		`INSERT INTO ingestion_runs (endpoint_id, unit_id, config_id, trigger, status, mode, sink_id, policy, queued_at,
       started_at, finished_at, stats)
     SELECT c.endpoint_id, c.unit_id, c.id, 'SCHEDULE', 'SUCCEEDED', c.mode, c.sink_id, c.policy,
            now() - interval '10 minutes', now() - interval '9 minutes', now() - interval '8 minutes',
            '{"recordsRead": 100, "rowsWritten": 100}'
     FROM (SELECT c.*, row_number() OVER (ORDER BY c.unit_id) AS n FROM ingestion_unit_configs c WHERE c.endpoint_id = $1) c
     WHERE n % 2 = 0`,
		{ bind: [endpointId] },
	);
}
