import DataLoader from 'dataloader';

import { datasetsByIds, type DatasetRecord } from '../catalog/datasets';
import { publicEndpointsByIds, type PublicEndpointRecord } from '../catalog/endpoints';
import { provisionedCdmTablesOf, type ProvisionedCdmTable } from '../cdm/provisioned-models';
import { listConfigsByDatasetUuids, type IngestionUnitConfigRecord } from '../ingestion';
import { latestRunsFor, type UnitKey } from '../ingestion/run-queue';
import type { IngestionRunRecord } from '../ingestion/run-record';
import { liveTriggersFor } from '../ingestion/trigger-heartbeat';
import type { EndpointUnitDescriptor } from '../ingestion/unit-descriptor';
import { listEndpointUnits } from '../ingestion/units';
import type { Store } from '../store';

/** Per-request batching: one statement per kind of read, whatever the number of objects in the answer. */
export interface BridgeLoaders {
	endpoint: DataLoader<string, PublicEndpointRecord | null>;
	dataset: DataLoader<string, DatasetRecord | null>;
	configByDataset: DataLoader<string, IngestionUnitConfigRecord | null>;
	latestRun: DataLoader<UnitKey, IngestionRunRecord | null, string>;
	triggerLive: DataLoader<string, boolean>;
	units: DataLoader<string, EndpointUnitDescriptor[]>;
	/** CDM tables provisioned on each sink. */
	provisionedCdm: DataLoader<string, ProvisionedCdmTable[]>;
}

function byKey<K, V>(keys: readonly K[], values: V[], keyOf: (value: V) => K): Array<V | null> {
	const map = new Map<K, V>();
	for (const value of values) map.set(keyOf(value), value);
	return keys.map((key) => map.get(key) ?? null);
}

const unitKey = (key: UnitKey) => `${key.endpointId}\u0000${key.unitId}`;

export function createLoaders(store: Store): BridgeLoaders {
	return {
		endpoint: new DataLoader(async (ids) => byKey(ids, await publicEndpointsByIds(store, ids), (e) => e.id)),
		dataset: new DataLoader(async (ids) => byKey(ids, await datasetsByIds(store, ids), (d) => d.id)),
		configByDataset: new DataLoader(async (ids) =>
			byKey(ids, await listConfigsByDatasetUuids(store, ids), (c) => c.datasetUuid),
		),
		latestRun: new DataLoader(
			async (keys) => {
				const runs = await latestRunsFor(store, keys);
				return byKey(keys.map(unitKey), runs, (run) => unitKey(run));
			},
			{ cacheKeyFn: unitKey },
		),
		triggerLive: new DataLoader(async (endpointIds) => {
			const live = await liveTriggersFor(store, endpointIds);
			return endpointIds.map((id) => live.get(id) ?? false);
		}),
		// Units come from each endpoint's catalog; a request rarely asks for more than one endpoint's.
		units: new DataLoader(async (endpointIds) => Promise.all(endpointIds.map((id) => listEndpointUnits(store, id)))),
		provisionedCdm: new DataLoader(async (sinkIds) => {
			const tables = await provisionedCdmTablesOf(store, sinkIds);
			return sinkIds.map((id) => tables.filter((table) => table.sinkId === id));
		}),
	};
}
