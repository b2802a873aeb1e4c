import { createHash } from 'node:crypto';

import { SCHEDULE_INTERVAL_MINUTES } from '../store/models/enums';

/**
 * How one INTERVAL unit is put on a cron: the cron expression (6 fields, seconds first, as n8n's `registerCron`
 * takes it) that ticks at every slot start of the unit, and the slot grid itself.
 *
 * Slots of a unit with interval N minutes start at `offset + k·N` minutes after the Unix epoch. The offset is derived
 * from a hash of (endpoint, unit), so every trigger instance on every machine computes the same slots (which is what
 * lets the store's slot claim deduplicate ticks), while units spread over the minute and over their interval instead
 * of all firing at second 0.
 *
 * The cron ticks every g = gcd(N, 15) minutes at the offset's second: slot starts are multiples of g minutes, so they
 * always fall on a tick, and 15 divides every current time zone's UTC offset, so the workflow's time zone cannot move
 * a tick off the grid. Ticks between slot starts find their slot already claimed and do nothing.
 */
export interface UnitCronPlan {
	/** Six fields, seconds first: `<second> <minutes> * * * *`, minutes being `*` or a step such as `*\/15`. */
	expression: string;
	intervalMinutes: number;
	/** Seconds from a grid point (epoch + k·N minutes) to the unit's slot starts; below N·60. */
	offsetSeconds: number;
}

export interface CronPlanOptions {
	/** Spread units over the minute and their interval (default true); false puts every slot at second 0 of k·N. */
	spread?: boolean;
}

/** A tick may run this early (clock skew between the cron's timer and the clock) and still open its slot. */
export const SLOT_TOLERANCE_MS = 5_000;

function gcd(a: number, b: number): number {
	return b === 0 ? a : gcd(b, a % b);
}

function unitHash(endpointId: string, unitId: string): [number, number] {
	const digest = createHash('sha256').update(`${endpointId}\u0000${unitId}`).digest();
	return [digest.readUInt32BE(0), digest.readUInt32BE(4)];
}

export function assertIntervalMinutes(intervalMinutes: number): void {
	const { min, max } = SCHEDULE_INTERVAL_MINUTES;
	if (!Number.isInteger(intervalMinutes) || intervalMinutes < min || intervalMinutes > max) {
		throw new Error(`intervalMinutes must be a whole number within ${min}..${max} (got ${intervalMinutes})`);
	}
}

/** The cron plan of a unit that runs every `intervalMinutes`. */
export function cronPlanFor(unit: { endpointId: string; unitId: string }, intervalMinutes: number, options: CronPlanOptions = {}): UnitCronPlan {
	assertIntervalMinutes(intervalMinutes);
	const step = gcd(intervalMinutes, 15);
	const [secondHash, minuteHash] = unitHash(unit.endpointId, unit.unitId);
	const spread = options.spread ?? true;
	const second = spread ? secondHash % 60 : 0;
	const minuteOffset = spread ? step * (minuteHash % (intervalMinutes / step)) : 0;
	return {
		expression: `${second} ${step === 1 ? '*' : `*/${step}`} * * * *`,
		intervalMinutes,
		offsetSeconds: minuteOffset * 60 + second,
	};
}

/** Start (epoch ms) of the slot a tick at `atMs` belongs to, allowing the tick to come up to SLOT_TOLERANCE_MS early. */
export function slotStartAt(plan: UnitCronPlan, atMs: number): number {
	const periodMs = plan.intervalMinutes * 60_000;
	const offsetMs = plan.offsetSeconds * 1000;
	return Math.floor((atMs + SLOT_TOLERANCE_MS - offsetMs) / periodMs) * periodMs + offsetMs;
}
