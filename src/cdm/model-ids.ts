/** The CDM work models this package knows, in dependency order (referenced models first). */
export const CDM_WORK_MODEL_IDS = [
	'cdm.work.project',
	'cdm.work.user',
	'cdm.work.item',
	'cdm.work.comment',
	'cdm.work.worklog',
] as const;

export type CdmWorkModelId = (typeof CDM_WORK_MODEL_IDS)[number];

export function isCdmWorkModelId(value: unknown): value is CdmWorkModelId {
	return typeof value === 'string' && (CDM_WORK_MODEL_IDS as readonly string[]).includes(value);
}
