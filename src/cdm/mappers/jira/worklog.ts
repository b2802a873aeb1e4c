import { jiraCdmId, JIRA_SOURCE_SYSTEM } from '../../cdm-id';
import type { CdmWorkWorklog } from '../../models/worklog';
import type { MappedRow, MapperContext } from '../mapped-row';
import { richText } from './rich-text';
import { compact, intOrNull, isoTimestamp, nonBlank, obj, textOrNull } from './values';

/** A worklog from `POST /rest/api/3/worklog/list` (which carries `issueId`) → `cdm.work.worklog`. */
export function mapJiraWorklog(record: unknown, context: MapperContext): MappedRow<CdmWorkWorklog> {
	const worklog = obj(record);
	const { endpointId } = context;
	const comment = richText(worklog.comment);
	const visibility = worklog.visibility ? obj(worklog.visibility) : null;
	const seconds = intOrNull(worklog.timeSpentSeconds);
	return {
		cdm_id: jiraCdmId(endpointId, 'worklog', worklog.id),
		source_system: JIRA_SOURCE_SYSTEM,
		source_worklog_id: textOrNull(worklog.id),
		item_cdm_id: jiraCdmId(endpointId, 'issue', worklog.issueId),
		author_cdm_id: jiraCdmId(endpointId, 'user', obj(worklog.author).accountId),
		update_author_cdm_id: jiraCdmId(endpointId, 'user', obj(worklog.updateAuthor).accountId),
		started_at: isoTimestamp(worklog.started),
		time_spent_seconds: seconds !== null && seconds >= 0 ? seconds : null,
		comment: comment.text,
		created_at: isoTimestamp(worklog.created),
		updated_at: isoTimestamp(worklog.updated),
		properties: compact({
			source_issue_id: textOrNull(worklog.issueId),
			time_spent: nonBlank(worklog.timeSpent),
			visibility: visibility && compact({ type: nonBlank(visibility.type), value: nonBlank(visibility.value) }),
			comment_adf: comment.adf,
		}),
	};
}
