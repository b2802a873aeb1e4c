import { listenIngestionEvents, type IngestionEvent, type IngestionEventListener } from '../ingestion/events';
import { queueRun } from '../ingestion/run-queue';
import { sanitizeError } from '../ingestion/sanitize-error';
import { recordTriggerHeartbeat, removeTriggerHeartbeat } from '../ingestion/trigger-heartbeat';
import type { Store } from '../store';
import { claimQueuedCollections } from './collection-dispatch';
import { CoalescedTask } from './coalesced-task';
import { cronPlanFor, slotStartAt, type UnitCronPlan } from './cron-plan';
import { listLiveSchedules } from './live-schedules';
import { claimQueuedRuns } from './run-dispatch';
import { claimScheduleSlot, recordSlotRun } from './schedule-slots';
import type { TriggerRequest } from './trigger-request';

export interface TriggerLogger {
	debug(message: string, meta?: Record<string, unknown>): void;
	info(message: string, meta?: Record<string, unknown>): void;
	warn(message: string, meta?: Record<string, unknown>): void;
}

export interface IngestionTriggerOptions {
	store: Store;
	/** Watch one endpoint; all endpoints when unset. */
	endpointId?: string | null;
	/** Unique per trigger activation (heartbeat row, dispatch and slot claims). */
	instanceId: string;
	/**
	 * n8n's `registerCron` (6-field expression). Crons cannot be removed one by one, only all at deactivation, and n8n
	 * skips a second cron with the same expression on the same node: so units that share an expression share a cron.
	 */
	registerCron(expression: string, onTick: (scheduledAt?: Date) => void): void;
	/** Hands one request to the workflow (one execution per request). */
	emit(request: TriggerRequest): void;
	logger?: TriggerLogger;
	/** Epoch milliseconds (default Date.now); ticks without a scheduled time use it. */
	clock?: () => number;
	/** Spread units over their interval (default true; see cron-plan.ts). */
	spread?: boolean;
	/** Heartbeat period (default 30 s). */
	heartbeatMs?: number;
	/** Periodic full resync, the fallback for missed NOTIFYs (default 60 s). */
	resyncMs?: number;
	/** A dispatched run still QUEUED after this long is emitted again (default 600 s). */
	redispatchAfterSeconds?: number;
	/** Values to keep out of logged errors (the store credential's password). */
	secrets?: string[];
	/** LISTEN implementation (default `listenIngestionEvents`). */
	listen?: typeof listenIngestionEvents;
}

interface CronEntry {
	endpointId: string;
	unitId: string;
	plan: UnitCronPlan;
	/** Newest slot this instance already looked at; later ticks in the same slot do nothing. */
	lastSlot?: number;
}

const SILENT: TriggerLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined };

/**
 * The behaviour of the n8n Ingestion Trigger, free of n8n: crons for the (unit, interval) pairs of the enabled INTERVAL
 * configs in scope (one cron per distinct expression, ticking every unit that has it), kept in step by LISTEN on the store's events plus a periodic resync; each tick claims the unit's
 * due slot (which re-checks the config) and queues a SCHEDULE run; queued runs and collection requests are claimed
 * for dispatch and emitted one by one; a heartbeat tells the bridge the trigger is live.
 *
 * A cron of a unit that was disabled or re-timed stays registered (n8n cannot remove one) but its ticks claim
 * nothing. A re-enabled unit reuses its cron.
 */
export class IngestionTriggerService {
	/** Units with a cron, by (endpoint, unit, interval). */
	private readonly units = new Map<string, CronEntry>();
	/** Registered crons by expression, with the units each one ticks. */
	private readonly crons = new Map<string, Set<CronEntry>>();
	private readonly clock: () => number;
	private readonly logger: TriggerLogger;
	private readonly syncTask: CoalescedTask;
	private readonly dispatchTask: CoalescedTask;
	private readonly inFlight = new Set<Promise<unknown>>();
	private readonly timers: NodeJS.Timeout[] = [];
	private listener: IngestionEventListener | undefined;
	private started = false;
	private stopped = false;

