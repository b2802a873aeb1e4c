import type { CdmModelDefinition } from '../model-definition';
import { CDM_WORK_MODEL_IDS, isCdmWorkModelId, type CdmWorkModelId } from '../model-ids';
import { commentModel } from './comment';
import { projectModel } from './project';
import { userModel } from './user';
import { workItemModel } from './work-item';
import { worklogModel } from './worklog';

export { commentModel, projectModel, userModel, workItemModel, worklogModel };
export type { CdmWorkComment } from './comment';
export type { CdmWorkProject } from './project';
export type { CdmWorkUser } from './user';
export type { CdmWorkItem } from './work-item';
export type { CdmWorkWorklog } from './worklog';

/** The models by id. */
export const CDM_WORK_MODELS: Readonly<Record<CdmWorkModelId, CdmModelDefinition>> = {
	'cdm.work.project': projectModel,
	'cdm.work.user': userModel,
	'cdm.work.item': workItemModel,
	'cdm.work.comment': commentModel,
	'cdm.work.worklog': worklogModel,
};

/** The model of `modelId`, or undefined when it is not a CDM work model. */
export function findCdmModel(modelId: string): CdmModelDefinition | undefined {
	return isCdmWorkModelId(modelId) ? CDM_WORK_MODELS[modelId] : undefined;
}

export function listCdmModels(): CdmModelDefinition[] {
	return CDM_WORK_MODEL_IDS.map((id) => CDM_WORK_MODELS[id]);
}
