import { col, defineCdmModel, type CdmRowOf } from '../model-definition';

/** Kinds of accounts; Jira Cloud has person accounts (`atlassian`), bots/integrations (`app`) and customers. */
export const WORK_USER_ACCOUNT_TYPES = ['person', 'app', 'customer', 'unknown'] as const;

/** `cdm.work.user`: a person or app account that reports, is assigned, comments or logs work. */
export const userModel = defineCdmModel({
	id: 'cdm.work.user',
	tableSuffix: 'work_user',
	name: 'User',
	description: 'A person or app account of the source (Jira user).',
	columns: {
		cdm_id: col.cdmId(),
		source_system: col.requiredText('Source system the row came from (jira)'),
		source_user_id: col.text('Account id in the source'),
		display_name: col.text('Name shown in the source'),
		email: col.text('Email address (null when hidden by privacy settings or for app accounts)'),
		active: col.boolean('Whether the account is active'),
		timezone: col.text('IANA time zone of the user'),
		locale: col.text('Locale of the user (en_US)'),
		account_type: col.enumText([...WORK_USER_ACCOUNT_TYPES], 'person, app, customer or unknown'),
		updated_at: col.timestamp('When the user last changed in the source (null when the source does not say)', {
			indexed: true,
		}),
		properties: col.properties(),
	},
});

export type CdmWorkUser = CdmRowOf<typeof userModel>;
