import type { CdmWorkModelId } from '../../model-ids';
import type { MapperContext } from '../mapped-row';
import { mapJiraComment } from './comment';
import { mapJiraProject } from './project';
import { mapJiraUser } from './user';
import { mapJiraIssue } from './work-item';
import { mapJiraWorklog } from './worklog';

export { mapJiraComment, mapJiraIssue, mapJiraProject, mapJiraUser, mapJiraWorklog };
export { jiraStatusCategory } from './work-item';

/** A pure Jira record → CDM row function. */
export type JiraCdmMapper = (record: unknown, context: MapperContext) => { cdm_id: string | null } & Record<string, unknown>;

/** The mapper for each CDM model (the engine picks it by the unit's cdm_model_id). */
export const JIRA_CDM_MAPPERS: Readonly<Record<CdmWorkModelId, JiraCdmMapper>> = {
	'cdm.work.project': mapJiraProject,
	'cdm.work.user': mapJiraUser,
	'cdm.work.item': mapJiraIssue,
	'cdm.work.comment': mapJiraComment,
	'cdm.work.worklog': mapJiraWorklog,
};
