export { ConfigValidationError, isConfigValidationError, type ValidationErrorCode } from './validation-error';
export type { IngestionUnitConfigRecord } from './config-record';
export { configInputSchema, type IngestionUnitConfigInput } from './config-input';
export {
	upsertConfig,
	getConfig,
	listConfigs,
	listConfigsByIds,
	listConfigsByDatasetUuids,
	disableEndpointConfigs,
	deleteEndpointConfigs,
	type UpsertConfigResult,
	type ConfigServiceOptions,
} from './config-service';
export { resolveUnit, type UnitSource } from './config-validation';
export { policySchemaFor, parsePolicy, POLICY_BOUNDS, POLICY_LIMITS } from './policy-schema';
export { setEndpointEnabled, deleteEndpoint } from './endpoint-lifecycle';
export {
	INGESTION_EVENTS_CHANNEL,
	listenIngestionEvents,
	parseIngestionEvent,
	type IngestionEvent,
	type ConfigEvent,
	type RunEvent,
	type CollectEvent,
	type TriggerEvent,
	type IngestionEventListener,
} from './events';
export {
	recordTriggerHeartbeat,
	removeTriggerHeartbeat,
	isTriggerLive,
	liveTriggersFor,
	TRIGGER_LIVE_WITHIN_SECONDS,
	type TriggerHeartbeat,
} from './trigger-heartbeat';
export { queueRun, listRuns, getRun, latestRunsFor, type QueueRunRequest, type QueueRunResult, type UnitKey } from './run-queue';
export { runCounts, type IngestionRunRecord } from './run-record';
export {
	requestCollection,
	getCollectionRequest,
	listCollectionRequests,
	type CollectionRequestRecord,
	type RequestCollectionResult,
} from './collection-requests';
export { listEndpointUnits, findEndpointUnit } from './units';
export type { EndpointUnitDescriptor } from './unit-descriptor';
export type { IngestionPolicy } from './policy';
export { getConfigOrDefaults, listEffectiveConfigs, type EffectiveUnitConfig } from './config-or-defaults';
export { runCollectionRequest, type CollectionOutcome, type RunCollectionOptions } from './collection-execution';
export { runInputForRequest, type RunRequestRef } from './run-request-input';
export { readUnitRecords, MAX_PREVIEW_RECORDS, type PreviewStart, type ReadUnitRecordsRequest, type UnitRecordsPreview } from './unit-preview';
