import { z } from 'zod';

import type { IngestionMode } from '../store/models/enums';
import { checkJsonBounds, type JsonBounds } from './json-bounds';
import type { IngestionPolicy } from './policy';
import type { EndpointUnitDescriptor } from './unit-descriptor';
import { badInput } from './validation-error';

/** Limits of a stored policy: small, shallow JSON (the deepest legal path is policy.filters.<key>[i]). */
export const POLICY_BOUNDS: JsonBounds = { maxDepth: 4, maxNodes: 2_000, maxStringLength: 512 };
export const POLICY_LIMITS = {
	maxPrimaryKeys: 16,
	lookbackMinutes: { min: 0, max: 7 * 24 * 60 },
	pageSize: { min: 1, max: 1_000 },
	maxFilterValues: 500,
} as const;

function listed(values: string[], max = 12): string {
	if (values.length === 0) return 'none';
	const shown = values.slice(0, max).join(', ');
	return values.length > max ? `${shown}, ... (${values.length} in all)` : shown;
}

const filterScalar = z.union([z.string().max(POLICY_BOUNDS.maxStringLength), z.number(), z.boolean()]);
const filterValue = z.union([filterScalar, z.array(filterScalar).max(POLICY_LIMITS.maxFilterValues)]);

/** The strict zod schema of one unit's policy: its dataset's fields, its cursor fields, its filter keys, nothing else. */
export function policySchemaFor(unit: EndpointUnitDescriptor) {
	const fields = new Set(unit.fields);
	const primaryKeys = z
		.array(z.string())
		.min(1, 'must list at least one field')
		.max(POLICY_LIMITS.maxPrimaryKeys)
		.superRefine((keys, ctx) => {
			for (const key of keys) {
				if (!fields.has(key)) {
					ctx.addIssue({
						code: z.ZodIssueCode.custom,
						message:
							fields.size === 0
								? `dataset ${unit.datasetId} has no field list in the catalog yet (collect its metadata first)`
								: `"${key}" is not a field of dataset ${unit.datasetId} (fields: ${listed(unit.fields)})`,
					});
					return;
				}
			}
			if (new Set(keys).size !== keys.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'lists a field twice' });
		});
	const cursorField = z.string().refine((value) => unit.allowedCursorFields.includes(value), {
		message:
			unit.allowedCursorFields.length === 0
				? `unit ${unit.unitId} has no cursor field`
				: `must be one of ${listed(unit.allowedCursorFields)}`,
	});
	const filters = z.object(Object.fromEntries(unit.filterKeys.map((key) => [key, filterValue.optional()]))).strict();
	return z
		.object({
			primaryKeys: primaryKeys.optional(),
			cursorField: cursorField.optional(),
			lookbackMinutes: z.number().int().min(POLICY_LIMITS.lookbackMinutes.min).max(POLICY_LIMITS.lookbackMinutes.max).optional(),
			filters: filters.optional(),
			pageSize: z.number().int().min(POLICY_LIMITS.pageSize.min).max(POLICY_LIMITS.pageSize.max).optional(),
		})
		.strict();
}

/** Dotted name of an input field inside the policy, without array indexes (`policy.filters.projects`). */
function policyField(path: Array<string | number>): string {
	return ['policy', ...path.filter((part): part is string => typeof part === 'string')].join('.');
}

/** Rejects anything but a plain JSON object of bounded size and depth, before any schema work. */
export function checkPolicyShape(value: unknown): Record<string, unknown> {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw badInput('policy', 'policy must be a JSON object');
	}
	const violation = checkJsonBounds(value, POLICY_BOUNDS);
	if (violation) {
		const why = {
			depth: `is nested deeper than ${POLICY_BOUNDS.maxDepth} levels`,
			size: `is too large (more than ${POLICY_BOUNDS.maxNodes} values)`,
			string: `holds a string longer than ${POLICY_BOUNDS.maxStringLength} characters`,
			text: 'holds a NUL character or a broken surrogate pair, which cannot be stored',
			type: 'holds a value that is not JSON',
		}[violation.reason];
		throw badInput('policy', `policy ${why}`);
	}
	return value as Record<string, unknown>;
}

/** Validates an effective policy for a unit and mode; errors name the offending policy key. */
export function parsePolicy(unit: EndpointUnitDescriptor, mode: IngestionMode, value: unknown): IngestionPolicy {
	const shaped = checkPolicyShape(value);
	const result = policySchemaFor(unit).safeParse(shaped);
	if (!result.success) {
		const issue = result.error.issues[0];
		if (issue.code === z.ZodIssueCode.unrecognized_keys) {
			const field = policyField([...issue.path, issue.keys[0]]);
			const allowed = issue.path.length === 0 ? Object.keys(policySchemaFor(unit).shape) : unit.filterKeys;
			throw badInput(field, `${field} is not a known policy key (allowed: ${listed(allowed)})`);
		}
		const field = policyField(issue.path);
		throw badInput(field, `${field} ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`);
	}
	const policy = result.data;
	if (mode === 'INCREMENTAL' && !policy.cursorField) {
		throw badInput('policy.cursorField', `policy.cursorField is required for INCREMENTAL mode (one of ${listed(unit.allowedCursorFields)})`);
	}
	if (mode === 'SCD1' && !policy.primaryKeys) {
		throw badInput('policy.primaryKeys', 'policy.primaryKeys is required for SCD1 mode');
	}
	return policy;
}
