import type { DataMode, IngestionMode, ScheduleKind } from '../store/models/enums';
import type { Store } from '../store';
import { draftConfig } from './config-draft';
import type { IngestionUnitConfigRecord } from './config-record';
import { getConfig, listConfigs } from './config-service';
import { resolveUnit } from './config-validation';
import type { IngestionPolicy } from './policy';
import type { EndpointUnitDescriptor } from './unit-descriptor';
import { listEndpointUnits } from './units';

/** A unit's stored config, or (`configured: false`) the config a first upsert without fields would store. */
export interface EffectiveUnitConfig {
	configured: boolean;
	/** The stored config's id; null for defaults. */
	id: string | null;
	endpointId: string;
	unitId: string;
	datasetId: string;
	enabled: boolean;
	mode: IngestionMode;
	sinkId: string;
	scheduleKind: ScheduleKind;
	scheduleIntervalMinutes: number | null;
	policy: IngestionPolicy;
	dataMode: DataMode;
	cdmModelId: string | null;
	createdAt: Date | null;
	updatedAt: Date | null;
}

function fromRecord(config: IngestionUnitConfigRecord): EffectiveUnitConfig {
	return { configured: true, ...config };
}

function defaultsOf(endpointId: string, unit: EndpointUnitDescriptor): EffectiveUnitConfig {
	const draft = draftConfig({ endpointId, unitId: unit.unitId }, undefined, unit);
	return {
		configured: false,
		id: null,
		endpointId,
		unitId: unit.unitId,
		datasetId: unit.datasetId,
		enabled: draft.enabled,
		mode: draft.mode as IngestionMode,
		sinkId: draft.sinkId,
		scheduleKind: draft.scheduleKind as ScheduleKind,
		scheduleIntervalMinutes: draft.scheduleIntervalMinutes,
		policy: { ...unit.defaultPolicy },
		dataMode: draft.dataMode as DataMode,
		cdmModelId: draft.cdmModelId,
		createdAt: null,
		updatedAt: null,
	};
}

/**
 * The config of one unit, or its defaults when it has none. Unknown endpoints and units are refused with a
 * `ConfigValidationError` naming the field.
 */
export async function getConfigOrDefaults(store: Store, endpointId: string, unitId: string): Promise<EffectiveUnitConfig> {
	const stored = await getConfig(store, endpointId, unitId);
	if (stored) return fromRecord(stored);
	const { unit } = await resolveUnit(store, endpointId, unitId);
	return defaultsOf(endpointId, unit);
}

/** Every stored config of an endpoint, and, with `includeUnconfigured`, the defaults of its other units; by unit id. */
export async function listEffectiveConfigs(
	store: Store,
	endpointId: string,
	options: { includeUnconfigured?: boolean } = {},
): Promise<EffectiveUnitConfig[]> {
	const stored = (await listConfigs(store, endpointId)).map(fromRecord);
	if (!options.includeUnconfigured) return stored;
	const configured = new Set(stored.map((config) => config.unitId));
	const defaults = (await listEndpointUnits(store, endpointId)).filter((unit) => !configured.has(unit.unitId)).map((unit) => defaultsOf(endpointId, unit));
	return [...stored, ...defaults].sort((a, b) => a.unitId.localeCompare(b.unitId));
}
