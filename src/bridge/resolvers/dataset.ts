import { datasetFields, type DatasetRecord } from '../../catalog/datasets';
import type { BridgeContext } from '../context';

export const datasetResolvers = {
	fields: (dataset: DatasetRecord) => datasetFields(dataset),
	ingestionConfig: (dataset: DatasetRecord, _args: unknown, { loaders }: BridgeContext) => loaders.configByDataset.load(dataset.id),
	lastRun: async (dataset: DatasetRecord, _args: unknown, { loaders }: BridgeContext) => {
		const config = await loaders.configByDataset.load(dataset.id);
		return config ? loaders.latestRun.load({ endpointId: config.endpointId, unitId: config.unitId }) : null;
	},
};
