import type { JsonValue } from '../../src/ingestion/json-value';
import { jiraCheckpointOrder } from '../../src/ingestion/sources/jira-checkpoint-order';
import type { Store } from '../../src/store';

/** What `ingestion_unit_states.checkpoint` holds, as far as these tests look. */
export interface StoredCheckpoint {
	source?: JsonValue;
	full?: { runId: string; pages: number; source: JsonValue | null };
}

/**
 * The stored checkpoints of one unit, read when asked (after a run, a kill, a restart): each new one is checked
 * not to be behind the last with the unit's checkpoint order, then kept.
 */
export function checkpointTrail(store: Store, endpointId: string, unitId: string) {
	const order = jiraCheckpointOrder(unitId);
	const seen: JsonValue[] = [];
	return {
		seen,
		/** Reads the stored checkpoint, checks and keeps its `source`; returns the whole stored value. */
		async record(): Promise<StoredCheckpoint | null> {
			const state = await store.models.IngestionUnitState.findOne({ where: { endpointId, unitId } });
			const stored = (state?.checkpoint ?? null) as StoredCheckpoint | null;
			const checkpoint = stored?.source ?? null;
			if (checkpoint !== null) {
				const last = seen[seen.length - 1];
				if (last !== undefined && order) expect(order(checkpoint, last)).toBeGreaterThanOrEqual(0);
				seen.push(checkpoint);
			}
			return stored;
		},
	};
}
