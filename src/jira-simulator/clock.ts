/**
 * The simulator's notion of "now". Virtual by default, so tests are deterministic: it moves only when
 * `advance` is called. With `realTime` it also moves with the wall clock (for the CLI and demos).
 */
export class SimulatorClock {
	private offsetMs = 0;
	private readonly wallStart = Date.now();

	constructor(
		private readonly startMs: number,
		private readonly realTime = false,
	) {}

	now(): number {
		return this.startMs + this.offsetMs + (this.realTime ? Date.now() - this.wallStart : 0);
	}

	advance(ms: number): number {
		if (!Number.isFinite(ms) || ms < 0) throw new Error('advance: ms must be a non-negative number');
		this.offsetMs += ms;
		return this.now();
	}
}

/** Jira's timestamp format: `2024-01-15T10:23:45.123+0000`. */
export function jiraDateTime(ms: number): string {
	return new Date(ms).toISOString().replace('Z', '+0000');
}

export function jiraDate(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}
