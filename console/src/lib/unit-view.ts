import type { IngestionState, IngestionStatus, IngestionUnit } from '../../../src/client/types';
import { scheduleText } from './schedule';

/** What the units table shows for a unit: its config, or its defaults when it has none. */
export interface UnitView {
	unitId: string;
	name: string;
	configured: boolean;
	enabled: boolean;
	mode: string;
	schedule: string;
	sinkId: string;
	dataMode: string;
	lastStatus: IngestionStatus | null;
}

export function unitView(unit: IngestionUnit): UnitView {
	const { config } = unit;
	return {
		unitId: unit.unitId,
		name: unit.name,
		configured: config !== null,
		enabled: config?.enabled ?? false,
		mode: config?.mode ?? unit.defaultMode,
		schedule: config ? scheduleText(config.scheduleKind, config.scheduleIntervalMinutes) : scheduleText('MANUAL', null),
		sinkId: config?.sinkId ?? unit.defaultSinkId,
		dataMode: config?.dataMode ?? unit.defaultDataMode,
		lastStatus: config?.lastStatus ?? null,
	};
}

const ACTIVE: ReadonlySet<IngestionState> = new Set(['QUEUED', 'RUNNING']);

/** Whether a unit has a run that has not finished yet (the console polls while one does). */
export function hasActiveRun(unit: IngestionUnit): boolean {
	const state = unit.config?.lastStatus?.state;
	return state !== undefined && ACTIVE.has(state);
}
