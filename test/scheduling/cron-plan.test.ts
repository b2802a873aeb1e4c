import { CronTime } from 'cron';
import { DateTime } from 'luxon';

import { cronPlanFor, SLOT_TOLERANCE_MS, slotStartAt } from '../../src/scheduling/cron-plan';

const unit = { endpointId: 'jira-prod', unitId: 'jira.issues' };

/** Cron occurrences (epoch ms) in [from, to) as the `cron` package n8n uses computes them. */
function occurrences(expression: string, timezone: string, from: number, to: number): number[] {
	const time = new CronTime(expression, timezone);
	const found: number[] = [];
	let at = DateTime.fromMillis(from - 1);
	for (;;) {
		at = time.getNextDateFrom(at);
		if (at.toMillis() >= to) return found;
		found.push(at.toMillis());
	}
}

describe('cron plans of INTERVAL units', () => {
	it('tick at every slot start, in any time zone, and open each slot exactly once', () => {
		const from = Date.UTC(2031, 2, 29, 22, 0, 0); // spans the European DST change of 2031-03-30 01:00 UTC
		for (const intervalMinutes of [1, 2, 5, 7, 10, 15, 30, 45, 60, 90, 100, 360, 1440]) {
			const plan = cronPlanFor(unit, intervalMinutes);
			const to = from + Math.max(6 * 60, 3 * intervalMinutes) * 60_000;
			for (const timezone of ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns']) {
				const ticks = occurrences(plan.expression, timezone, from, to);
				const opened = new Set<number>();
				let last = -Infinity;
				for (const tick of ticks) {
					const slot = slotStartAt(plan, tick);
					expect(slot).toBeLessThanOrEqual(tick + SLOT_TOLERANCE_MS);
					if (slot < from) continue; // a slot that started before the window
					if (slot > last) {
						// the first tick of a slot comes exactly at the slot's start
						expect(tick).toBe(slot);
						opened.add(slot);
						last = slot;
					}
				}
				const periodMs = intervalMinutes * 60_000;
				const expected = Math.floor((to - 1 - plan.offsetSeconds * 1000) / periodMs) - Math.ceil((from - plan.offsetSeconds * 1000) / periodMs) + 1;
				expect({ intervalMinutes, timezone, slots: opened.size }).toEqual({ intervalMinutes, timezone, slots: expected });
			}
		}
	});

	it('ticks every gcd(interval, 15) minutes at a per-unit second', () => {
		expect(cronPlanFor(unit, 1).expression).toMatch(/^\d{1,2} \* \* \* \* \*$/);
		expect(cronPlanFor(unit, 7).expression).toMatch(/^\d{1,2} \* \* \* \* \*$/);
		expect(cronPlanFor(unit, 10).expression).toMatch(/^\d{1,2} \*\/5 \* \* \* \*$/);
		expect(cronPlanFor(unit, 60).expression).toMatch(/^\d{1,2} \*\/15 \* \* \* \*$/);
		expect(cronPlanFor(unit, 1440).expression).toMatch(/^\d{1,2} \*\/15 \* \* \* \*$/);
		expect(cronPlanFor(unit, 60, { spread: false })).toEqual({ expression: '0 */15 * * * *', intervalMinutes: 60, offsetSeconds: 0 });
	});

	it('spreads units deterministically: the same unit always gets the same offset, others mostly differ', () => {
		expect(cronPlanFor(unit, 60)).toEqual(cronPlanFor({ ...unit }, 60));
		const offsets = new Set(
			['jira.projects', 'jira.users', 'jira.issues', 'jira.comments', 'jira.worklogs'].map((unitId) => cronPlanFor({ endpointId: 'e', unitId }, 60).offsetSeconds),
		);
		expect(offsets.size).toBeGreaterThan(1);
		for (const intervalMinutes of [1, 7, 60, 1440]) {
			const { offsetSeconds } = cronPlanFor(unit, intervalMinutes);
			expect(offsetSeconds).toBeGreaterThanOrEqual(0);
			expect(offsetSeconds).toBeLessThan(intervalMinutes * 60);
		}
	});

	it('refuses intervals outside 1..1440 minutes', () => {
		expect(() => cronPlanFor(unit, 0)).toThrow('intervalMinutes must be a whole number within 1..1440 (got 0)');
		expect(() => cronPlanFor(unit, 1.5)).toThrow(/1\.\.1440/);
		expect(() => cronPlanFor(unit, 1441)).toThrow(/1\.\.1440/);
	});
});
