import { z } from 'zod';

import { DATA_MODES, INGESTION_MODES, RUN_TRIGGERS, type DataMode, type IngestionMode, type RunTrigger } from '../store/models/enums';
import type { IngestionUnitConfig } from '../store/models/ingestion-unit-config';
import type { IngestionPolicy } from './policy';

/** Largest lookback the engine accepts (one week). */
export const MAX_LOOKBACK_MINUTES = 7 * 24 * 60;

/** The shape of a stored policy; the config service checks it against the unit (fields, cursor) when saving. */
export const ingestionPolicySchema = z
	.object({
		primaryKeys: z.array(z.string().min(1, 'must not be empty')).optional(),
		cursorField: z.string().min(1, 'must not be empty').optional(),
		lookbackMinutes: z.number().int().min(0).max(MAX_LOOKBACK_MINUTES).optional(),
		filters: z.record(z.unknown()).optional(),
		pageSize: z.number().int().min(1).max(10_000).optional(),
	})
	.passthrough();

/** What runs a unit: exactly the stored config (the n8n node and the bridge pass it as is), plus trigger and run id. */
export const runUnitInputSchema = z.object({
	endpointId: z.string().min(1, 'is required'),
	unitId: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, 'must look like jira.issues'),
	mode: z.enum(INGESTION_MODES),
	policy: ingestionPolicySchema.default({}),
	sinkId: z.string().min(1, 'is required'),
	dataMode: z.enum(DATA_MODES).default('RAW'),
	cdmModelId: z.string().nullable().optional(),
	trigger: z.enum(RUN_TRIGGERS).default('MANUAL'),
	/** A QUEUED run to carry out (made by the run queue); without it the engine adds a run row. */
	runId: z.string().uuid('must be a UUID').optional(),
});

/** Input of `runIngestionUnit` / `runCustomUnit`. */
export interface RunUnitInput {
	endpointId: string;
	unitId: string;
	mode: IngestionMode;
	policy?: IngestionPolicy;
	sinkId: string;
	/** Default RAW. */
	dataMode?: DataMode;
	/** The CDM model (dataMode CDM); default: the unit's model. */
	cdmModelId?: string | null;
	/** Default MANUAL. */
	trigger?: RunTrigger;
	runId?: string;
}

export type ParsedRunUnitInput = Omit<z.output<typeof runUnitInputSchema>, 'policy'> & { policy: IngestionPolicy };

/** Validates run input; the error names each bad field and why. */
export function parseRunUnitInput(input: unknown): ParsedRunUnitInput {
	const parsed = runUnitInputSchema.safeParse(input);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'} ${issue.message}`);
		throw new Error(`Invalid run input: ${problems.join('; ')}`);
	}
	return parsed.data as ParsedRunUnitInput;
}

/** The run input of a stored config. */
export function runInputFromConfig(
	config: Pick<IngestionUnitConfig, 'endpointId' | 'unitId' | 'mode' | 'policy' | 'sinkId' | 'dataMode' | 'cdmModelId'>,
	options: { trigger?: 'MANUAL' | 'SCHEDULE'; runId?: string } = {},
): RunUnitInput {
	return {
		endpointId: config.endpointId,
		unitId: config.unitId,
		mode: config.mode,
		policy: config.policy as IngestionPolicy,
		sinkId: config.sinkId,
		dataMode: config.dataMode,
		cdmModelId: config.cdmModelId,
		trigger: options.trigger ?? 'MANUAL',
		...(options.runId ? { runId: options.runId } : {}),
	};
}
