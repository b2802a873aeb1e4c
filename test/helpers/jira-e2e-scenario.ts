import { randomBytes } from 'node:crypto';

import type { JsonValue } from '../../src/ingestion/json-value';
import type { IngestionPolicy } from '../../src/ingestion/policy';
import { jiraCheckpointOrder } from '../../src/ingestion/sources/jira-checkpoint-order';
import type { DataMode, IngestionMode } from '../../src/store/models/enums';
import type { JiraSimulatorOptions } from '../../src/jira-simulator';
import { applyChanges } from './jira-changes';
import {
	addJiraEndpoint,
	byKey,
	openJiraE2E,
	configureUnit,
	keyOf,
	liveRawRows,
	mappedTruth,
	rawVersions,
	readCdmRows,
	readRawRows,
	rowSetDiff,
	runUnit,
	truthOf,
	versionsOf,
	type JiraE2E,
} from './jira-e2e';

type Json = Record<string, unknown>;

export interface Combo {
	mode: IngestionMode;
	dataMode: DataMode;
}

/** One endpoint per combination, all on the same simulator, so one round of changes serves every combination. */
export interface ComboState extends Combo {
	name: string;
	endpointId: string;
	/** Records handed to the caller by CUSTOM runs, latest first wins, by key. */
	handed: Map<string, Json>;
	/** What the last CUSTOM run handed over. */
	lastHanded: Json[];
	/** Checkpoints after each run (the unit's `source` part). */
	checkpoints: Array<JsonValue | null>;
}

export const comboName = (combo: Combo) => `${combo.mode}/${combo.dataMode}`;

/**
 * The history of a unit's truth across runs: `lastSeen` holds the newest version of every record any run could
 * read (deleted records keep the version they had when they were last there), `current` the truth right now.
 */
export class TruthHistory {
	readonly lastSeen = new Map<string, Json>();
	readonly versions = new Map<string, Json>();
	current = new Map<string, Json>();

	constructor(private readonly unitId: string) {}

	snapshot(records: Json[]): void {
		this.current = byKey(this.unitId, records);
		for (const [key, record] of this.current) this.lastSeen.set(key, record);
		for (const [version, record] of versionsOf(this.unitId, records)) this.versions.set(version, record);
	}

	/** Records once seen that are gone now. */
	gone(): Map<string, Json> {
		return new Map([...this.lastSeen].filter(([key]) => !this.current.has(key)));
	}
}

/** Adds one Jira endpoint per combination on the scenario's simulator, each with its catalog and the unit's config. */
export async function addComboEndpoints(env: JiraE2E, unitId: string, combos: Combo[], policy: IngestionPolicy): Promise<ComboState[]> {
	const states: ComboState[] = [];
	for (const combo of combos) {
		const endpointId = `e${randomBytes(3).toString('hex')}-${combo.mode.toLowerCase()}-${combo.dataMode.toLowerCase()}`;
		await addJiraEndpoint(env, endpointId);
		await configureUnit({ ...env, endpointId }, { unitId, mode: combo.mode, dataMode: combo.dataMode, policy });
		states.push({ ...combo, name: comboName(combo), endpointId, handed: new Map(), lastHanded: [], checkpoints: [] });
	}
	return states;
}

/** Runs the unit once for every combination (one after the other) and records what CUSTOM runs handed over. */
export async function runCombos(env: JiraE2E, unitId: string, states: ComboState[]): Promise<Record<string, string>> {
	const statuses: Record<string, string> = {};
	for (const state of states) {
		const result = await runUnit({ ...env, endpointId: state.endpointId }, unitId);
		statuses[state.name] = result.status === 'SUCCEEDED' ? 'SUCCEEDED' : `${result.status}: ${result.error ?? result.skippedReason}`;
		state.lastHanded = result.handed;
		for (const record of result.handed) state.handed.set(keyOf(unitId, record), record);
		state.checkpoints.push((result.checkpoint?.source ?? null) as JsonValue | null);
	}
	return statuses;
}

