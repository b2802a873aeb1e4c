import { listedCdmModels, sinkSupportsDataMode } from '../catalog/sink-capabilities';
import { z } from 'zod';

import { CdmError } from '../cdm/errors';
import { isCdmWorkModelId } from '../cdm/model-ids';
import { provisionCdmSink } from '../cdm/provision';
import { idSchema, parseRequest } from '../ingestion/input-schema';
import { badInput, notFound } from '../ingestion/validation-error';
import type { Store } from '../store';

export interface ProvisionCdmSinkRequest {
	sinkEndpointId: string;
	cdmModelId: string;
}

/** What provisioning a CDM model on a sink produced. */
export interface ProvisionCdmSinkOutcome {
	schema: string;
	table: string;
	/** `schema.table` */
	physicalLocation: string;
	/** catalog_datasets.id of the CDM_TABLE dataset registered for the table. */
	datasetId: string;
	/** True when the table was created now, false when it was already present. */
	created: boolean;
}

/**
 * Creates a CDM model's table on a sink idempotently and registers it as a CDM_TABLE catalog dataset.
 * The bridge only checks the request and calls it.
 */
export type CdmSinkProvisioner = (store: Store, request: ProvisionCdmSinkRequest) => Promise<ProvisionCdmSinkOutcome>;

/** CDM errors the user can act on become input errors naming the request field; others stay internal. */
function asRequestError(error: unknown): unknown {
	if (!(error instanceof CdmError)) return error;
	switch (error.code) {
		case 'ENDPOINT_NOT_FOUND':
			return notFound('sinkEndpointId', `sinkEndpointId: ${error.message}`);
		case 'MODEL_NOT_SUPPORTED':
			return badInput('cdmModelId', `cdmModelId: ${error.message}`);
		case 'NOT_A_CDM_SINK':
		case 'INVALID_PARAMETER':
		case 'TABLE_CONFLICT':
			return badInput('sinkEndpointId', `sinkEndpointId: ${error.message}`);
		default:
			return error;
	}
}

/** The bridge's provisioner: the shared `provisionCdmSink` operation of src/cdm/provision.ts. */
export const defaultCdmSinkProvisioner: CdmSinkProvisioner = async (store, { sinkEndpointId, cdmModelId }) => {
	try {
		const result = await provisionCdmSink(store, sinkEndpointId, cdmModelId);
		return {
			schema: result.schema,
			table: result.table,
			physicalLocation: result.physicalLocation,
			datasetId: result.datasetId,
			created: result.created,
		};
	} catch (error) {
		throw asRequestError(error);
	}
};

const provisionRequestSchema = z.object({ sinkEndpointId: idSchema, cdmModelId: idSchema });

/** The provisioning request's rules: a known, enabled CDM sink that lists the model. Returns the request trimmed. */
export async function checkProvisionRequest(store: Store, input: ProvisionCdmSinkRequest): Promise<ProvisionCdmSinkRequest> {
	const request = parseRequest(provisionRequestSchema, input);
	const sink = await store.models.MetadataEndpoint.findByPk(request.sinkEndpointId, {
		attributes: ['id', 'family', 'enabled', 'capabilities'],
		raw: true,
	});
	if (!sink) throw notFound('sinkEndpointId', `sinkEndpointId: endpoint "${request.sinkEndpointId}" does not exist`);
	if (sink.family !== 'SINK' || !sinkSupportsDataMode(sink.capabilities, 'CDM')) {
		throw badInput('sinkEndpointId', `sinkEndpointId: endpoint "${request.sinkEndpointId}" is not a CDM sink`);
	}
	if (!sink.enabled) throw badInput('sinkEndpointId', `sinkEndpointId: sink "${request.sinkEndpointId}" is disabled`);
	if (!isCdmWorkModelId(request.cdmModelId)) {
		throw badInput('cdmModelId', `cdmModelId: "${request.cdmModelId}" is not a known CDM model`);
	}
	if (!listedCdmModels(sink.capabilities).includes(request.cdmModelId)) {
		throw badInput('cdmModelId', `cdmModelId: sink "${request.sinkEndpointId}" does not list CDM model ${request.cdmModelId}`);
	}
	return request;
}
