import { QueryTypes } from 'sequelize';

import type { EndpointUnitDescriptor, SupportsIngestionUnits } from '../ingestion/unit-descriptor';
import type { Store } from '../store';
import type { JiraAuth } from './auth';
import { jiraCatalogDatasets } from './catalog-datasets';
import { jiraClientFor, loadJiraEndpoint, type JiraClientTuning } from './endpoint-client';
import { readDictionaries } from './readers/dictionaries';
import type { JiraRequestStats } from './request-stats';
import { listJiraUnits } from './units';

export interface CollectedDataset {
	datasetId: string;
	kind: string;
	fields: number;
	/** True when the row was new, false when an existing row was updated. */
	created: boolean;
}

export interface CollectReport {
	endpointId: string;
	collectedAt: Date;
	datasets: CollectedDataset[];
	requests: JiraRequestStats;
}

export interface JiraMetadataSubsystemOptions {
	/** The Jira secret; without it, JIRA_EMAIL + JIRA_API_TOKEN (Cloud) or JIRA_PAT (Data Center) from `env`. */
	auth?: JiraAuth;
	env?: NodeJS.ProcessEnv;
	client?: JiraClientTuning;
}

/**
 * Collects a Jira endpoint's metadata into the catalog and lists its ingestion units.
 * `collect` reads the dictionaries (issue types, statuses, priorities, fields) first and then upserts every
 * dataset in ONE transaction, so a failed read writes nothing and a re-run updates rows instead of adding any.
 */
export class JiraMetadataSubsystem implements SupportsIngestionUnits {
	constructor(
		private readonly store: Store,
		private readonly options: JiraMetadataSubsystemOptions = {},
	) {}

	async collect(endpointId: string): Promise<CollectReport> {
		const endpoint = await loadJiraEndpoint(this.store, endpointId);
		const client = jiraClientFor(endpoint, { auth: this.options.auth, env: this.options.env }, this.options.client);
		const rows = jiraCatalogDatasets(endpoint.parameters.deployment, await readDictionaries(client));
		const collectedAt = new Date();
		const datasets = await this.store.sequelize.transaction(async (transaction) => {
			const written: CollectedDataset[] = [];
			for (const row of rows) {
				const [result] = await this.store.sequelize.query<{ created: boolean }>(
					`INSERT INTO catalog_datasets (endpoint_id, dataset_id, name, kind, domain, physical_location, schema, labels, collected_at)
					 VALUES ($1, $2, $3, $4, 'jira', $5, $6::jsonb, $7::jsonb, $8)
					 ON CONFLICT ON CONSTRAINT catalog_datasets_endpoint_dataset_unique DO UPDATE SET
					   name = EXCLUDED.name, kind = EXCLUDED.kind, domain = EXCLUDED.domain,
					   physical_location = EXCLUDED.physical_location, schema = EXCLUDED.schema,
					   labels = EXCLUDED.labels, collected_at = EXCLUDED.collected_at, updated_at = now()
					 RETURNING (xmax = 0) AS created`,
					{
						bind: [endpointId, row.datasetId, row.name, row.kind, row.physicalLocation, JSON.stringify(row.schema), JSON.stringify(row.labels), collectedAt],
						type: QueryTypes.SELECT,
						transaction,
					},
				);
				written.push({ datasetId: row.datasetId, kind: row.kind, fields: row.schema.fields.length, created: result.created });
			}
			return written;
		});
		return { endpointId, collectedAt, datasets, requests: client.stats() };
	}

	listUnits(endpointId: string): Promise<EndpointUnitDescriptor[]> {
		return listJiraUnits(this.store, endpointId);
	}
}
