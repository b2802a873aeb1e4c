export { createBridgeServer, GRAPHQL_PATH, HEALTH_PATH, type BridgeServer, type BridgeServerOptions } from './server';
export { API_TOKEN_ENV, MIN_TOKEN_LENGTH } from './auth';
export { buildBridgeSchema, bridgeTypeDefs, SCHEMA_PATH } from './schema';
export { DEFAULT_BRIDGE_LIMITS, type BridgeLimits } from './limits';
export { CONSOLE_PATH } from './static-files';
export {
	defaultCdmSinkProvisioner,
	checkProvisionRequest,
	type CdmSinkProvisioner,
	type ProvisionCdmSinkOutcome,
	type ProvisionCdmSinkRequest,
} from './cdm-provisioner';
