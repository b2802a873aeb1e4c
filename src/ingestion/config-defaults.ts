import { BUILTIN_CDM_SINK_ID, BUILTIN_RAW_SINK_ID, type DataMode } from '../store/models/enums';

/** The sink a new config writes to when none is named: the built-in one for its data mode. */
export function defaultSinkFor(dataMode: DataMode | string): string {
	return dataMode === 'CDM' ? BUILTIN_CDM_SINK_ID : BUILTIN_RAW_SINK_ID;
}

/** A new config is enabled unless the caller says otherwise (configuring a unit is asking for it to run). */
export const DEFAULT_ENABLED = true;
export const DEFAULT_SCHEDULE_KIND = 'MANUAL';
export const DEFAULT_DATA_MODE = 'RAW';
