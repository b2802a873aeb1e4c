import { col, defineCdmModel, type CdmRowOf } from '../model-definition';

/** Status categories of a work item, normalised across sources (Jira: new → todo, indeterminate → in_progress, done). */
export const WORK_ITEM_STATUS_CATEGORIES = ['todo', 'in_progress', 'done'] as const;

/** `cdm.work.item`: an issue, ticket or task. */
export const workItemModel = defineCdmModel({
	id: 'cdm.work.item',
	tableSuffix: 'work_item',
	name: 'Work item',
	description: 'An issue, ticket or task (Jira issue, including sub-tasks and epics).',
	columns: {
		cdm_id: col.cdmId(),
		source_system: col.requiredText('Source system the row came from (jira)'),
		source_issue_key: col.text('Human-facing key in the source (PROJ-123)'),
		project_cdm_id: col.ref('cdm_id of the cdm.work.project the item belongs to'),
		reporter_cdm_id: col.ref('cdm_id of the cdm.work.user who reported the item'),
		assignee_cdm_id: col.ref('cdm_id of the cdm.work.user the item is assigned to'),
		issue_type: col.text('Type name in the source (Bug, Story, Sub-task, ...)'),
		status: col.text('Workflow status name in the source (In Review, ...)'),
		status_category: col.enumText([...WORK_ITEM_STATUS_CATEGORIES], 'Normalised status category: todo, in_progress or done'),
		priority: col.text('Priority name in the source (High, ...)'),
		summary: col.text('Title of the item'),
		description: col.text('Description as readable plain text (the original rich text is in properties)'),
		labels: col.labels('Labels (empty when none)'),
		created_at: col.timestamp('When the item was created in the source'),
		updated_at: col.timestamp('When the item last changed in the source; an older version never overwrites a newer one', {
			indexed: true,
		}),
		closed_at: col.timestamp('When the item was resolved (null while open)'),
		properties: col.properties(),
	},
});

export type CdmWorkItem = CdmRowOf<typeof workItemModel>;
