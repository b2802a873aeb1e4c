/** The ingestion engine's public API in one place, for the n8n nodes, the bridge and the CLI. */
export { runIngestionUnit } from './run-unit';
export { runCustomUnit, CustomRunFailedError, type CustomUnitPage, type CustomUnitRun } from './custom-run';
export { RunCancelledError, defaultWorkerId, type RunUnitDeps, type RunUnitResult } from './run-session';
export { parseRunUnitInput, runInputFromConfig, ingestionPolicySchema, type RunUnitInput } from './run-input';
export type { RunProgress, RunStats } from './run-stats';
export { parseUnitCheckpoint, type UnitCheckpoint } from './checkpoint';
export { listRecentRuns, type RunSummary, type ListRunsRequest } from './run-history';
export { sanitizeError } from './sanitize-error';
export { envCredentialsProvider } from './env-credentials';
export { DEFAULT_LEASE_TTL_MS, LeaseLostError } from './unit-lease';
export {
	DEFAULT_UNIT_SINK_FACTORIES,
	DEFAULT_UNIT_SOURCE_FACTORIES,
	defaultUnitSinkFactory,
	defaultUnitSourceFactory,
} from './default-factories';
export type * from './source';
export type * from './sink';
export type { JsonValue } from './json-value';
