import { CronTime } from 'cron';
import { DateTime } from 'luxon';

/**
 * A stand-in for n8n-core's ScheduledTaskManager with a controllable clock. Like the real one it refuses a second cron
 * with the same (workflow, node, expression, timezone) and fires only on the leader; `advanceTo` fires every cron
 * occurrence up to a time, in time order, passing the occurrence's time as n8n-workflow 2.x does (or, with
 * `passScheduledTime: false`, nothing, as 1.x does; then read the time from `nowMs`).
 */
export class FakeScheduler {
	readonly crons: Array<{ ctx: { expression: string; nodeId: string; workflowId: string; timezone: string }; onTick: (at?: Date) => void; next: DateTime }> = [];
	readonly skipped: string[] = [];
	isLeader = true;

	constructor(
		private now: DateTime,
		private readonly options: { passScheduledTime?: boolean } = {},
	) {}

	/** The simulated time (epoch ms): the occurrence being fired, or where the last advance ended. */
	get nowMs(): number {
		return this.now.toMillis();
	}

	registerCron(ctx: { expression: string; nodeId: string; workflowId: string; timezone: string }, onTick: (at?: Date) => void): void {
		const key = `${ctx.workflowId}|${ctx.nodeId}|${ctx.expression}|${ctx.timezone}`;
		if (this.crons.some((cron) => `${cron.ctx.workflowId}|${cron.ctx.nodeId}|${cron.ctx.expression}|${cron.ctx.timezone}` === key)) {
			this.skipped.push(key);
			return;
		}
		const time = new CronTime(ctx.expression, ctx.timezone);
		this.crons.push({ ctx, onTick, next: time.getNextDateFrom(this.now) });
	}

	deregisterCrons(workflowId: string): void {
		for (let i = this.crons.length - 1; i >= 0; i--) if (this.crons[i].ctx.workflowId === workflowId) this.crons.splice(i, 1);
	}

	deregisterAllCrons(): void {
		this.crons.length = 0;
	}

	/** Fires every occurrence up to `until` in time order; returns how many ticks fired. */
	advanceTo(until: Date): number {
		const end = DateTime.fromJSDate(until);
		let fired = 0;
		for (;;) {
			const due = this.crons.filter((cron) => cron.next <= end).sort((a, b) => a.next.toMillis() - b.next.toMillis())[0];
			if (!due) break;
			this.now = due.next;
			due.next = new CronTime(due.ctx.expression, due.ctx.timezone).getNextDateFrom(due.next);
			if (this.isLeader) {
				if (this.options.passScheduledTime === false) due.onTick();
				else due.onTick(this.now.toJSDate());
				fired++;
			}
		}
		this.now = end;
		return fired;
	}
}
