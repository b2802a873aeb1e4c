import type { Endpoint, IngestionUnit, IngestionUnitConfigInput, SinkCdmModel } from '../../../src/client/types';
import { scheduleChoiceOf, scheduleInput, type ScheduleChoice } from './schedule';

/** The configure drawer's fields. */
export interface ConfigForm {
	enabled: boolean;
	mode: string;
	schedule: ScheduleChoice;
	dataMode: string;
	sinkId: string;
	/** Comma-separated field names. */
	primaryKeys: string;
	cursorField: string;
}

function policyOf(unit: IngestionUnit): Record<string, unknown> {
	return { ...(unit.config?.policy ?? unit.defaultPolicy) };
}

/** The drawer's starting values: the unit's config, or its defaults (a unit being configured is enabled, as the bridge does). */
export function initialForm(unit: IngestionUnit): ConfigForm {
	const { config } = unit;
	const policy = policyOf(unit);
	return {
		enabled: config?.enabled ?? true,
		mode: config?.mode ?? unit.defaultMode,
		schedule: config ? scheduleChoiceOf(config.scheduleKind, config.scheduleIntervalMinutes) : 'MANUAL',
		dataMode: config?.dataMode ?? unit.defaultDataMode,
		sinkId: config?.sinkId ?? unit.defaultSinkId,
		primaryKeys: Array.isArray(policy.primaryKeys) ? policy.primaryKeys.join(', ') : '',
		cursorField: typeof policy.cursorField === 'string' ? policy.cursorField : '',
	};
}

/** The enabled sinks that accept a data mode. */
export function sinksFor(endpoints: readonly Endpoint[], dataMode: string): Endpoint[] {
	return endpoints.filter((e) => e.family === 'SINK' && e.enabled && e.supportedDataModes.includes(dataMode));
}

/** The sink to keep when the data mode changes: the current one if it accepts the mode, else the first that does. */
export function sinkForDataMode(currentSinkId: string, candidates: readonly Endpoint[]): string {
	return candidates.some((sink) => sink.id === currentSinkId) ? currentSinkId : (candidates[0]?.id ?? '');
}

/** The CDM model's state on a sink (undefined when the sink does not offer it). */
export function cdmModelOn(sink: Endpoint | undefined, cdmModelId: string | null): SinkCdmModel | undefined {
	if (!sink || !cdmModelId) return undefined;
	return sink.cdmModels.find((model) => model.cdmModelId === cdmModelId);
}

export function splitFieldList(text: string): string[] {
	return text
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name.length > 0);
}

/**
 * The configureIngestionUnit input for the drawer's values. The stored policy's other keys (filters, lookback) are
 * kept; an emptied primary key or cursor field falls back to the unit's default (the bridge completes the policy).
 */
export function configInput(unit: IngestionUnit, form: ConfigForm): IngestionUnitConfigInput {
	const policy = policyOf(unit);
	const primaryKeys = splitFieldList(form.primaryKeys);
	if (primaryKeys.length > 0) policy.primaryKeys = primaryKeys;
	else delete policy.primaryKeys;
	const cursorField = form.cursorField.trim();
	if (cursorField) policy.cursorField = cursorField;
	else delete policy.cursorField;
	return {
		endpointId: unit.endpointId,
		unitId: unit.unitId,
		enabled: form.enabled,
		mode: form.mode,
		...scheduleInput(form.schedule),
		dataMode: form.dataMode,
		sinkId: form.sinkId || null,
		cdmModelId: form.dataMode === 'CDM' ? unit.cdmModelId : null,
		policy,
	};
}
