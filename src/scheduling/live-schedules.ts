import { QueryTypes } from 'sequelize';

import type { Store } from '../store';

/** One unit that should run on a schedule now. */
export interface LiveSchedule {
	endpointId: string;
	unitId: string;
	intervalMinutes: number;
}

/**
 * Units with an enabled INTERVAL config on an enabled endpoint (of one endpoint, or of all), ordered by endpoint and
 * unit: what the trigger keeps a cron for.
 */
export async function listLiveSchedules(store: Store, endpointId?: string | null): Promise<LiveSchedule[]> {
	const rows = await store.sequelize.query<{ endpoint_id: string; unit_id: string; schedule_interval_minutes: number }>(
		`SELECT c.endpoint_id, c.unit_id, c.schedule_interval_minutes
     FROM ingestion_unit_configs c JOIN metadata_endpoints e ON e.id = c.endpoint_id
     WHERE c.enabled AND e.enabled AND c.schedule_kind = 'INTERVAL' AND c.schedule_interval_minutes IS NOT NULL
       AND ($1::text IS NULL OR c.endpoint_id = $1)
     ORDER BY c.endpoint_id, c.unit_id`,
		{ bind: [endpointId ?? null], type: QueryTypes.SELECT },
	);
	return rows.map((row) => ({ endpointId: row.endpoint_id, unitId: row.unit_id, intervalMinutes: row.schedule_interval_minutes }));
}
