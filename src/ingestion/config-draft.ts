import type { IngestionUnitConfigRecord } from './config-record';
import { DEFAULT_DATA_MODE, DEFAULT_ENABLED, DEFAULT_SCHEDULE_KIND, defaultSinkFor } from './config-defaults';
import type { ParsedConfigInput } from './config-input';
import type { EndpointUnitDescriptor } from './unit-descriptor';

/** The config an upsert would store, before its values are checked (strings may still be unknown modes etc.). */
export interface ConfigDraft {
	enabled: boolean;
	mode: string;
	sinkId: string;
	scheduleKind: string;
	scheduleIntervalMinutes: number | null;
	dataMode: string;
	cdmModelId: string | null;
	/** The policy the caller sent (not yet checked), or undefined to keep the stored one. */
	givenPolicy: unknown;
	storedPolicy: Record<string, unknown> | undefined;
}

/**
 * Applies the upsert rules: a field the caller omits (or sends as null) keeps its stored value, and on create takes
 * the unit's default. Three coupling rules keep the common calls short: naming `scheduleKind: MANUAL` clears the
 * interval; switching to INTERVAL keeps a stored interval; changing `dataMode` without naming a sink picks the
 * default sink of the new data mode (`warehouse` for RAW, `cdm` for CDM).
 */
export function draftConfig(
	input: ParsedConfigInput,
	stored: IngestionUnitConfigRecord | undefined,
	unit: EndpointUnitDescriptor,
): ConfigDraft {
	const dataMode = input.dataMode ?? stored?.dataMode ?? DEFAULT_DATA_MODE;
	const scheduleKind = input.scheduleKind ?? stored?.scheduleKind ?? DEFAULT_SCHEDULE_KIND;
	const keptInterval = input.scheduleKind === 'MANUAL' ? null : (stored?.scheduleIntervalMinutes ?? null);
	return {
		enabled: input.enabled ?? stored?.enabled ?? DEFAULT_ENABLED,
		mode: input.mode ?? stored?.mode ?? unit.defaultMode,
		sinkId: input.sinkId ?? (stored && stored.dataMode === dataMode ? stored.sinkId : defaultSinkFor(dataMode)),
		scheduleKind,
		scheduleIntervalMinutes: input.scheduleIntervalMinutes ?? keptInterval,
		dataMode,
		cdmModelId: input.cdmModelId ?? stored?.cdmModelId ?? unit.cdmModelId,
		givenPolicy: input.policy ?? undefined,
		storedPolicy: stored ? (stored.policy as Record<string, unknown>) : undefined,
	};
}
