import getPort from 'get-port';

import { provisionAllCdmModels } from '../cdm/provision';
import { upsertConfig } from '../ingestion/config-service';
import { saveJiraEndpoint } from '../jira/endpoint-registration';
import { JiraMetadataSubsystem } from '../jira/metadata-subsystem';
import { SIMULATOR_CREDENTIALS, startJiraSimulator, type JiraSimulator } from '../jira-simulator';
import type { Store } from '../store';
import type { JiraCredentialInput } from './worker-workflow';

export const DEMO_ENDPOINT_ID = 'jira-demo';

/** The units the demo schedules, each every minute. */
export const DEMO_UNITS = [
	{ unitId: 'jira.issues', dataMode: 'CDM' },
	{ unitId: 'jira.projects', dataMode: 'CDM' },
	{ unitId: 'jira.worklogs', dataMode: 'RAW' },
] as const;

export interface DemoSetup {
	simulator: JiraSimulator;
	endpointId: string;
	jira: JiraCredentialInput;
}

/**
 * The demo's Jira: the seeded simulator on 127.0.0.1 (port 8089 when free), registered as endpoint `jira-demo`
 * (its base URL updated on every start), metadata collected, every CDM model of the built-in `cdm` sink provisioned,
 * and a few units enabled every minute, so runs and CDM rows appear within minutes without a Jira account.
 */
export async function setUpDemo(store: Store, options: { issues?: number; log?: (line: string) => void } = {}): Promise<DemoSetup> {
	const log = options.log ?? (() => undefined);
	const port = await getPort({ host: '127.0.0.1', port: 8089 });
	const simulator = await startJiraSimulator({ port, issues: options.issues ?? 300, seed: 1, realTimeClock: true });
	try {
		log(`Jira simulator (${options.issues ?? 300} issues) on ${simulator.url}`);
		const parameters = { baseUrl: simulator.url, deployment: 'cloud' as const };
		await saveJiraEndpoint(store, { id: DEMO_ENDPOINT_ID, name: 'Demo Jira (simulator)', parameters }, { replace: true });
		const auth = { kind: 'basic' as const, email: SIMULATOR_CREDENTIALS.email, apiToken: SIMULATOR_CREDENTIALS.apiToken };
		await new JiraMetadataSubsystem(store, { auth }).collect(DEMO_ENDPOINT_ID);
		log(`Endpoint ${DEMO_ENDPOINT_ID}: metadata collected`);
		const provisioned = await provisionAllCdmModels(store, 'cdm');
		log(`CDM sink "cdm": ${provisioned.length} models provisioned`);
		for (const unit of DEMO_UNITS) {
			await upsertConfig(store, {
				endpointId: DEMO_ENDPOINT_ID,
				unitId: unit.unitId,
				dataMode: unit.dataMode,
				enabled: true,
				scheduleKind: 'INTERVAL',
				scheduleIntervalMinutes: 1,
			});
		}
		log(`Enabled every minute: ${DEMO_UNITS.map((unit) => `${unit.unitId} (${unit.dataMode})`).join(', ')}`);
		return {
			simulator,
			endpointId: DEMO_ENDPOINT_ID,
			jira: { deployment: 'cloud', siteUrl: simulator.url, email: SIMULATOR_CREDENTIALS.email, apiToken: SIMULATOR_CREDENTIALS.apiToken },
		};
	} catch (error) {
		await simulator.stop();
		throw error;
	}
}