	constructor(private readonly options: IngestionTriggerOptions) {
		this.clock = options.clock ?? Date.now;
		this.logger = options.logger ?? SILENT;
		this.syncTask = new CoalescedTask(() => this.syncCrons(), (error) => this.warn('Could not resync the schedules', error));
		this.dispatchTask = new CoalescedTask(() => this.dispatchQueued(), (error) => this.warn('Could not dispatch queued requests', error));
	}

	get store(): Store {
		return this.options.store;
	}

	/** The (unit, interval) pairs that have a cron so far, with its expression. */
	scheduledUnits(): Array<{ endpointId: string; unitId: string; intervalMinutes: number; expression: string }> {
		return [...this.units.values()].map((entry) => ({
			endpointId: entry.endpointId,
			unitId: entry.unitId,
			intervalMinutes: entry.plan.intervalMinutes,
			expression: entry.plan.expression,
		}));
	}

	/**
	 * Writes the first heartbeat, starts listening, registers the crons and dispatches what is queued. Throws when the
	 * store is unreachable or the scoped endpoint does not exist (the workflow then fails to activate, with that error).
	 */
	async start(): Promise<void> {
		if (this.started) throw new Error('The trigger service was started already');
		this.started = true;
		const { endpointId } = this.options;
		if (endpointId) {
			const endpoint = await this.store.models.MetadataEndpoint.findByPk(endpointId, { attributes: ['id'] });
			if (!endpoint) throw new Error(`Endpoint "${endpointId}" does not exist in the ingestion store`);
		}
		await this.beat();
		await this.listen();
		await this.syncCrons();
		await this.dispatchQueued();
		this.timers.push(setInterval(() => this.track(this.beat()), this.options.heartbeatMs ?? 30_000));
		this.timers.push(setInterval(() => this.track(this.resync()), this.options.resyncMs ?? 60_000));
		for (const timer of this.timers) timer.unref();
	}

	/** Stops timers and listening, waits for work in progress, and removes the heartbeat. Safe to call twice. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		for (const timer of this.timers) clearInterval(timer);
		const listener = this.listener;
		this.listener = undefined;
		await listener?.close().catch(() => undefined);
		await Promise.allSettled([...this.inFlight, this.syncTask.idle(), this.dispatchTask.idle()]);
		if (this.started) {
			await removeTriggerHeartbeat(this.store, this.options.instanceId).catch((error) => this.warn('Could not remove the heartbeat', error));
		}
	}

	/** Re-listens if the connection was lost, registers crons for new schedules and dispatches what is queued. */
	async resync(): Promise<void> {
		if (this.stopped) return;
		if (!this.listener) await this.listen().catch((error) => this.warn('Could not listen for store events', error));
		await Promise.all([this.syncTask.run(), this.dispatchTask.run()]);
	}

	/** Settles once no background work (ticks, syncs, dispatches started by events) is in progress. */
	async drain(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
		await Promise.allSettled([this.syncTask.idle(), this.dispatchTask.idle()]);
	}

	/** Runs one cron tick of a unit (what n8n calls; tests call it with a chosen time). */
	async tick(endpointId: string, unitId: string, intervalMinutes: number, scheduledAt?: Date): Promise<void> {
		const entry = this.units.get(unitKey(endpointId, unitId, intervalMinutes));
		if (!entry || this.stopped) return;
		const slot = slotStartAt(entry.plan, scheduledAt ? scheduledAt.getTime() : this.clock());
		if (entry.lastSlot !== undefined && slot <= entry.lastSlot) return;
		const slotAt = new Date(slot);
		const claim = { endpointId, unitId, intervalMinutes, slotAt, claimedBy: this.options.instanceId };
		const claimed = await claimScheduleSlot(this.store, claim);
		entry.lastSlot = Math.max(entry.lastSlot ?? slot, slot);
		if (!claimed) return;
		const { run, queued } = await queueRun(this.store, { endpointId, unitId, trigger: 'SCHEDULE' });
		await recordSlotRun(this.store, claim, run.id);
		this.logger.info(
			queued ? 'Queued a scheduled ingestion run' : 'The unit already has a queued or running run; not queuing another',
			{ endpointId, unitId, runId: run.id, slotAt: slotAt.toISOString() },
		);
		if (run.status === 'QUEUED') await this.emitRuns(run.id);
	}

