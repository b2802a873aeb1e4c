import type { IngestionUnitConfigRecord } from '../../ingestion/config-record';
import type { BridgeContext } from '../context';
import { ingestionStatus } from '../status';

/** Fields of `IngestionUnitConfig` beyond the stored columns; each batches through a loader. */
export const ingestionUnitConfigResolvers = {
	lastStatus: async (config: IngestionUnitConfigRecord, _args: unknown, { loaders }: BridgeContext) =>
		ingestionStatus(await loaders.latestRun.load({ endpointId: config.endpointId, unitId: config.unitId })),
	triggerLive: (config: IngestionUnitConfigRecord, _args: unknown, { loaders }: BridgeContext) => loaders.triggerLive.load(config.endpointId),
	scheduleLive: async (config: IngestionUnitConfigRecord, _args: unknown, { loaders }: BridgeContext) =>
		config.enabled && config.scheduleKind === 'INTERVAL' && (await loaders.triggerLive.load(config.endpointId)),
	dataset: (config: IngestionUnitConfigRecord, _args: unknown, { loaders }: BridgeContext) => loaders.dataset.load(config.datasetUuid),
};