/**
 * The deletions Jira reports (`/worklog/deleted`): only worklogs. Issues and comments deleted in Jira are seen
 * only by FULL runs, which read everything.
 */
export function reportedDeletions(unitId: string, gone: Map<string, Json>): Set<string> {
	return unitId === 'jira.worklogs' ? new Set(gone.keys()) : new Set();
}

const without = (map: Map<string, Json>, keys: Set<string>) => new Map([...map].filter(([key]) => !keys.has(key)));
const only = (map: Map<string, Json>, keys: Iterable<string>) => {
	const wanted = new Set(keys);
	return new Map([...map].filter(([key]) => wanted.has(key)));
};

/**
 * How the sink of one combination differs from what the truth history says it must hold (every diff empty when
 * equal):
 * - RAW FULL: exactly the current truth. RAW INCREMENTAL: every version any run could read, once, with deleted
 *   worklogs marked. RAW SCD1: the newest version of every record, reported deletions marked.
 * - CDM: the truth mapped with the unit's mapper; FULL soft-deletes what is gone, the other modes what Jira reports.
 * - CUSTOM: the records handed to the caller, newest per key, are the newest version of every record.
 */
export async function comboDiff(env: JiraE2E, unitId: string, state: ComboState, history: TruthHistory): Promise<Record<string, unknown>> {
	const at = { ...env, endpointId: state.endpointId };
	const gone = history.gone();
	const reported = reportedDeletions(unitId, gone);
	if (state.mode === 'CUSTOM') return { handed: rowSetDiff(history.lastSeen, state.handed) };
	if (state.dataMode === 'RAW') {
		const rows = await readRawRows(at, unitId);
		if (state.mode === 'FULL') return { live: rowSetDiff(history.current, liveRawRows(rows)), marked: rows.filter((r) => r.deletedAt).length };
		if (state.mode === 'INCREMENTAL') {
			const markedKeys = [...new Set(rows.filter((row) => row.deletedAt !== null).map((row) => row.key))].sort();
			const unmarkedGone = rows.filter((row) => row.deletedAt === null && reported.has(row.key)).length;
			return { versions: rowSetDiff(history.versions, rawVersions(rows)), marked: rowSetDiff(new Map([...reported].map((k) => [k, k])), new Map(markedKeys.map((k) => [k, k]))), unmarkedGone };
		}
		const live = liveRawRows(rows);
		const marked = new Map(rows.filter((row) => row.deletedAt !== null).map((row) => [row.key, row.record]));
		return { live: rowSetDiff(without(history.lastSeen, reported), live), marked: rowSetDiff(only(history.lastSeen, reported), marked) };
	}
	const cdm = await readCdmRows(at, unitId);
	const deletedKeys = state.mode === 'FULL' ? new Set(gone.keys()) : reported;
	const expectedLive = mappedTruth(at, unitId, [...without(history.lastSeen, deletedKeys).values()]);
	const expectedDeleted = mappedTruth(at, unitId, [...only(history.lastSeen, deletedKeys).values()]);
	return { live: rowSetDiff(expectedLive, cdm.live), deleted: rowSetDiff(expectedDeleted, cdm.deleted) };
}

/** The diff every combination must show when its sink equals the truth. */
export async function allCombosDiff(env: JiraE2E, unitId: string, states: ComboState[], history: TruthHistory) {
	const report: Record<string, unknown> = {};
	for (const state of states) report[state.name] = await comboDiff(env, unitId, state, history);
	return report;
}

/** Takes the unit's truth now into the history. */
export function snapshotTruth(env: JiraE2E, unitId: string, history: TruthHistory): void {
	history.snapshot(truthOf(env, unitId));
}

