/** The config fields the load test changes and checks. */
export interface TrackedConfig {
	enabled: boolean;
	mode: string;
	scheduleKind: string;
	scheduleIntervalMinutes: number | null;
	dataMode: string;
	sinkId: string;
	lookbackMinutes: number | null;
	pageSize: number | null;
}

/** A config write the load test sends: any subset of the fields (the policy always as lookback + page size). */
export interface ConfigChange {
	enabled?: boolean;
	mode?: string;
	scheduleKind?: 'MANUAL' | 'INTERVAL';
	scheduleIntervalMinutes?: number;
	dataMode?: 'RAW' | 'CDM';
	policy?: { lookbackMinutes: number; pageSize: number };
}

/** A write the bridge acknowledged: what was sent and the config it answered (with its updatedAt). */
export interface AcknowledgedWrite {
	change: ConfigChange;
	answer: TrackedConfig;
	updatedAt: number;
}

const DEFAULT_SINK: Record<string, string> = { RAW: 'warehouse', CDM: 'cdm' };

/**
 * The config a change gives on top of `previous`, by the upsert rules: omitted fields keep their value, MANUAL clears
 * the interval, a new data mode without a sink moves to that mode's default sink, a given policy replaces the
 * previous one (completed with the unit's defaults, which the load test does not change).
 */
export function applyChange(previous: TrackedConfig, change: ConfigChange): TrackedConfig {
	const dataMode = change.dataMode ?? previous.dataMode;
	return {
		enabled: change.enabled ?? previous.enabled,
		mode: change.mode ?? previous.mode,
		scheduleKind: change.scheduleKind ?? previous.scheduleKind,
		scheduleIntervalMinutes: change.scheduleIntervalMinutes ?? (change.scheduleKind === 'MANUAL' ? null : previous.scheduleIntervalMinutes),
		dataMode,
		sinkId: dataMode === previous.dataMode ? previous.sinkId : DEFAULT_SINK[dataMode],
		lookbackMinutes: change.policy ? change.policy.lookbackMinutes : previous.lookbackMinutes,
		pageSize: change.policy ? change.policy.pageSize : previous.pageSize,
	};
}

export const same = (a: TrackedConfig, b: TrackedConfig) => JSON.stringify(a) === JSON.stringify(b);

export interface UnitVerdict {
	unit: string;
	writes: number;
	/** Writes whose answer is not the previous answer (in updatedAt order) with their change applied. */
	brokenChain: number;
	/** Groups of writes with the same updatedAt (millisecond), whose order had to be searched. */
	ties: number;
	/** Whether the stored config equals the answer of the last write (highest updatedAt). */
	lastWriteWins: boolean;
	detail?: string;
}

/**
 * Orders `writes` by updatedAt; inside a group of equal updatedAt (groups are tiny), finds an order whose chain holds,
 * for the last group one that also ends at the stored config: any such order is one the server could have taken.
 */
function chainOrder(start: TrackedConfig, writes: AcknowledgedWrite[], stored: TrackedConfig): { ordered: AcknowledgedWrite[]; ties: number } {
	const sorted = [...writes].sort((a, b) => a.updatedAt - b.updatedAt);
	const ordered: AcknowledgedWrite[] = [];
	let ties = 0;
	let state = start;
	for (let i = 0; i < sorted.length; ) {
		let j = i;
		while (j < sorted.length && sorted[j].updatedAt === sorted[i].updatedAt) j++;
		let group = sorted.slice(i, j);
		if (group.length > 1) {
			ties++;
			const last = j === sorted.length;
			const fits = permutations(group).find((order) => {
				let s = state;
				const chained = order.every((write) => same((s = applyChange(s, write.change)), write.answer));
				return chained && (!last || same(order[order.length - 1].answer, stored));
			});
			if (fits) group = fits;
		}
		for (const write of group) {
			ordered.push(write);
			state = write.answer;
		}
		i = j;
	}
	return { ordered, ties };
}

function permutations<T>(items: T[]): T[][] {
	if (items.length <= 1 || items.length > 5) return [items];
	return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/**
 * Checks one unit after a load run. With concurrent writers "last" is defined by the server: writes to one unit are
 * serialized and each answer carries the updatedAt taken under the unit's lock, so ordering the acknowledged
 * answers by updatedAt gives the order the writes took effect. Then every answer must be the previous answer with
 * its own change applied (no write lost another's fields), and the stored config must equal the last answer.
 */
export function checkUnit(unit: string, initial: AcknowledgedWrite, writes: AcknowledgedWrite[], stored: TrackedConfig): UnitVerdict {
	const { ordered, ties } = chainOrder(initial.answer, writes, stored);
	let state = initial.answer;
	let brokenChain = 0;
	let detail: string | undefined;
	for (const write of ordered) {
		const expected = applyChange(state, write.change);
		if (!same(expected, write.answer)) {
			brokenChain++;
			detail ??= `expected ${JSON.stringify(expected)} after ${JSON.stringify(write.change)}, answered ${JSON.stringify(write.answer)}`;
		}
		state = write.answer;
	}
	const last = ordered.length > 0 ? ordered[ordered.length - 1].answer : initial.answer;
	const lastWriteWins = same(last, stored);
	if (!lastWriteWins) detail ??= `stored ${JSON.stringify(stored)}, last acknowledged ${JSON.stringify(last)}`;
	return { unit, writes: writes.length, brokenChain, ties, lastWriteWins, detail };
}
