import { randomBytes } from 'node:crypto';

import { JiraClient, type JiraClientOptions } from '../../src/jira/client';
import type { ReaderPage } from '../../src/jira/readers';
import { SIMULATOR_CREDENTIALS, startJiraSimulator, type JiraSimulator, type JiraSimulatorOptions } from '../../src/jira-simulator';

export { SIMULATOR_CREDENTIALS };

export function startSimulator(options: JiraSimulatorOptions = {}): Promise<JiraSimulator> {
	return startJiraSimulator(options);
}

/** A client for the simulator with fast retries (the endpoint id is unique, so limits are not shared by accident). */
export function simulatorClient(sim: JiraSimulator, overrides: Partial<JiraClientOptions> = {}): JiraClient {
	const deployment = overrides.deployment ?? 'cloud';
	return new JiraClient({
		endpointId: `sim-${randomBytes(3).toString('hex')}`,
		baseUrl: sim.url,
		deployment,
		auth:
			deployment === 'cloud'
				? { kind: 'basic', email: SIMULATOR_CREDENTIALS.email, apiToken: SIMULATOR_CREDENTIALS.apiToken }
				: { kind: 'bearer', token: SIMULATOR_CREDENTIALS.pat },
		retryBaseMs: 5,
		retryMaxMs: 40,
		rateLimitFloorMs: 10,
		...overrides,
	});
}

export interface ReadResult<T, C> {
	records: T[];
	pages: Array<ReaderPage<T, C>>;
	checkpoint: C | undefined;
}

/** Drains a reader, keeping every page. */
export async function readAll<T, C>(reader: AsyncIterable<ReaderPage<T, C>>, stopAfterPages = Number.POSITIVE_INFINITY): Promise<ReadResult<T, C>> {
	const pages: Array<ReaderPage<T, C>> = [];
	for await (const page of reader) {
		pages.push(page);
		if (pages.length >= stopAfterPages) break;
	}
	return { records: pages.flatMap((page) => page.records), pages, checkpoint: pages[pages.length - 1]?.checkpoint };
}

type WithId = { id?: unknown; accountId?: unknown };

export function byId<T>(records: T[]): T[] {
	const key = (record: T) => String((record as WithId).id ?? (record as WithId).accountId);
	return [...records].sort((a, b) => {
		const x = key(a);
		const y = key(b);
		return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
	});
}

export function idsOf(records: unknown[]): string[] {
	return byId(records).map((record) => String((record as WithId).id ?? (record as WithId).accountId));
}
