import { upsertConfig } from '../../ingestion/config-service';
import { requestCollection } from '../../ingestion/collection-requests';
import { queueRun } from '../../ingestion/run-queue';
import type { BridgeContext } from '../context';
import { checkProvisionRequest, type ProvisionCdmSinkRequest } from '../cdm-provisioner';
import { ingestionStatus } from '../status';

const NO_TRIGGER = 'no live ingestion trigger is watching this endpoint, so nothing will start until one runs';

export const mutationResolvers = {
	configureIngestionUnit: async (_: unknown, { input }: { input: Record<string, unknown> }, ctx: BridgeContext) =>
		(await upsertConfig(ctx.store, { ...input })).config,

	startIngestion: async (_: unknown, { input }: { input: { endpointId: string; unitId: string } }, ctx: BridgeContext) => {
		const { run, queued } = await queueRun(ctx.store, { endpointId: input.endpointId, unitId: input.unitId, trigger: 'MANUAL' });
		const triggerLive = await ctx.loaders.triggerLive.load(run.endpointId);
		const what = queued ? `Run ${run.id} queued` : `Unit ${run.unitId} already has a ${run.status} run (${run.id}); no second run was queued`;
		return {
			ok: true,
			runId: run.id,
			status: ingestionStatus(run),
			message: triggerLive ? what : `${what}; ${NO_TRIGGER}`,
			queued,
			run,
			triggerLive,
		};
	},

	provisionCdmSink: async (_: unknown, { input }: { input: ProvisionCdmSinkRequest }, ctx: BridgeContext) => {
		const request = await checkProvisionRequest(ctx.store, { sinkEndpointId: input.sinkEndpointId, cdmModelId: input.cdmModelId });
		const outcome = await ctx.cdmProvisioner(ctx.store, request);
		ctx.loaders.dataset.clear(outcome.datasetId);
		return {
			ok: true,
			...request,
			...outcome,
			dataset: await ctx.loaders.dataset.load(outcome.datasetId),
			message: outcome.created ? `Created ${outcome.physicalLocation}` : `${outcome.physicalLocation} was already present`,
		};
	},

	collectMetadata: async (_: unknown, { endpointId }: { endpointId: string }, ctx: BridgeContext) => {
		const { request, queued } = await requestCollection(ctx.store, endpointId);
		const triggerLive = await ctx.loaders.triggerLive.load(endpointId);
		const what = queued ? `Collection ${request.id} queued` : `A collection of ${endpointId} is already ${request.status}`;
		return { ok: true, queued, request, message: triggerLive ? what : `${what}; ${NO_TRIGGER}`, triggerLive };
	},
};
