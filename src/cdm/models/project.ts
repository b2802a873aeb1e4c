import { col, defineCdmModel, type CdmRowOf } from '../model-definition';

/** `cdm.work.project`: a project, space or board that groups work items. */
export const projectModel = defineCdmModel({
	id: 'cdm.work.project',
	tableSuffix: 'work_project',
	name: 'Project',
	description: 'A project that groups work items (Jira project).',
	columns: {
		cdm_id: col.cdmId(),
		source_system: col.requiredText('Source system the row came from (jira)'),
		source_project_id: col.text('Id of the project in the source'),
		project_key: col.text('Human-facing key of the project (PROJ)'),
		name: col.text('Name of the project'),
		description: col.text('Description as plain text'),
		lead_cdm_id: col.ref('cdm_id of the cdm.work.user who leads the project'),
		url: col.text('Link that opens the project in the source'),
		project_type: col.text('Kind of project in the source (software, service_desk, business)'),
		category: col.text('Category name of the project'),
		is_private: col.boolean('Whether the project is private'),
		is_archived: col.boolean('Whether the project is archived'),
		updated_at: col.timestamp('When the project last changed in the source (null when the source does not say)', {
			indexed: true,
		}),
		properties: col.properties(),
	},
});

export type CdmWorkProject = CdmRowOf<typeof projectModel>;
