import type { Transaction } from 'sequelize';

import { isCdmModelProvisioned } from '../cdm/provisioned-models';
import { listedCdmModels, sinkSupportsDataMode } from '../catalog/sink-capabilities';
import type { Store } from '../store';
import {
	DATA_MODES,
	SCHEDULE_INTERVAL_MINUTES,
	SCHEDULE_KINDS,
	type DataMode,
	type IngestionMode,
	type ScheduleKind,
} from '../store/models/enums';
import type { ConfigDraft } from './config-draft';
import type { IngestionUnitConfigRecord } from './config-record';
import type { IngestionPolicy } from './policy';
import { checkPolicyShape, parsePolicy } from './policy-schema';
import type { EndpointUnitDescriptor } from './unit-descriptor';
import { listEndpointUnits } from './units';
import { badInput, notFound } from './validation-error';

/** Where the units of an endpoint come from (the catalog by default; tests may pass their own). */
export type UnitSource = (store: Store, endpointId: string) => Promise<EndpointUnitDescriptor[]>;

export interface ResolvedUnit {
	endpoint: { id: string; templateId: string; enabled: boolean };
	unit: EndpointUnitDescriptor;
	dataset: { id: string; datasetId: string };
}

/**
 * Rules 1-3, in order: the endpoint exists, is a source and is enabled; the unit is a known ingestion unit of it;
 * the unit's dataset exists in the catalog.
 */
export async function resolveUnit(
	store: Store,
	endpointId: string,
	unitId: string,
	unitSource: UnitSource = listEndpointUnits,
): Promise<ResolvedUnit> {
	const found = await store.models.MetadataEndpoint.findByPk(endpointId, {
		attributes: ['id', 'templateId', 'family', 'enabled'],
		raw: true,
	});
	if (!found) throw notFound('endpointId', `endpointId: endpoint "${endpointId}" does not exist`);
	if (found.family !== 'SOURCE') throw badInput('endpointId', `endpointId: endpoint "${endpointId}" is a ${found.family}, not a source`);
	if (!found.enabled) throw badInput('endpointId', `endpointId: endpoint "${endpointId}" is disabled`);
	const endpoint = { id: found.id, templateId: found.templateId, enabled: found.enabled };

	const units = await unitSource(store, endpointId);
	const unit = units.find((candidate) => candidate.unitId === unitId);
	if (!unit) {
		const known = units.length > 0 ? `its units: ${units.map((u) => u.unitId).join(', ')}` : 'it has none yet: collect its metadata first';
		throw notFound('unitId', `unitId: "${unitId}" is not an ingestion unit of endpoint "${endpointId}" (${known})`);
	}

	const dataset = await store.models.CatalogDataset.findByPk(unit.datasetUuid, { attributes: ['id', 'endpointId', 'datasetId'], raw: true });
	if (!dataset || dataset.endpointId !== endpointId) {
		throw notFound('unitId', `unitId: dataset "${unit.datasetId}" of unit "${unitId}" is not in the catalog of endpoint "${endpointId}"`);
	}
	return { endpoint, unit, dataset: { id: dataset.id, datasetId: dataset.datasetId } };
}

/** A draft that passed every rule: the settable fields of a stored config. */
export type ValidConfig = Pick<
	IngestionUnitConfigRecord,
	'enabled' | 'mode' | 'sinkId' | 'scheduleKind' | 'scheduleIntervalMinutes' | 'policy' | 'dataMode' | 'cdmModelId'
>;

function checkMode(unit: EndpointUnitDescriptor, mode: string): IngestionMode {
	const supported = unit.supportedModes as string[];
	if (!supported.includes(mode)) {
		throw badInput('mode', `mode: "${mode}" is not supported by unit "${unit.unitId}" (supported: ${supported.join(', ')})`);
	}
	return mode as IngestionMode;
}

