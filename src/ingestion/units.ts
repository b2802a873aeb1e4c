import { listJiraUnits } from '../jira/units';
import type { Store } from '../store';
import type { EndpointUnitDescriptor } from './unit-descriptor';

/** Ingestion units of any endpoint, dispatched on its template; sinks and unknown endpoints have none. */
export async function listEndpointUnits(store: Store, endpointId: string): Promise<EndpointUnitDescriptor[]> {
	const endpoint = await store.models.MetadataEndpoint.findByPk(endpointId, { attributes: ['id', 'templateId'] });
	if (!endpoint) return [];
	switch (endpoint.templateId) {
		case 'jira.cloud':
		case 'jira.datacenter':
			return listJiraUnits(store, endpointId);
		default:
			return [];
	}
}

export async function findEndpointUnit(
	store: Store,
	endpointId: string,
	unitId: string,
): Promise<EndpointUnitDescriptor | undefined> {
	return (await listEndpointUnits(store, endpointId)).find((unit) => unit.unitId === unitId);
}
