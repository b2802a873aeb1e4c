import { jiraCdmId, JIRA_SOURCE_SYSTEM } from '../../cdm-id';
import type { CdmWorkProject } from '../../models/project';
import type { MappedRow, MapperContext } from '../mapped-row';
import { richText } from './rich-text';
import { boolOrNull, browseUrl, compact, nonBlank, obj, textOrNull } from './values';

/**
 * A project from `/rest/api/3/project/search` (ideally with `expand=description,lead,url`) → `cdm.work.project`.
 * Jira does not say when a project changed, so `updated_at` is null and the latest write wins.
 */
export function mapJiraProject(record: unknown, context: MapperContext): MappedRow<CdmWorkProject> {
	const project = obj(record);
	const category = obj(project.projectCategory);
	const key = nonBlank(project.key);
	const description = richText(project.description);
	return {
		cdm_id: jiraCdmId(context.endpointId, 'project', project.id),
		source_system: JIRA_SOURCE_SYSTEM,
		source_project_id: textOrNull(project.id),
		project_key: key,
		name: textOrNull(project.name),
		description: nonBlank(description.text),
		lead_cdm_id: jiraCdmId(context.endpointId, 'user', obj(project.lead).accountId),
		url: browseUrl(project.self, key),
		project_type: nonBlank(project.projectTypeKey),
		category: nonBlank(category.name),
		is_private: boolOrNull(project.isPrivate),
		is_archived: boolOrNull(project.archived),
		updated_at: null,
		properties: compact({
			category_id: textOrNull(category.id),
			style: nonBlank(project.style),
			simplified: boolOrNull(project.simplified),
			project_url: nonBlank(project.url),
			email: nonBlank(project.email),
			is_deleted: boolOrNull(project.deleted),
			archived_at: nonBlank(project.archivedDate),
			description_adf: description.adf,
		}),
	};
}
