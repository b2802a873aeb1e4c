import { DATA_MODES, type DataMode } from '../store/models/enums';

/** What a sink endpoint's `capabilities` say about the data it accepts. */
export interface SinkCapabilityFacts {
	family: string;
	capabilities: Record<string, unknown> | null | undefined;
}

/** Whether a sink accepts a data mode: RAW when `supports_raw`, CDM when `supports_cdm_work`. */
export function sinkSupportsDataMode(capabilities: Record<string, unknown> | null | undefined, dataMode: DataMode | string): boolean {
	if (dataMode === 'CDM') return capabilities?.supports_cdm_work === true;
	if (dataMode === 'RAW') return capabilities?.supports_raw === true;
	return false;
}

/** The data modes an endpoint accepts as a sink (none for a source). */
export function sinkDataModes(endpoint: SinkCapabilityFacts): DataMode[] {
	if (endpoint.family !== 'SINK') return [];
	return DATA_MODES.filter((mode) => sinkSupportsDataMode(endpoint.capabilities, mode));
}

/** The CDM models a sink lists in `capabilities.supported_cdm_models` (strings only). */
export function listedCdmModels(capabilities: Record<string, unknown> | null | undefined): string[] {
	const listed = capabilities?.supported_cdm_models;
	return Array.isArray(listed) ? listed.filter((model): model is string => typeof model === 'string') : [];
}
