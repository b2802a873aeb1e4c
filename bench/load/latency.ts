/** Latency figures of one operation under load. */
export interface LatencySummary {
	requests: number;
	errors: number;
	perSecond: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Collects per-operation latencies and error messages during a load run. */
export class LatencyRecorder {
	private readonly samples = new Map<string, number[]>();
	private readonly errorCounts = new Map<string, number>();
	readonly firstErrors: string[] = [];

	record(operation: string, ms: number, error?: string): void {
		if (!this.samples.has(operation)) this.samples.set(operation, []);
		this.samples.get(operation)!.push(ms);
		if (error) {
			this.errorCounts.set(operation, (this.errorCounts.get(operation) ?? 0) + 1);
			if (this.firstErrors.length < 10) this.firstErrors.push(`${operation}: ${error}`);
		}
	}

	summary(seconds: number): Record<string, LatencySummary> {
		const result: Record<string, LatencySummary> = {};
		const all: number[] = [];
		let errors = 0;
		for (const [operation, values] of [...this.samples.entries()].sort(([a], [b]) => a.localeCompare(b))) {
			for (const value of values) all.push(value);
			errors += this.errorCounts.get(operation) ?? 0;
			result[operation] = summarize(values, this.errorCounts.get(operation) ?? 0, seconds);
		}
		result.all = summarize(all, errors, seconds);
		return result;
	}
}

function summarize(values: number[], errors: number, seconds: number): LatencySummary {
	const sorted = [...values].sort((a, b) => a - b);
	const round = (ms: number) => Math.round(ms * 10) / 10;
	return {
		requests: sorted.length,
		errors,
		perSecond: Math.round((sorted.length / seconds) * 10) / 10,
		p50: round(percentile(sorted, 50)),
		p95: round(percentile(sorted, 95)),
		p99: round(percentile(sorted, 99)),
		max: round(sorted[sorted.length - 1] ?? 0),
	};
}