function checkSchedule(kind: string, interval: number | null): ScheduleKind {
	if (!(SCHEDULE_KINDS as readonly string[]).includes(kind)) {
		throw badInput('scheduleKind', `scheduleKind: "${kind}" is not one of ${SCHEDULE_KINDS.join(', ')}`);
	}
	const { min, max } = SCHEDULE_INTERVAL_MINUTES;
	if (kind === 'INTERVAL') {
		if (interval === null) throw badInput('scheduleIntervalMinutes', 'scheduleIntervalMinutes is required when scheduleKind is INTERVAL');
		if (interval < min || interval > max) {
			throw badInput('scheduleIntervalMinutes', `scheduleIntervalMinutes must be within ${min}..${max} (got ${interval})`);
		}
	} else if (interval !== null) {
		throw badInput('scheduleIntervalMinutes', 'scheduleIntervalMinutes is only allowed when scheduleKind is INTERVAL');
	}
	return kind as ScheduleKind;
}

async function checkSink(
	store: Store,
	unit: EndpointUnitDescriptor,
	draft: ConfigDraft,
	transaction: Transaction | undefined,
): Promise<{ dataMode: DataMode; cdmModelId: string | null }> {
	const { sinkId, dataMode, cdmModelId } = draft;
	if (!(DATA_MODES as readonly string[]).includes(dataMode)) {
		throw badInput('dataMode', `dataMode: "${dataMode}" is not one of ${DATA_MODES.join(', ')}`);
	}
	const sink = await store.models.MetadataEndpoint.findByPk(sinkId, {
		attributes: ['id', 'family', 'enabled', 'capabilities'],
		raw: true,
		transaction,
	});
	if (!sink) throw notFound('sinkId', `sinkId: endpoint "${sinkId}" does not exist`);
	if (sink.family !== 'SINK') throw badInput('sinkId', `sinkId: endpoint "${sinkId}" is a ${sink.family}, not a SINK`);
	if (!sink.enabled) throw badInput('sinkId', `sinkId: sink "${sinkId}" is disabled`);
	if (!sinkSupportsDataMode(sink.capabilities, dataMode)) {
		throw badInput('sinkId', `sinkId: sink "${sinkId}" does not support dataMode ${dataMode}`);
	}
	if (cdmModelId !== null && cdmModelId !== unit.cdmModelId) {
		throw badInput('cdmModelId', `cdmModelId: unit "${unit.unitId}" maps to ${unit.cdmModelId ?? 'no CDM model'}, not "${cdmModelId}"`);
	}
	if (dataMode === 'CDM') {
		if (!cdmModelId) throw badInput('cdmModelId', `cdmModelId: unit "${unit.unitId}" has no CDM model, so dataMode CDM is not available`);
		if (!listedCdmModels(sink.capabilities).includes(cdmModelId)) {
			throw badInput('cdmModelId', `cdmModelId: sink "${sinkId}" does not list CDM model ${cdmModelId}`);
		}
		if (!(await isCdmModelProvisioned(store, sinkId, cdmModelId, transaction))) {
			throw badInput(
				'cdmModelId',
				`cdmModelId: CDM model ${cdmModelId} is not provisioned on sink "${sinkId}" (run provisionCdmSink first)`,
			);
		}
	}
	return { dataMode: dataMode as DataMode, cdmModelId };
}

function checkPolicy(unit: EndpointUnitDescriptor, mode: IngestionMode, draft: ConfigDraft): IngestionPolicy {
	if (draft.givenPolicy === undefined) return parsePolicy(unit, mode, draft.storedPolicy ?? unit.defaultPolicy);
	// A given policy is completed with the unit's defaults for the keys it leaves out.
	const given = checkPolicyShape(draft.givenPolicy);
	return parsePolicy(unit, mode, { ...unit.defaultPolicy, ...given });
}

/** Rules 4-7, in order: mode, schedule, sink and data mode (CDM: listed and provisioned model), policy. */
export async function validateDraft(
	store: Store,
	unit: EndpointUnitDescriptor,
	draft: ConfigDraft,
	transaction?: Transaction,
): Promise<ValidConfig> {
	const mode = checkMode(unit, draft.mode);
	const scheduleKind = checkSchedule(draft.scheduleKind, draft.scheduleIntervalMinutes);
	const { dataMode, cdmModelId } = await checkSink(store, unit, draft, transaction);
	const policy = checkPolicy(unit, mode, draft);
	return {
		enabled: draft.enabled,
		mode,
		sinkId: draft.sinkId,
		scheduleKind,
		scheduleIntervalMinutes: draft.scheduleIntervalMinutes,
		policy,
		dataMode,
		cdmModelId,
	};
}