	private async beat(): Promise<void> {
		if (this.stopped) return;
		await recordTriggerHeartbeat(this.store, { instanceId: this.options.instanceId, endpointId: this.options.endpointId ?? null });
	}

	private async listen(): Promise<void> {
		const listen = this.options.listen ?? listenIngestionEvents;
		const listener = await listen(
			this.store.connectionUrl,
			(event) => this.onEvent(event),
			(error) => this.warn('The store event connection failed', error),
			() => {
				this.listener = undefined;
				this.logger.warn('Lost the store event connection; resyncing periodically until it is back');
			},
		);
		if (this.stopped) {
			await listener.close();
			return;
		}
		this.listener = listener;
	}

	private onEvent(event: IngestionEvent): void {
		if (this.stopped) return;
		const { endpointId } = this.options;
		if (endpointId && event.endpointId !== endpointId) return;
		if (event.kind === 'config') this.track(this.syncTask.run());
		else if ((event.kind === 'run' && event.op === 'INSERT' && event.status === 'QUEUED') || event.kind === 'collect') {
			this.track(this.dispatchTask.run());
		}
	}

	private async syncCrons(): Promise<void> {
		if (this.stopped) return;
		for (const schedule of await listLiveSchedules(this.store, this.options.endpointId)) {
			const key = unitKey(schedule.endpointId, schedule.unitId, schedule.intervalMinutes);
			if (this.units.has(key)) continue;
			const plan = cronPlanFor(schedule, schedule.intervalMinutes, { spread: this.options.spread });
			const entry: CronEntry = { endpointId: schedule.endpointId, unitId: schedule.unitId, plan };
			this.units.set(key, entry);
			this.cronFor(plan.expression).add(entry);
			this.logger.info('Scheduled an ingestion unit', { ...schedule, cron: plan.expression });
		}
	}

	/** The units ticked by the cron of `expression`, registering that cron on first use. */
	private cronFor(expression: string): Set<CronEntry> {
		const existing = this.crons.get(expression);
		if (existing) return existing;
		const entries = new Set<CronEntry>();
		this.crons.set(expression, entries);
		this.options.registerCron(expression, (scheduledAt?: Date) => {
			for (const entry of entries) {
				this.track(
					this.tick(entry.endpointId, entry.unitId, entry.plan.intervalMinutes, scheduledAt).catch((error) =>
						this.warn('A scheduled tick failed', error, { endpointId: entry.endpointId, unitId: entry.unitId }),
					),
				);
			}
		});
		return entries;
	}

	private async dispatchQueued(): Promise<void> {
		await this.emitRuns();
		const redispatchAfterSeconds = this.options.redispatchAfterSeconds ?? 600;
		for (;;) {
			if (this.stopped) return;
			const claimed = await claimQueuedCollections(this.store, {
				endpointId: this.options.endpointId,
				dispatcher: this.options.instanceId,
				redispatchAfterSeconds,
			});
			for (const request of claimed) this.options.emit(request);
			if (claimed.length < 100) return;
		}
	}

	/** Claims and emits queued runs (one run, or every claimable run in scope). */
	private async emitRuns(runId?: string): Promise<void> {
		for (;;) {
			if (this.stopped) return;
			const claimed = await claimQueuedRuns(this.store, {
				endpointId: this.options.endpointId,
				runId,
				dispatcher: this.options.instanceId,
				redispatchAfterSeconds: this.options.redispatchAfterSeconds ?? 600,
			});
			for (const request of claimed) this.options.emit(request);
			if (runId || claimed.length < 100) return;
		}
	}

	private track(work: Promise<unknown>): void {
		const settled = work.catch((error) => this.warn('Background work failed', error)).finally(() => this.inFlight.delete(settled));
		this.inFlight.add(settled);
	}

	private warn(message: string, error: unknown, meta: Record<string, unknown> = {}): void {
		this.logger.warn(message, { ...meta, error: sanitizeError(error, { secrets: this.options.secrets }) });
	}
}

function unitKey(endpointId: string, unitId: string, intervalMinutes: number): string {
	return `${endpointId}\u0000${unitId}\u0000${intervalMinutes}`;
}
