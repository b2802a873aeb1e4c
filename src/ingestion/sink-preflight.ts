import { isCdmModelProvisioned } from '../cdm/provisioned-models';
import type { Store } from '../store';
import type { DataMode } from '../store/models/enums';
import type { SinkEndpoint } from './sink';
import { findEndpointUnit } from './units';

export interface SinkPlan {
	sink: SinkEndpoint;
	/** The CDM model records map to (dataMode CDM), else null. */
	cdmModelId: string | null;
}

function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Checks, before anything is read or written, that the sink can take this unit's data: it exists, is an
 * enabled sink, accepts the data mode, and for CDM lists the model and has provisioned it.
 */
export async function preflightSink(
	store: Store,
	request: { sinkId: string; dataMode: DataMode; cdmModelId?: string | null; endpointId: string; unitId: string },
): Promise<SinkPlan> {
	const endpoint = await store.models.MetadataEndpoint.findByPk(request.sinkId);
	if (!endpoint) throw new Error(`Sink "${request.sinkId}" does not exist`);
	if (endpoint.family !== 'SINK') throw new Error(`Endpoint "${request.sinkId}" is not a sink`);
	if (!endpoint.enabled) throw new Error(`Sink "${request.sinkId}" is disabled`);
	const sink: SinkEndpoint = {
		id: endpoint.id,
		templateId: endpoint.templateId,
		parameters: endpoint.parameters ?? {},
		capabilities: endpoint.capabilities ?? {},
	};
	if (request.dataMode === 'RAW') {
		if (sink.capabilities.supports_raw === false || (sink.templateId !== 'pg.raw' && sink.capabilities.supports_raw !== true)) {
			throw new Error(`Sink "${sink.id}" (${sink.templateId}) does not take RAW data`);
		}
		return { sink, cdmModelId: null };
	}
	const cdmModelId = request.cdmModelId ?? (await findEndpointUnit(store, request.endpointId, request.unitId))?.cdmModelId ?? null;
	if (!cdmModelId) {
		throw new Error(`Unit ${request.unitId} has no CDM model: set cdmModelId in its config to run it in CDM data mode`);
	}
	if (sink.capabilities.supports_cdm_work !== true) {
		throw new Error(`Sink "${sink.id}" (${sink.templateId}) does not take CDM data`);
	}
	const listed = new Set([...stringList(sink.capabilities.supported_cdm_models), ...stringList(sink.parameters.models)]);
	if (!listed.has(cdmModelId)) {
		throw new Error(`Sink "${sink.id}" does not list CDM model ${cdmModelId}; it lists: ${[...listed].sort().join(', ') || 'none'}`);
	}
	if (!(await isCdmModelProvisioned(store, sink.id, cdmModelId))) {
		throw new Error(
			`CDM model ${cdmModelId} is not provisioned on sink "${sink.id}": provision the sink first, then run the unit again (nothing was written)`,
		);
	}
	return { sink, cdmModelId };
}
