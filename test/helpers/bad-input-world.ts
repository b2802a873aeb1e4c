import type { Store } from '../../src/store';
import { JIRA_DATASET_FIELDS, seedJiraEndpoint } from './seed';

/** The ids the bad-input suite's store holds, so generated inputs can avoid hitting a valid one by chance. */
export const BAD_INPUT_WORLD = {
	/** An enabled Jira source with a catalog. */
	endpoint: 'jira-bad',
	disabledEndpoint: 'jira-off',
	/** A cdm.jdbc sink like the built-in `cdm`, but disabled. */
	disabledCdmSink: 'cdm-off',
	/** An enabled cdm.jdbc sink that lists only cdm.work.item. */
	narrowCdmSink: 'cdm-narrow',
	allEndpoints: ['jira-bad', 'jira-off', 'cdm-off', 'cdm-narrow', 'warehouse', 'cdm'],
	units: Object.keys(JIRA_DATASET_FIELDS),
	issueFields: JIRA_DATASET_FIELDS['jira.issues'],
	cdmModels: ['cdm.work.project', 'cdm.work.user', 'cdm.work.item', 'cdm.work.comment', 'cdm.work.worklog'],
} as const;

/** Seeds the endpoints of BAD_INPUT_WORLD (the built-in sinks come with the migrations). */
export async function seedBadInputWorld(store: Store): Promise<void> {
	await seedJiraEndpoint(store, BAD_INPUT_WORLD.endpoint);
	await seedJiraEndpoint(store, BAD_INPUT_WORLD.disabledEndpoint, { enabled: false });
	const cdm = await store.models.MetadataEndpoint.findByPk('cdm', { raw: true });
	if (!cdm) throw new Error('the built-in cdm sink is missing');
	const likeCdm = { templateId: cdm.templateId, family: cdm.family };
	await store.models.MetadataEndpoint.bulkCreate([
		{ ...likeCdm, id: BAD_INPUT_WORLD.disabledCdmSink, name: 'Disabled CDM sink', enabled: false, parameters: { ...cdm.parameters, schema: 'cdm_off' }, capabilities: cdm.capabilities },
		{
			...likeCdm,
			id: BAD_INPUT_WORLD.narrowCdmSink,
			name: 'CDM sink of work items only',
			parameters: { ...cdm.parameters, schema: 'cdm_narrow', models: ['cdm.work.item'] },
			capabilities: { ...cdm.capabilities, supported_cdm_models: ['cdm.work.item'] },
		},
	]);
}
