import { QueryTypes, type Transaction } from 'sequelize';

import { constraintViolation, type Store } from '../store';
import { isUuid } from './uuid';
import { badInput, notFound } from './validation-error';

export type CollectionStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/** A request to collect an endpoint's metadata into the catalog; the n8n side claims and runs it. */
export interface CollectionRequestRecord {
	id: string;
	endpointId: string;
	status: CollectionStatus;
	requestedAt: Date;
	startedAt: Date | null;
	finishedAt: Date | null;
	stats: Record<string, unknown>;
	error: string | null;
}

interface CollectionRow {
	id: string;
	endpoint_id: string;
	status: CollectionStatus;
	requested_at: Date;
	started_at: Date | null;
	finished_at: Date | null;
	stats: Record<string, unknown>;
	error: string | null;
}

const COLUMNS = 'id, endpoint_id, status, requested_at, started_at, finished_at, stats, error';

function toRecord(row: CollectionRow): CollectionRequestRecord {
	return {
		id: row.id,
		endpointId: row.endpoint_id,
		status: row.status,
		requestedAt: row.requested_at,
		startedAt: row.started_at,
		finishedAt: row.finished_at,
		stats: row.stats,
		error: row.error,
	};
}

export interface RequestCollectionResult {
	request: CollectionRequestRecord;
	/** False when a collection of the endpoint was already queued or running (that one is returned). */
	queued: boolean;
}

async function activeRequest(store: Store, endpointId: string, transaction?: Transaction): Promise<CollectionRequestRecord | undefined> {
	const [row] = await store.sequelize.query<CollectionRow>(
		`SELECT ${COLUMNS} FROM metadata_collection_requests WHERE endpoint_id = $1 AND status IN ('QUEUED', 'RUNNING')`,
		{ bind: [endpointId], type: QueryTypes.SELECT, transaction },
	);
	return row ? toRecord(row) : undefined;
}

/**
 * Queues a metadata collection of a source endpoint (the insert sends a `collect` NOTIFY), or returns the one
 * already queued or running. Refuses unknown, disabled and sink endpoints.
 */
export async function requestCollection(store: Store, endpointId: string): Promise<RequestCollectionResult> {
	const endpoint = await store.models.MetadataEndpoint.findByPk(endpointId, { attributes: ['id', 'family', 'enabled'], raw: true });
	if (!endpoint) throw notFound('endpointId', `endpointId: endpoint "${endpointId}" does not exist`);
	if (!endpoint.enabled) throw badInput('endpointId', `endpointId: endpoint "${endpointId}" is disabled`);
	if (endpoint.family !== 'SOURCE') throw badInput('endpointId', `endpointId: endpoint "${endpointId}" is a sink; only sources have metadata to collect`);
	const existing = await activeRequest(store, endpointId);
	if (existing) return { request: existing, queued: false };
	try {
		const [row] = await store.sequelize.query<CollectionRow>(
			`INSERT INTO metadata_collection_requests (endpoint_id) VALUES ($1) RETURNING ${COLUMNS}`,
			{ bind: [endpointId], type: QueryTypes.SELECT },
		);
		return { request: toRecord(row), queued: true };
	} catch (error) {
		if (constraintViolation(error)?.constraint !== 'metadata_collection_requests_one_active_per_endpoint') throw error;
		const raced = await activeRequest(store, endpointId);
		if (!raced) throw error;
		return { request: raced, queued: false };
	}
}

export async function getCollectionRequest(store: Store, id: string): Promise<CollectionRequestRecord | null> {
	if (!isUuid(id)) return null;
	const [row] = await store.sequelize.query<CollectionRow>(`SELECT ${COLUMNS} FROM metadata_collection_requests WHERE id = $1`, {
		bind: [id],
		type: QueryTypes.SELECT,
	});
	return row ? toRecord(row) : null;
}

/** Recent collection requests of an endpoint, most recent first. */
export async function listCollectionRequests(store: Store, endpointId: string, limit = 20): Promise<CollectionRequestRecord[]> {
	const rows = await store.sequelize.query<CollectionRow>(
		`SELECT ${COLUMNS} FROM metadata_collection_requests WHERE endpoint_id = $1 ORDER BY requested_at DESC, id LIMIT $2`,
		{ bind: [endpointId, Math.min(Math.max(limit, 1), 500)], type: QueryTypes.SELECT },
	);
	return rows.map(toRecord);
}
