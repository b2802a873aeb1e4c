/**
 * Records delivered shortly before a cursor, as `[id, version ms]` pairs (the version is the record's `updated`, or a
 * worklog feed entry's time). A checkpoint keeps them so that the next run's lookback, which re-reads that window to
 * catch records Jira showed late, can skip the versions it already delivered: a run with nothing new then costs one
 * request per feed, not a re-fetch of the whole window.
 */
export type RecentDeliveries = Array<[string, number]>;

/** At most this many are kept (the newest); a busier window is partly re-delivered, which is safe, only dearer. */
export const RECENT_DELIVERIES_MAX = 250;

/** The window to remember for a lookback of `minutes`: one minute more, as JQL bounds are floored to the minute. */
export function recentWindowMs(minutes: number | undefined): number {
	return minutes && minutes > 0 ? (minutes + 1) * 60_000 : 0;
}

export class RecentDeliveryWindow {
	private versions = new Map<string, number>();

	/** `windowMs`: how far before the cursor to remember (the unit's lookback); 0 remembers nothing. */
	constructor(
		start: RecentDeliveries | null | undefined,
		private readonly windowMs: number,
	) {
		for (const [id, ms] of start ?? []) this.versions.set(id, ms);
	}

	/** True when exactly this version of the record was delivered before. */
	has(id: string, ms: number): boolean {
		return this.versions.get(id) === ms;
	}

	add(id: string, ms: number): void {
		if (this.windowMs > 0) this.versions.set(id, ms);
	}

	/** What to remember at a cursor (`cursorMs`): the deliveries within the window before it, newest first, at most the cap. */
	at(cursorMs: number): RecentDeliveries | undefined {
		if (this.windowMs <= 0) return undefined;
		const from = cursorMs - this.windowMs;
		const kept = [...this.versions]
			.filter(([, ms]) => ms >= from)
			.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
			.slice(0, RECENT_DELIVERIES_MAX);
		this.versions = new Map(kept);
		return kept;
	}
}
