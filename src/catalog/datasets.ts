import { QueryTypes } from 'sequelize';

import { isUuid } from '../ingestion/uuid';
import type { Store } from '../store';
import type { DatasetKind } from '../store/models/enums';

/** One catalog dataset as the bridge and the console see it. */
export interface DatasetRecord {
	/** catalog_datasets.id */
	id: string;
	endpointId: string;
	/** Dataset key (`jira.issues`, `cdm.work.item`). */
	datasetId: string;
	name: string;
	kind: DatasetKind;
	domain: string | null;
	physicalLocation: string | null;
	labels: Record<string, unknown>;
	schema: Record<string, unknown>;
	collectedAt: Date | null;
}

/** One field of a dataset's catalog schema (`schema.fields[]`). */
export interface DatasetFieldRecord {
	name: string;
	type: string | null;
	/** The field's whole catalog entry. */
	attributes: Record<string, unknown>;
}

interface DatasetRow {
	id: string;
	endpoint_id: string;
	dataset_id: string;
	name: string;
	kind: DatasetKind;
	domain: string | null;
	physical_location: string | null;
	labels: Record<string, unknown>;
	schema: Record<string, unknown>;
	collected_at: Date | null;
}

const COLUMNS = 'id, endpoint_id, dataset_id, name, kind, domain, physical_location, labels, schema, collected_at';

function toRecord(row: DatasetRow): DatasetRecord {
	return {
		id: row.id,
		endpointId: row.endpoint_id,
		datasetId: row.dataset_id,
		name: row.name,
		kind: row.kind,
		domain: row.domain,
		physicalLocation: row.physical_location,
		labels: row.labels,
		schema: row.schema,
		collectedAt: row.collected_at,
	};
}

/** The fields recorded in a dataset's catalog schema; entries without a string `name` are left out. */
export function datasetFields(dataset: DatasetRecord): DatasetFieldRecord[] {
	const fields = (dataset.schema as { fields?: unknown }).fields;
	if (!Array.isArray(fields)) return [];
	return fields.flatMap((field): DatasetFieldRecord[] => {
		if (!field || typeof field !== 'object') return [];
		const { name, type } = field as { name?: unknown; type?: unknown };
		if (typeof name !== 'string') return [];
		return [{ name, type: typeof type === 'string' ? type : null, attributes: field as Record<string, unknown> }];
	});
}

/** Datasets of an endpoint, ordered by dataset key. */
export async function listDatasets(store: Store, endpointId: string): Promise<DatasetRecord[]> {
	const rows = await store.sequelize.query<DatasetRow>(
		`SELECT ${COLUMNS} FROM catalog_datasets WHERE endpoint_id = $1 ORDER BY dataset_id`,
		{ bind: [endpointId], type: QueryTypes.SELECT },
	);
	return rows.map(toRecord);
}

/** Datasets by catalog id, in one statement for any number (ids that are not UUIDs match nothing). */
export async function datasetsByIds(store: Store, ids: readonly string[]): Promise<DatasetRecord[]> {
	const valid = ids.filter(isUuid);
	if (valid.length === 0) return [];
	const rows = await store.sequelize.query<DatasetRow>(`SELECT ${COLUMNS} FROM catalog_datasets WHERE id = ANY($1::uuid[])`, {
		bind: [valid],
		type: QueryTypes.SELECT,
	});
	return rows.map(toRecord);
}
