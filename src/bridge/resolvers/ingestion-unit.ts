import { DEFAULT_DATA_MODE, defaultSinkFor } from '../../ingestion/config-defaults';
import type { EndpointUnitDescriptor } from '../../ingestion/unit-descriptor';
import type { BridgeContext } from '../context';

/** A unit descriptor together with the endpoint it belongs to (descriptors do not carry it). */
export type IngestionUnitParent = EndpointUnitDescriptor & { endpointId: string };

export const ingestionUnitResolvers = {
	defaultSinkId: () => defaultSinkFor(DEFAULT_DATA_MODE),
	defaultDataMode: () => DEFAULT_DATA_MODE,
	dataset: (unit: IngestionUnitParent, _args: unknown, { loaders }: BridgeContext) => loaders.dataset.load(unit.datasetUuid),
	config: (unit: IngestionUnitParent, _args: unknown, { loaders }: BridgeContext) => loaders.configByDataset.load(unit.datasetUuid),
};
