import type { PublicEndpointRecord } from '../../catalog/endpoints';
import { listedCdmModels, sinkDataModes } from '../../catalog/sink-capabilities';
import { sinkCdmModelStates } from '../../cdm/provisioned-models';
import type { BridgeContext } from '../context';

export const endpointResolvers = {
	triggerLive: (endpoint: PublicEndpointRecord, _args: unknown, { loaders }: BridgeContext) => loaders.triggerLive.load(endpoint.id),
	supportedDataModes: (endpoint: PublicEndpointRecord) => sinkDataModes(endpoint),
	cdmModels: async (endpoint: PublicEndpointRecord, _args: unknown, { loaders }: BridgeContext) => {
		if (endpoint.family !== 'SINK') return [];
		return sinkCdmModelStates(listedCdmModels(endpoint.capabilities), await loaders.provisionedCdm.load(endpoint.id));
	},
};
