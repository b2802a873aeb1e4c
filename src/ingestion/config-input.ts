import { z } from 'zod';

import { idSchema as id, parseRequest, wordSchema as word } from './input-schema';

/**
 * What a caller (GraphQL, CLI, n8n node) may send to upsert a config. Every field but the two ids is optional:
 * omitted (or null) keeps the stored value, and on create takes the unit's default. Only the shape is checked
 * here; the meaning (known unit, supported mode, usable sink, valid policy) is checked in order by config-validation.
 */
export const configInputSchema = z
	.object({
		endpointId: id,
		unitId: id,
		enabled: z.boolean().nullish(),
		mode: word.nullish(),
		sinkId: id.nullish(),
		scheduleKind: word.nullish(),
		scheduleIntervalMinutes: z.number().int('must be a whole number of minutes').nullish(),
		policy: z.unknown().optional(),
		dataMode: word.nullish(),
		cdmModelId: id.nullish(),
	})
	.strict();

export type IngestionUnitConfigInput = z.input<typeof configInputSchema>;
export type ParsedConfigInput = z.output<typeof configInputSchema>;

export function parseConfigInput(input: unknown): ParsedConfigInput {
	return parseRequest(configInputSchema, input, 'is not a config field');
}
