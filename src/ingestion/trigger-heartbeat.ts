import os from 'node:os';

import { QueryTypes } from 'sequelize';

import type { Store } from '../store';

/** A trigger counts as live when it wrote a heartbeat this recently. */
export const TRIGGER_LIVE_WITHIN_SECONDS = 90;

export interface TriggerHeartbeat {
	/** Stable id of one trigger instance (e.g. n8n workflow id + node id + process start). */
	instanceId: string;
	host?: string;
	pid?: number;
	/** Set when the trigger only watches one endpoint; unset when it watches all. */
	endpointId?: string | null;
}

/** Records that a trigger instance is alive (call it every ~30 s); creates its row on the first beat. */
export async function recordTriggerHeartbeat(store: Store, beat: TriggerHeartbeat): Promise<void> {
	await store.sequelize.query(
		`INSERT INTO ingestion_trigger_heartbeats (instance_id, host, pid, endpoint_id)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (instance_id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, endpoint_id = EXCLUDED.endpoint_id,
       last_seen_at = now()`,
		{ bind: [beat.instanceId, beat.host ?? os.hostname(), beat.pid ?? process.pid, beat.endpointId ?? null] },
	);
}

/** Removes a trigger's heartbeat when it shuts down cleanly, so it stops counting as live at once. */
export async function removeTriggerHeartbeat(store: Store, instanceId: string): Promise<void> {
	await store.sequelize.query(`DELETE FROM ingestion_trigger_heartbeats WHERE instance_id = $1`, { bind: [instanceId] });
}

/**
 * For each endpoint id: whether a live trigger watches it (one scoped to it, or one watching all endpoints).
 * One statement for any number of endpoints.
 */
export async function liveTriggersFor(
	store: Store,
	endpointIds: readonly string[],
	withinSeconds = TRIGGER_LIVE_WITHIN_SECONDS,
): Promise<Map<string, boolean>> {
	const rows = await store.sequelize.query<{ endpoint_id: string; live: boolean }>(
		`SELECT e.endpoint_id, EXISTS (
       SELECT 1 FROM ingestion_trigger_heartbeats h
       WHERE h.last_seen_at > now() - make_interval(secs => $2) AND (h.endpoint_id IS NULL OR h.endpoint_id = e.endpoint_id)
     ) AS live
     FROM unnest($1::text[]) AS e(endpoint_id)`,
		{ bind: [endpointIds, withinSeconds], type: QueryTypes.SELECT },
	);
	return new Map(rows.map((row) => [row.endpoint_id, row.live]));
}

/** Whether a live trigger watches `endpointId` (or, without one, whether any trigger is live). */
export async function isTriggerLive(store: Store, endpointId?: string, withinSeconds = TRIGGER_LIVE_WITHIN_SECONDS): Promise<boolean> {
	if (endpointId !== undefined) return (await liveTriggersFor(store, [endpointId], withinSeconds)).get(endpointId) ?? false;
	const [row] = await store.sequelize.query<{ live: boolean }>(
		`SELECT EXISTS (SELECT 1 FROM ingestion_trigger_heartbeats WHERE last_seen_at > now() - make_interval(secs => $1)) AS live`,
		{ bind: [withinSeconds], type: QueryTypes.SELECT },
	);
	return row.live;
}
