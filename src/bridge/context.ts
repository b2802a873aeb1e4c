import type { Store } from '../store';
import type { CdmSinkProvisioner } from './cdm-provisioner';
import { createLoaders, type BridgeLoaders } from './loaders';

/** What every resolver receives. */
export interface BridgeContext {
	store: Store;
	loaders: BridgeLoaders;
	cdmProvisioner: CdmSinkProvisioner;
}

export function createBridgeContext(store: Store, cdmProvisioner: CdmSinkProvisioner): BridgeContext {
	return { store, loaders: createLoaders(store), cdmProvisioner };
}
