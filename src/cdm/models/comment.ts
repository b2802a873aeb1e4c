import { col, defineCdmModel, type CdmRowOf } from '../model-definition';

/** `cdm.work.comment`: a comment on a work item. */
export const commentModel = defineCdmModel({
	id: 'cdm.work.comment',
	tableSuffix: 'work_comment',
	name: 'Comment',
	description: 'A comment on a work item (Jira issue comment).',
	columns: {
		cdm_id: col.cdmId(),
		source_system: col.requiredText('Source system the row came from (jira)'),
		source_comment_id: col.text('Id of the comment in the source'),
		item_cdm_id: col.ref('cdm_id of the cdm.work.item commented on'),
		source_issue_key: col.text('Key of the commented item in the source (PROJ-123), when known'),
		author_cdm_id: col.ref('cdm_id of the cdm.work.user who wrote the comment'),
		update_author_cdm_id: col.ref('cdm_id of the cdm.work.user who last edited the comment'),
		body: col.text('Body as readable plain text (the original rich text is in properties)'),
		is_public: col.boolean('False when the comment is restricted to a group or role, or internal to a service desk'),
		created_at: col.timestamp('When the comment was written'),
		updated_at: col.timestamp('When the comment was last edited', { indexed: true }),
		properties: col.properties(),
	},
});

export type CdmWorkComment = CdmRowOf<typeof commentModel>;
