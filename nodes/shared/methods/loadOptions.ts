import { NodeOperationError, type ILoadOptionsFunctions, type INodePropertyOptions } from 'n8n-workflow';

import { CDM_WORK_MODEL_IDS } from '../../../src/cdm/model-ids';
import { listPublicEndpoints } from '../../../src/catalog/endpoints';
import { listEndpointUnits } from '../../../src/ingestion/units';
import { Secrets, storeOf } from '../credentials';
import { toNodeError } from '../node-error';

async function endpointOptions(ctx: ILoadOptionsFunctions, keep: (endpoint: { family: string; templateId: string }) => boolean): Promise<INodePropertyOptions[]> {
	const secrets = new Secrets();
	try {
		const store = await storeOf(ctx, secrets);
		return (await listPublicEndpoints(store))
			.filter(keep)
			.map((endpoint) => ({
				name: endpoint.enabled ? `${endpoint.name} (${endpoint.id})` : `${endpoint.name} (${endpoint.id}, disabled)`,
				value: endpoint.id,
				description: endpoint.templateId,
			}));
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, secrets);
	}
}

/** Source endpoints (Jira sites) of the store. */
export function getSourceEndpoints(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return endpointOptions(this, (endpoint) => endpoint.family === 'SOURCE');
}

/** "All endpoints", then the source endpoints (the Ingestion Trigger's scope). */
export async function getTriggerEndpoints(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: 'All Endpoints', value: '', description: 'Watch every endpoint of the store' }, ...(await getSourceEndpoints.call(this))];
}

/** Sink endpoints (raw and CDM). */
export function getSinks(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return endpointOptions(this, (endpoint) => endpoint.family === 'SINK');
}

/** CDM sinks (cdm.jdbc). */
export function getCdmSinks(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return endpointOptions(this, (endpoint) => endpoint.family === 'SINK' && endpoint.templateId === 'cdm.jdbc');
}

/** Ingestion units of the chosen endpoint (none before its metadata is collected). */
export async function getUnits(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const endpointId = this.getCurrentNodeParameter('endpointId');
	if (typeof endpointId !== 'string' || endpointId === '') return [];
	const secrets = new Secrets();
	try {
		const store = await storeOf(this, secrets);
		const units = await listEndpointUnits(store, endpointId);
		if (units.length === 0) {
			throw new NodeOperationError(this.getNode(), `Endpoint "${endpointId}" has no ingestion units yet`, {
				description: 'Collect its metadata first (Jira Source node, operation "Collect Metadata").',
			});
		}
		return units.map((unit) => ({ name: `${unit.name} (${unit.unitId})`, value: unit.unitId, description: `Default mode ${unit.defaultMode}` }));
	} catch (error) {
		throw toNodeError(this.getNode(), error, secrets);
	}
}

/** The CDM work models. */
export async function getCdmModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return CDM_WORK_MODEL_IDS.map((id) => ({ name: id, value: id }));
}
