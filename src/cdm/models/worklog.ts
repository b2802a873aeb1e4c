import { col, defineCdmModel, type CdmRowOf } from '../model-definition';

/** `cdm.work.worklog`: time logged against a work item. */
export const worklogModel = defineCdmModel({
	id: 'cdm.work.worklog',
	tableSuffix: 'work_worklog',
	name: 'Worklog',
	description: 'Time logged against a work item (Jira worklog).',
	columns: {
		cdm_id: col.cdmId(),
		source_system: col.requiredText('Source system the row came from (jira)'),
		source_worklog_id: col.text('Id of the worklog in the source'),
		item_cdm_id: col.ref('cdm_id of the cdm.work.item the time was logged on'),
		author_cdm_id: col.ref('cdm_id of the cdm.work.user who logged the time'),
		update_author_cdm_id: col.ref('cdm_id of the cdm.work.user who last edited the worklog'),
		started_at: col.timestamp('When the logged work started'),
		time_spent_seconds: col.seconds('Time spent, in seconds'),
		comment: col.text('Worklog comment as readable plain text (the original rich text is in properties)'),
		created_at: col.timestamp('When the worklog was created'),
		updated_at: col.timestamp('When the worklog was last edited', { indexed: true }),
		properties: col.properties(),
	},
});

export type CdmWorkWorklog = CdmRowOf<typeof worklogModel>;
