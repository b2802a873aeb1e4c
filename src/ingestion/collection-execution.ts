import { QueryTypes } from 'sequelize';

import type { Store } from '../store';
import { sanitizeError } from './sanitize-error';
import { isUuid } from './uuid';

export interface CollectionOutcome {
	requestId: string;
	endpointId: string;
	/** SKIPPED: the request was not QUEUED (another worker took it, or it is finished). */
	status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
	stats: Record<string, unknown>;
	/** Sanitized error (FAILED), or why nothing ran (SKIPPED). */
	error?: string;
}

export interface RunCollectionOptions {
	/** Names the worker in the request row. */
	worker: string;
	/** Collects the endpoint's metadata; its JSON-safe report becomes the request's stats. */
	collect(endpointId: string): Promise<Record<string, unknown>>;
	/** Secret values to keep out of the stored error. */
	secrets?: string[];
}

/**
 * Carries out a queued metadata collection request: takes it (QUEUED → RUNNING, one conditional UPDATE, so two
 * workers never both run it), collects, and ends it SUCCEEDED with the report as stats or FAILED with a sanitized
 * error. A request that is not QUEUED any more is left alone (SKIPPED).
 */
export async function runCollectionRequest(store: Store, requestId: string, options: RunCollectionOptions): Promise<CollectionOutcome> {
	if (!isUuid(requestId)) throw new Error(`requestId: "${requestId}" is not a collection request id (a UUID)`);
	const [taken] = await store.sequelize.query<{ endpoint_id: string }>(
		`UPDATE metadata_collection_requests SET status = 'RUNNING', started_at = now(), worker = $2
     WHERE id = $1 AND status = 'QUEUED' RETURNING endpoint_id`,
		{ bind: [requestId, options.worker], type: QueryTypes.SELECT },
	);
	if (!taken) {
		const [row] = await store.sequelize.query<{ endpoint_id: string; status: string }>(
			'SELECT endpoint_id, status FROM metadata_collection_requests WHERE id = $1',
			{ bind: [requestId], type: QueryTypes.SELECT },
		);
		if (!row) throw new Error(`requestId: collection request ${requestId} does not exist`);
		return { requestId, endpointId: row.endpoint_id, status: 'SKIPPED', stats: {}, error: `The collection request is ${row.status}, not QUEUED: left as it is` };
	}
	const endpointId = taken.endpoint_id;
	let outcome: CollectionOutcome;
	try {
		const stats = await options.collect(endpointId);
		outcome = { requestId, endpointId, status: 'SUCCEEDED', stats };
	} catch (error) {
		outcome = { requestId, endpointId, status: 'FAILED', stats: {}, error: sanitizeError(error, { secrets: options.secrets }) };
	}
	await store.sequelize.query(
		`UPDATE metadata_collection_requests SET status = $2, finished_at = now(), stats = $3::jsonb, error = $4 WHERE id = $1`,
		{ bind: [requestId, outcome.status, JSON.stringify(outcome.stats), outcome.error ?? null] },
	);
	return outcome;
}
