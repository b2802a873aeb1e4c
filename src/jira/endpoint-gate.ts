import pLimit from 'p-limit';

/**
 * What all requests to one Jira endpoint share inside this process: one concurrency limit and one
 * "paused until" instant set by a 429, so a rate limit slows every reader of the endpoint, not just one.
 */
export interface EndpointGate {
	readonly concurrency: number;
	run<T>(work: () => Promise<T>): Promise<T>;
	pauseUntil(instantMs: number): void;
	/** Resolves once a pause set by a 429 is over. */
	waitForPause(): Promise<void>;
}

const gates = new Map<string, EndpointGate>();

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function createGate(concurrency: number): EndpointGate {
	const limit = pLimit(concurrency);
	let pausedUntil = 0;
	return {
		concurrency,
		run: (work) => limit(work),
		pauseUntil(instantMs) {
			pausedUntil = Math.max(pausedUntil, instantMs);
		},
		async waitForPause() {
			for (let wait = pausedUntil - Date.now(); wait > 0; wait = pausedUntil - Date.now()) await sleep(wait);
		},
	};
}

/** The gate of an endpoint; the first caller's concurrency wins for the life of the process. */
export function endpointGate(endpointId: string, concurrency: number): EndpointGate {
	let gate = gates.get(endpointId);
	if (!gate) {
		gate = createGate(concurrency);
		gates.set(endpointId, gate);
	}
	return gate;
}
