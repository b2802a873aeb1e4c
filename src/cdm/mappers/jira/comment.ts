import { jiraCdmId, JIRA_SOURCE_SYSTEM } from '../../cdm-id';
import type { CdmWorkComment } from '../../models/comment';
import type { MappedRow, MapperContext } from '../mapped-row';
import { richText } from './rich-text';
import { boolOrNull, browseUrl, compact, isoTimestamp, nonBlank, obj, textOrNull } from './values';

/**
 * A comment as Jira returns it (`/rest/api/3/issue/{id}/comment`), with the `issueId` (and `issueKey` when known)
 * the reader attaches → `cdm.work.comment`. A comment restricted to a role or group (`visibility`) or internal to a
 * service desk (`jsdPublic: false`) is not public.
 */
export function mapJiraComment(record: unknown, context: MapperContext): MappedRow<CdmWorkComment> {
	const comment = obj(record);
	const { endpointId } = context;
	const body = richText(comment.body);
	const visibility = comment.visibility ? obj(comment.visibility) : null;
	const issueKey = nonBlank(comment.issueKey);
	const issueUrl = browseUrl(comment.self, issueKey);
	const id = textOrNull(comment.id);
	return {
		cdm_id: jiraCdmId(endpointId, 'comment', comment.id),
		source_system: JIRA_SOURCE_SYSTEM,
		source_comment_id: id,
		item_cdm_id: jiraCdmId(endpointId, 'issue', comment.issueId),
		source_issue_key: issueKey,
		author_cdm_id: jiraCdmId(endpointId, 'user', obj(comment.author).accountId),
		update_author_cdm_id: jiraCdmId(endpointId, 'user', obj(comment.updateAuthor).accountId),
		body: body.text,
		is_public: visibility === null && comment.jsdPublic !== false,
		created_at: isoTimestamp(comment.created),
		updated_at: isoTimestamp(comment.updated),
		properties: compact({
			source_issue_id: textOrNull(comment.issueId),
			url: issueUrl && id ? `${issueUrl}?focusedCommentId=${encodeURIComponent(id)}` : null,
			visibility: visibility && compact({ type: nonBlank(visibility.type), value: nonBlank(visibility.value) }),
			jsd_public: boolOrNull(comment.jsdPublic),
			body_adf: body.adf,
		}),
	};
}
