/** Scheduling of INTERVAL units and dispatch of queued requests: what the n8n Ingestion Trigger runs. */
export { cronPlanFor, slotStartAt, SLOT_TOLERANCE_MS, type UnitCronPlan, type CronPlanOptions } from './cron-plan';
export { claimScheduleSlot, recordSlotRun, lastScheduleSlot, type SlotClaimRequest, type ScheduleSlotRecord } from './schedule-slots';
export { listLiveSchedules, type LiveSchedule } from './live-schedules';
export { claimQueuedRuns, type ClaimRunsOptions } from './run-dispatch';
export { claimQueuedCollections, type ClaimCollectionsOptions } from './collection-dispatch';
export { sampleRunRequest, DOCUMENTED_SAMPLE_REQUEST } from './sample-request';
export { IngestionTriggerService, type IngestionTriggerOptions, type TriggerLogger } from './trigger-service';
export type { RunRequest, CollectRequest, TriggerRequest } from './trigger-request';
