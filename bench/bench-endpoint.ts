import { upsertConfig } from '../src/ingestion/config-service';
import { JiraMetadataSubsystem } from '../src/jira/metadata-subsystem';
import { SIMULATOR_CREDENTIALS } from '../src/jira-simulator';
import type { Store } from '../src/store';

/** The simulator's Basic credentials, as the engine takes them. */
export const SIMULATOR_AUTH = { kind: 'basic', email: SIMULATOR_CREDENTIALS.email, apiToken: SIMULATOR_CREDENTIALS.apiToken } as const;

/** A Jira endpoint on the simulator at `baseUrl` with its catalog collected and the given units configured (manual, INCREMENTAL). */
export async function addBenchEndpoint(store: Store, endpointId: string, baseUrl: string, dataMode: 'RAW' | 'CDM', units: readonly string[]): Promise<void> {
	await store.models.MetadataEndpoint.create({
		id: endpointId,
		templateId: 'jira.cloud',
		family: 'SOURCE',
		name: endpointId,
		parameters: { baseUrl, deployment: 'cloud' },
		capabilities: { supports_units: true },
	});
	await new JiraMetadataSubsystem(store, { auth: SIMULATOR_AUTH }).collect(endpointId);
	for (const unitId of units) await upsertConfig(store, { endpointId, unitId, mode: 'INCREMENTAL', dataMode, scheduleKind: 'MANUAL' });
}
