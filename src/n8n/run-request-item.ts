import { z } from 'zod';

import { describeZodIssues } from '../jira/endpoint-parameters';
import { RUN_TRIGGERS } from '../store/models/enums';

const runItemSchema = z.object({
	kind: z.literal('run').optional(),
	runId: z.string().uuid('must be a run id (a UUID)').nullish(),
	endpointId: z.string({ required_error: 'is required' }).trim().min(1, 'is required'),
	unitId: z.string({ required_error: 'is required' }).trim().min(1, 'is required'),
	trigger: z.enum(RUN_TRIGGERS).optional(),
});

const collectItemSchema = z.object({
	kind: z.literal('collect'),
	requestId: z.string({ required_error: 'is required' }).uuid('must be a collection request id (a UUID)'),
});

export type RunRequestItem =
	| { kind: 'run'; runId: string | null; endpointId: string; unitId: string; trigger?: 'MANUAL' | 'SCHEDULE' }
	| { kind: 'collect'; requestId: string };

/**
 * Reads a request from an input item of the Ingestion Run node: a run request (`endpointId`, `unitId`, optional
 * `runId` and `trigger`, as the Ingestion Trigger emits) or a collection request (`kind: 'collect'`, `requestId`).
 * Other fields are ignored. The error names the missing or invalid fields.
 */
export function parseRunRequestItem(json: unknown): RunRequestItem {
	const kind = (json as { kind?: unknown } | null)?.kind;
	if (kind === 'collect') {
		const parsed = collectItemSchema.safeParse(json);
		if (!parsed.success) throw new Error(`The input item is not a collection request: ${describeZodIssues(parsed.error)}`);
		return parsed.data;
	}
	const parsed = runItemSchema.safeParse(json);
	if (!parsed.success) throw new Error(`The input item is not a run request: ${describeZodIssues(parsed.error)}`);
	return { kind: 'run', runId: parsed.data.runId ?? null, endpointId: parsed.data.endpointId, unitId: parsed.data.unitId, trigger: parsed.data.trigger };
}
