import { CdmRowValidationError } from './errors';
import type { CdmModelDefinition } from './model-definition';
import { firstZodIssue } from './zod-issue';

function describeRow(modelId: string, index: number, cdmId: string | null): string {
	return `${modelId} row ${index}${cdmId ? ` (cdm_id ${JSON.stringify(cdmId)})` : ' (no cdm_id)'}`;
}

function olderThan(a: unknown, b: unknown): boolean {
	return typeof a === 'string' && typeof b === 'string' && Date.parse(a) < Date.parse(b);
}

/**
 * Validates every row against the model's zod schema (the first bad row throws a CdmRowValidationError naming its cdm_id
 * and field, so nothing of the batch is written) and keeps one row per cdm_id: the newest `updated_at`, the later one
 * on a tie. Rows the model's cheap `accepts` check vouches for (a strict subset of what zod accepts, property-tested)
 * skip the zod parse; every other row, and every error message, goes through zod.
 */
export function validateCdmRows(model: CdmModelDefinition, rows: readonly unknown[]): Record<string, unknown>[] {
	const byId = new Map<string, Record<string, unknown>>();
	rows.forEach((row, index) => {
		const checked = checkCdmRow(model, row, index);
		if (checked instanceof CdmRowValidationError) throw checked;
		const id = checked.cdm_id as string;
		const previous = byId.get(id);
		if (!previous || !olderThan(checked.updated_at, previous.updated_at)) byId.set(id, checked);
	});
	return [...byId.values()];
}

/**
 * Checks one row (at position `index` of its batch or input) against the model: the valid row, or the
 * CdmRowValidationError naming its cdm_id and field. For callers that keep going past bad rows.
 */
export function checkCdmRow(model: CdmModelDefinition, row: unknown, index: number): Record<string, unknown> | CdmRowValidationError {
	const parsed = model.accepts(row) ? { success: true as const, data: row } : model.schema.safeParse(row);
	if (parsed.success) return parsed.data as Record<string, unknown>;
	const raw = typeof row === 'object' && row !== null ? (row as Record<string, unknown>).cdm_id : undefined;
	const cdmId = typeof raw === 'string' && raw !== '' ? raw : null;
	const { field, reason } = firstZodIssue(parsed.error);
	return new CdmRowValidationError(`${describeRow(model.id, index, cdmId)}: field ${field} ${reason}`, model.id, cdmId, index, field);
}
