import { applyChange, checkUnit, type AcknowledgedWrite, type TrackedConfig } from '../../bench/load/config-ledger';

const START: TrackedConfig = {
	enabled: true,
	mode: 'INCREMENTAL',
	scheduleKind: 'MANUAL',
	scheduleIntervalMinutes: null,
	dataMode: 'RAW',
	sinkId: 'warehouse',
	lookbackMinutes: 5,
	pageSize: 100,
};

/** Acknowledged writes as a well-behaved server answers them, applied in the given order with increasing updatedAt. */
function serve(changes: AcknowledgedWrite['change'][], from = START, at = 1_000): AcknowledgedWrite[] {
	let state = from;
	return changes.map((change, i) => ({ change, answer: (state = applyChange(state, change)), updatedAt: at + i }));
}

describe('the load bench lost-update check', () => {
	const initial: AcknowledgedWrite = { change: {}, answer: START, updatedAt: 0 };
	const changes = [{ mode: 'FULL' }, { scheduleKind: 'INTERVAL' as const, scheduleIntervalMinutes: 30 }, { dataMode: 'CDM' as const }, { enabled: false }];

	it('passes when the stored config is the last acknowledged write, whatever order the answers arrived in', () => {
		const writes = serve(changes);
		const stored = writes[writes.length - 1].answer;
		expect(stored).toMatchObject({ mode: 'FULL', scheduleIntervalMinutes: 30, dataMode: 'CDM', sinkId: 'cdm', enabled: false });
		expect(checkUnit('u', initial, [...writes].reverse(), stored)).toMatchObject({ brokenChain: 0, lastWriteWins: true, writes: 4 });
	});

	it('finds a write that lost an earlier one’s fields, and a stored config that is not the last write', () => {
		const writes = serve(changes);
		// The third answer forgot the interval set by the second write (a lost update inside the server).
		writes[2] = { ...writes[2], answer: { ...writes[2].answer, scheduleKind: 'MANUAL', scheduleIntervalMinutes: null } };
		expect(checkUnit('u', initial, writes, writes[3].answer).brokenChain).toBeGreaterThan(0);
		const fine = serve(changes);
		expect(checkUnit('u', initial, fine, fine[1].answer)).toMatchObject({ lastWriteWins: false });
	});

	it('orders writes that share a millisecond by the one order that fits', () => {
		const writes = serve([{ mode: 'SCD1' }, { mode: 'FULL' }]).map((write) => ({ ...write, updatedAt: 5 }));
		expect(checkUnit('u', initial, [...writes].reverse(), writes[1].answer)).toMatchObject({ ties: 1, brokenChain: 0, lastWriteWins: true });
	});
});
