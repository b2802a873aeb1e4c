import { QueryTypes } from 'sequelize';

import type { Store } from '../store';

export interface SlotClaimRequest {
	endpointId: string;
	unitId: string;
	/** The interval of the cron that ticked; the claim fails unless the unit's config still has it. */
	intervalMinutes: number;
	/** Start of the slot being claimed. */
	slotAt: Date;
	/** Who claims (the trigger instance), kept for diagnosis. */
	claimedBy: string;
}

/**
 * Claims a unit's schedule slot with one conditional upsert: it succeeds only while the unit's config is enabled, on
 * an INTERVAL schedule of exactly `intervalMinutes`, its endpoint enabled, and `slotAt` is later than the slot last
 * claimed. So a slot fires at most once however many crons tick for it, and the crons of a disabled or re-timed unit
 * claim nothing. Returns true when this call claimed the slot.
 */
export async function claimScheduleSlot(store: Store, request: SlotClaimRequest): Promise<boolean> {
	const rows = await store.sequelize.query<{ slot_at: Date }>(
		`INSERT INTO ingestion_schedule_slots AS s (endpoint_id, unit_id, slot_at, interval_minutes, claimed_by)
     SELECT c.endpoint_id, c.unit_id, $3, $4, $5
     FROM ingestion_unit_configs c JOIN metadata_endpoints e ON e.id = c.endpoint_id
     WHERE c.endpoint_id = $1 AND c.unit_id = $2 AND c.enabled AND e.enabled
       AND c.schedule_kind = 'INTERVAL' AND c.schedule_interval_minutes = $4
     ON CONFLICT ON CONSTRAINT ingestion_schedule_slots_pkey DO UPDATE
       SET slot_at = EXCLUDED.slot_at, interval_minutes = EXCLUDED.interval_minutes, claimed_by = EXCLUDED.claimed_by,
           claimed_at = now(), run_id = NULL
       WHERE s.slot_at < EXCLUDED.slot_at
     RETURNING s.slot_at`,
		{
			bind: [request.endpointId, request.unitId, request.slotAt, request.intervalMinutes, request.claimedBy],
			type: QueryTypes.SELECT,
		},
	);
	return rows.length > 0;
}

/** Records which run a claimed slot queued (or found queued), for diagnosis. */
export async function recordSlotRun(store: Store, request: Pick<SlotClaimRequest, 'endpointId' | 'unitId' | 'slotAt'>, runId: string): Promise<void> {
	await store.sequelize.query(`UPDATE ingestion_schedule_slots SET run_id = $4 WHERE endpoint_id = $1 AND unit_id = $2 AND slot_at = $3`, {
		bind: [request.endpointId, request.unitId, request.slotAt, runId],
	});
}

export interface ScheduleSlotRecord {
	endpointId: string;
	unitId: string;
	slotAt: Date;
	intervalMinutes: number;
	claimedBy: string;
	claimedAt: Date;
	runId: string | null;
}

/** The last claimed slot of a unit, or null when none was claimed yet. */
export async function lastScheduleSlot(store: Store, endpointId: string, unitId: string): Promise<ScheduleSlotRecord | null> {
	const [row] = await store.sequelize.query<{
		endpoint_id: string;
		unit_id: string;
		slot_at: Date;
		interval_minutes: number;
		claimed_by: string;
		claimed_at: Date;
		run_id: string | null;
	}>(`SELECT * FROM ingestion_schedule_slots WHERE endpoint_id = $1 AND unit_id = $2`, {
		bind: [endpointId, unitId],
		type: QueryTypes.SELECT,
	});
	if (!row) return null;
	return {
		endpointId: row.endpoint_id,
		unitId: row.unit_id,
		slotAt: row.slot_at,
		intervalMinutes: row.interval_minutes,
		claimedBy: row.claimed_by,
		claimedAt: row.claimed_at,
		runId: row.run_id,
	};
}
