import { jiraCdmId, JIRA_SOURCE_SYSTEM } from '../../cdm-id';
import type { CdmWorkItem } from '../../models/work-item';
import type { MappedRow, MapperContext } from '../mapped-row';
import { richText } from './rich-text';
import { boolOrNull, browseUrl, compact, intOrNull, isoTimestamp, names, nonBlank, obj, stringList, textOrNull, type JsonObject } from './values';

/** Jira status category key (or id) → CDM status category. Unknown categories ("undefined", custom) give null. */
export function jiraStatusCategory(statusCategory: unknown): CdmWorkItem['status_category'] {
	const category = obj(statusCategory);
	switch (category.key ?? category.id) {
		case 'new':
		case 2:
			return 'todo';
		case 'indeterminate':
		case 4:
			return 'in_progress';
		case 'done':
		case 3:
			return 'done';
		default:
			return null;
	}
}

function customFields(fields: JsonObject): JsonObject {
	const custom: JsonObject = {};
	for (const key of Object.keys(fields).sort()) {
		if (key.startsWith('customfield_') && fields[key] !== null && fields[key] !== undefined) custom[key] = fields[key];
	}
	return custom;
}

/**
 * A Jira issue as `/rest/api/3/search/jql` returns it (`{ id, key, self, fields: { ... } }`) → `cdm.work.item`.
 * Sub-task parent, resolution, creator, due date, estimates, components, versions, custom fields and the original
 * ADF description go to `properties`.
 */
export function mapJiraIssue(record: unknown, context: MapperContext): MappedRow<CdmWorkItem> {
	const issue = obj(record);
	const fields = obj(issue.fields);
	const { endpointId } = context;
	const issueType = obj(fields.issuetype);
	const status = obj(fields.status);
	const statusCategory = obj(status.statusCategory);
	const parent = obj(fields.parent);
	const description = richText(fields.description);
	const environment = richText(fields.environment);
	const key = nonBlank(issue.key);
	return {
		cdm_id: jiraCdmId(endpointId, 'issue', issue.id),
		source_system: JIRA_SOURCE_SYSTEM,
		source_issue_key: key,
		project_cdm_id: jiraCdmId(endpointId, 'project', obj(fields.project).id),
		reporter_cdm_id: jiraCdmId(endpointId, 'user', obj(fields.reporter).accountId),
		assignee_cdm_id: jiraCdmId(endpointId, 'user', obj(fields.assignee).accountId),
		issue_type: nonBlank(issueType.name),
		status: nonBlank(status.name),
		status_category: jiraStatusCategory(statusCategory),
		priority: nonBlank(obj(fields.priority).name),
		summary: textOrNull(fields.summary),
		description: description.text,
		labels: stringList(fields.labels),
		created_at: isoTimestamp(fields.created),
		updated_at: isoTimestamp(fields.updated),
		closed_at: isoTimestamp(fields.resolutiondate),
		properties: compact({
			source_issue_id: textOrNull(issue.id),
			url: browseUrl(issue.self, key),
			issue_type_id: textOrNull(issueType.id),
			is_subtask: boolOrNull(issueType.subtask),
			hierarchy_level: intOrNull(issueType.hierarchyLevel),
			parent_cdm_id: jiraCdmId(endpointId, 'issue', parent.id),
			parent_key: nonBlank(parent.key),
			status_id: textOrNull(status.id),
			status_category_key: nonBlank(statusCategory.key),
			priority_id: textOrNull(obj(fields.priority).id),
			resolution: nonBlank(obj(fields.resolution).name),
			creator_cdm_id: jiraCdmId(endpointId, 'user', obj(fields.creator).accountId),
			due_date: nonBlank(fields.duedate),
			status_changed_at: isoTimestamp(fields.statuscategorychangedate),
			components: names(fields.components),
			fix_versions: names(fields.fixVersions),
			affects_versions: names(fields.versions),
			original_estimate_seconds: intOrNull(fields.timeoriginalestimate),
			remaining_estimate_seconds: intOrNull(fields.timeestimate),
			time_spent_seconds: intOrNull(fields.timespent),
			environment: environment.text,
			description_adf: description.adf,
			environment_adf: environment.adf,
			custom_fields: customFields(fields),
		}),
	};
}
