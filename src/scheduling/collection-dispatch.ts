import { QueryTypes } from 'sequelize';

import type { Store } from '../store';
import type { CollectRequest } from './trigger-request';

export interface ClaimCollectionsOptions {
	endpointId?: string | null;
	dispatcher: string;
	redispatchAfterSeconds: number;
	limit?: number;
}

/**
 * Claims QUEUED metadata collection requests for dispatch, like `claimQueuedRuns`: each is emitted once, and again
 * only when it is still QUEUED `redispatchAfterSeconds` after its last dispatch.
 */
export async function claimQueuedCollections(store: Store, options: ClaimCollectionsOptions): Promise<CollectRequest[]> {
	const rows = await store.sequelize.query<{ id: string; endpoint_id: string; requested_at: Date }>(
		`UPDATE metadata_collection_requests m
     SET dispatched_at = now(), dispatched_by = $2, dispatch_count = m.dispatch_count + 1
     WHERE m.id IN (
       SELECT q.id FROM metadata_collection_requests q
       WHERE q.status = 'QUEUED'
         AND ($1::text IS NULL OR q.endpoint_id = $1)
         AND (q.dispatched_at IS NULL OR q.dispatched_at < now() - make_interval(secs => $3))
       ORDER BY q.requested_at, q.id
       LIMIT $4
       FOR UPDATE SKIP LOCKED)
     RETURNING m.id, m.endpoint_id, m.requested_at`,
		{
			bind: [options.endpointId ?? null, options.dispatcher, options.redispatchAfterSeconds, options.limit ?? 100],
			type: QueryTypes.SELECT,
		},
	);
	return rows
		.sort((a, b) => a.requested_at.getTime() - b.requested_at.getTime())
		.map((row) => ({ kind: 'collect', requestId: row.id, endpointId: row.endpoint_id, requestedAt: row.requested_at.toISOString() }));
}
