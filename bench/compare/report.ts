/** One measured contender of the comparative benchmark. */
export interface FlowFigures {
	name: string;
	/** What was written: e.g. "issues, comments, worklogs → CDM". */
	scope: string;
	rows: number;
	/** Wall time (the median round's where there are rounds). */
	seconds: number;
	/** Wall time of every round, where the figure is a median. */
	roundSeconds?: number[];
	/** Requests the simulator received during the flow (429s included); null where Jira is not involved. */
	jiraRequests: number | null;
	/** Peak RSS of the n8n process tree during the flow, and before it (MB); null where n8n is not involved. */
	peakRssMb: number | null;
	startRssMb: number | null;
}

export interface LatencyFigures {
	/** sequential: the units one after the other (one Ingestion Run node with three items); concurrent: all at once (three executions, as the Ingestion Trigger dispatches them). */
	mode: 'sequential' | 'concurrent';
	latencyMs: number;
	rateLimitPerSecond: number;
	concurrency: number;
	seconds: number;
	/** Requests the engine sent (429 answers included) and the 429s among them. */
	requests: number;
	rateLimited: number;
	rows: number;
	/** max(request bound, latency bound). */
	lowerBoundSeconds: number;
	/** Successful requests / rate limit. */
	requestBoundSeconds: number;
	/**
	 * max(requests × latency / concurrency, the longest chain of pages × latency): each page of a unit needs at least
	 * one round trip after the one before (Jira's page tokens), units in sequence add up, concurrent ones do not.
	 */
	latencyBoundSeconds: number;
	ratio: number;
	units: Array<{ unitId: string; seconds: number; requests: number; rateLimited: number; pages: number; rows: number }>;
}

export const rowsPerSecond = (flow: FlowFigures) => flow.rows / flow.seconds;

const pad = (value: string | number, width: number) => String(value).padStart(width);
const num = (value: number) => Math.round(value).toLocaleString('en-US');

/** The figures as a fixed-width table (one line per flow). */
export function figuresTable(flows: FlowFigures[]): string {
	const header = ['flow'.padEnd(34), pad('rows', 8), pad('wall s', 8), pad('rows/s', 9), pad('Jira req', 9), pad('peak RSS', 9), pad('RSS before', 11)].join('  ');
	const lines = flows.map((flow) =>
		[
			flow.name.padEnd(34),
			pad(num(flow.rows), 8),
			pad(flow.seconds.toFixed(2), 8),
			pad(num(rowsPerSecond(flow)), 9),
			pad(flow.jiraRequests === null ? '-' : num(flow.jiraRequests), 9),
			pad(flow.peakRssMb === null ? '-' : `${flow.peakRssMb} MB`, 9),
			pad(flow.startRssMb === null ? '-' : `${flow.startRssMb} MB`, 11),
		].join('  '),
	);
	return [header, ...lines].join('\n');
}

export interface Ratio {
	name: string;
	value: number;
	target: number;
	met: boolean;
}

/** `ours / other` on rows per second, against a target (met when at least the target). */
export function ratio(name: string, ours: FlowFigures, other: FlowFigures, target: number): Ratio {
	const value = rowsPerSecond(ours) / rowsPerSecond(other);
	return { name, value: Number(value.toFixed(3)), target, met: value >= target };
}

export function ratiosTable(ratios: Ratio[]): string {
	return ratios.map((r) => `${r.name.padEnd(58)} ${pad(`${r.value.toFixed(r.value >= 10 ? 1 : 2)}x`, 8)}  target >= ${r.target}x  ${r.met ? 'met' : 'MISSED'}`).join('\n');
}

export function latencyTable(runs: LatencyFigures[]): string {
	const lines: string[] = [];
	for (const run of runs) {
		lines.push(`${run.mode}: ${run.seconds.toFixed(2)} s wall for ${run.requests} requests (${run.rateLimited} answered 429), ${num(run.rows)} rows`);
		for (const u of run.units) {
			lines.push(`  ${u.unitId.padEnd(14)} ${pad(u.seconds.toFixed(2), 7)} s  ${pad(u.requests, 4)} requests  ${pad(u.rateLimited, 3)} 429s  ${pad(u.pages, 3)} pages  ${pad(num(u.rows), 6)} rows`);
		}
		lines.push(
			`  lower bound ${run.lowerBoundSeconds.toFixed(2)} s = max(${run.requests - run.rateLimited} requests / ${run.rateLimitPerSecond} per s = ${run.requestBoundSeconds.toFixed(2)} s, latency bound ${run.latencyBoundSeconds.toFixed(2)} s)`,
			`  wall / lower bound = ${run.ratio.toFixed(2)}x (target <= 1.2x): ${run.ratio <= 1.2 ? 'met' : 'MISSED'}`,
		);
	}
	return lines.join('\n');
}