/** The parts of a report that are not clean: row-set diffs with a missing, extra or changed row, and non-zero counts. */
export function problemsOf(report: Record<string, unknown>): Record<string, unknown> {
	const problems: Record<string, unknown> = {};
	for (const [combo, parts] of Object.entries(report)) {
		for (const [part, value] of Object.entries(parts as Record<string, unknown>)) {
			const diff = value as { missingCount?: number; extraCount?: number; changedCount?: number } | number;
			const clean = typeof diff === 'number' ? diff === 0 : diff.missingCount === 0 && diff.extraCount === 0 && diff.changedCount === 0;
			if (!clean) problems[`${combo} ${part}`] = value;
		}
	}
	return problems;
}

export const ALL_COMBOS: Combo[] = [
	{ mode: 'FULL', dataMode: 'RAW' },
	{ mode: 'INCREMENTAL', dataMode: 'RAW' },
	{ mode: 'SCD1', dataMode: 'RAW' },
	{ mode: 'CUSTOM', dataMode: 'RAW' },
	{ mode: 'FULL', dataMode: 'CDM' },
	{ mode: 'INCREMENTAL', dataMode: 'CDM' },
	{ mode: 'SCD1', dataMode: 'CDM' },
];

/** Units without a cursor (projects, users) support FULL, SCD1 and CUSTOM. */
export const CURSORLESS_COMBOS: Combo[] = ALL_COMBOS.filter((combo) => combo.mode !== 'INCREMENTAL');

/**
 * The end-to-end truth test of one unit: a run of every combination, then two rounds of changes in the simulator
 * each followed by runs, and a run with nothing new; after each, every sink must equal the truth (row sets, content).
 */
export function describeUnitEndToEnd(
	unitId: string,
	options: { combos: Combo[]; sim: JiraSimulatorOptions; policy: IngestionPolicy; label: string },
): void {
	describe(`${unitId} end to end: simulator → engine → raw and CDM sinks, every mode`, () => {
		let env: JiraE2E;
		let states: ComboState[];
		const history = new TruthHistory(unitId);
		const allSucceeded = Object.fromEntries(options.combos.map((combo) => [comboName(combo), 'SUCCEEDED']));

		beforeAll(async () => {
			env = await openJiraE2E(options.label, { sim: options.sim });
			states = await addComboEndpoints(env, unitId, options.combos, options.policy);
		});
		afterAll(() => env.close());

		it('first run: every sink equals the truth', async () => {
			snapshotTruth(env, unitId, history);
			expect(history.current.size).toBeGreaterThan(0);
			expect(await runCombos(env, unitId, states)).toEqual(allSucceeded);
			expect(problemsOf(await allCombosDiff(env, unitId, states, history))).toEqual({});
		});

		it('after updates, additions and deletions in Jira, a second run brings every sink to the truth again', async () => {
			applyChanges(env.sim.control, 101);
			snapshotTruth(env, unitId, history);
			expect(await runCombos(env, unitId, states)).toEqual(allSucceeded);
			expect(problemsOf(await allCombosDiff(env, unitId, states, history))).toEqual({});
			for (const state of states.filter((s) => s.mode === 'CUSTOM' && !['jira.projects', 'jira.users'].includes(unitId))) {
				// An incremental CUSTOM run hands over what changed, not everything again.
				expect(state.lastHanded.length).toBeLessThan(history.current.size / 2);
			}
		});

		it('a third round of changes, and a run with nothing new, keep every sink equal to the truth', async () => {
			applyChanges(env.sim.control, 202);
			snapshotTruth(env, unitId, history);
			expect(await runCombos(env, unitId, states)).toEqual(allSucceeded);
			expect(await runCombos(env, unitId, states)).toEqual(allSucceeded);
			expect(problemsOf(await allCombosDiff(env, unitId, states, history))).toEqual({});
			// Across all these runs, no unit's checkpoint moved back.
			const order = jiraCheckpointOrder(unitId);
			if (order) {
				for (const state of states) {
					const seen = state.checkpoints.filter((checkpoint): checkpoint is JsonValue => checkpoint !== null);
					expect({ combo: state.name, backwards: seen.slice(1).filter((checkpoint, i) => order(checkpoint, seen[i]) < 0) }).toEqual({ combo: state.name, backwards: [] });
				}
			}
		});
	});
}
