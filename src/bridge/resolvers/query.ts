import { listDatasets } from '../../catalog/datasets';
import { listPublicEndpoints, type PublicEndpointRecord } from '../../catalog/endpoints';
import { getConfig, listConfigs } from '../../ingestion/config-service';
import { getRun, listRuns } from '../../ingestion/run-queue';
import { notFound } from '../../ingestion/validation-error';
import type { BridgeContext } from '../context';
import type { IngestionUnitParent } from './ingestion-unit';

/** The endpoint, or NOT_FOUND naming `field`. */
export async function requireEndpoint(ctx: BridgeContext, endpointId: string, field = 'endpointId'): Promise<PublicEndpointRecord> {
	const endpoint = await ctx.loaders.endpoint.load(endpointId);
	if (!endpoint) throw notFound(field, `${field}: endpoint "${endpointId}" does not exist`);
	return endpoint;
}

export const queryResolvers = {
	ingestionUnitConfigs: async (_: unknown, { endpointId }: { endpointId: string }, ctx: BridgeContext) => {
		await requireEndpoint(ctx, endpointId);
		return listConfigs(ctx.store, endpointId);
	},
	ingestionUnitConfig: (_: unknown, { endpointId, unitId }: { endpointId: string; unitId: string }, ctx: BridgeContext) =>
		getConfig(ctx.store, endpointId, unitId),
	endpoints: async (_: unknown, _args: unknown, ctx: BridgeContext) => {
		const endpoints = await listPublicEndpoints(ctx.store);
		for (const endpoint of endpoints) ctx.loaders.endpoint.prime(endpoint.id, endpoint);
		return endpoints;
	},
	endpoint: (_: unknown, { id }: { id: string }, ctx: BridgeContext) => ctx.loaders.endpoint.load(id),
	datasets: async (_: unknown, { endpointId }: { endpointId: string }, ctx: BridgeContext) => {
		await requireEndpoint(ctx, endpointId);
		const datasets = await listDatasets(ctx.store, endpointId);
		for (const dataset of datasets) ctx.loaders.dataset.prime(dataset.id, dataset);
		return datasets;
	},
	dataset: (_: unknown, { id }: { id: string }, ctx: BridgeContext) => ctx.loaders.dataset.load(id),
	ingestionUnits: async (_: unknown, { endpointId }: { endpointId: string }, ctx: BridgeContext): Promise<IngestionUnitParent[]> => {
		await requireEndpoint(ctx, endpointId);
		const units = await ctx.loaders.units.load(endpointId);
		return units.map((unit) => ({ ...unit, endpointId }));
	},
	ingestionRuns: async (
		_: unknown,
		{ endpointId, unitId, limit }: { endpointId: string; unitId?: string | null; limit?: number | null },
		ctx: BridgeContext,
	) => {
		await requireEndpoint(ctx, endpointId);
		return listRuns(ctx.store, endpointId, { unitId: unitId ?? undefined, limit: limit ?? undefined });
	},
	ingestionRun: (_: unknown, { id }: { id: string }, ctx: BridgeContext) => getRun(ctx.store, id),
};
