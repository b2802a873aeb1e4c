import { z } from 'zod';

import type { JsonValue } from './json-value';

/**
 * What `ingestion_unit_states.checkpoint` holds. `source` and `deletions` are the source's own opaque
 * checkpoints; the engine only stores them and passes them back.
 */
export interface UnitCheckpoint {
	version: 1;
	/** Where the next INCREMENTAL/SCD1 read starts (null: from the beginning). */
	source: JsonValue | null;
	/** Where the next read of deletions starts. */
	deletions: JsonValue | null;
	/** A FULL run's progress before its swap; the checkpoint above moves only when the FULL run publishes. */
	full?: { runId: string; pages: number; source: JsonValue | null };
	/** Where the records went (see `checkpointTarget`): a checkpoint is only valid for the target that received them. */
	target?: string;
}

/**
 * The destination a checkpoint belongs to: sink, data mode and CDM model, or the caller's own flow for CUSTOM runs.
 * A unit moved to another destination starts from the beginning, so the new one receives everything.
 */
export function checkpointTarget(input: { mode: string; sinkId: string; dataMode: string; cdmModelId?: string | null }): string {
	return input.mode === 'CUSTOM' ? 'custom' : `${input.sinkId}|${input.dataMode}|${input.cdmModelId ?? ''}`;
}

/** The checkpoint to resume `target` from: the stored one when it belongs to that target, else the empty one. */
export function checkpointFor(stored: UnitCheckpoint, target: string): UnitCheckpoint {
	if (stored.target !== undefined && stored.target !== target) return { ...EMPTY_CHECKPOINT, target };
	return { ...stored, target };
}

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
	z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(jsonValue)]),
);

const checkpointSchema = z
	.object({
		version: z.literal(1),
		source: jsonValue.nullable(),
		deletions: jsonValue.nullable(),
		full: z.object({ runId: z.string(), pages: z.number().int().nonnegative(), source: jsonValue.nullable() }).optional(),
		target: z.string().optional(),
	})
	.strict();

export const EMPTY_CHECKPOINT: Readonly<UnitCheckpoint> = Object.freeze({ version: 1, source: null, deletions: null });

/** Reads a stored checkpoint; null or `{}` (never run, or reset) is the empty checkpoint. */
export function parseUnitCheckpoint(stored: unknown): UnitCheckpoint {
	if (stored === null || stored === undefined) return { ...EMPTY_CHECKPOINT };
	if (typeof stored === 'object' && !Array.isArray(stored) && Object.keys(stored).length === 0) return { ...EMPTY_CHECKPOINT };
	const parsed = checkpointSchema.safeParse(stored);
	if (!parsed.success) {
		throw new Error('The stored checkpoint of this unit has an unknown format: reset it (set it to null) to read from the beginning');
	}
	return parsed.data as UnitCheckpoint;
}

/** `next` unless the source says it is before `current` (then `current`): a checkpoint never moves back. */
export function laterCheckpoint(
	current: JsonValue | null,
	next: JsonValue | null,
	compare: ((a: JsonValue, b: JsonValue) => number) | undefined,
): JsonValue | null {
	if (!compare || current === null || next === null) return next;
	return compare(next, current) < 0 ? current : next;
}
