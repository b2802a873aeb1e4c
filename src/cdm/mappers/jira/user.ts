import { jiraCdmId, JIRA_SOURCE_SYSTEM } from '../../cdm-id';
import type { CdmWorkUser } from '../../models/user';
import type { MappedRow, MapperContext } from '../mapped-row';
import { boolOrNull, compact, nonBlank, obj, textOrNull } from './values';

const ACCOUNT_TYPES: Record<string, CdmWorkUser['account_type']> = {
	atlassian: 'person',
	app: 'app',
	customer: 'customer',
};

/**
 * A user from `/rest/api/3/users/search` → `cdm.work.user`. App (bot) accounts and users who hide their address have
 * no `emailAddress`: email is then null. Jira does not say when a user changed, so `updated_at` is null.
 */
export function mapJiraUser(record: unknown, context: MapperContext): MappedRow<CdmWorkUser> {
	const user = obj(record);
	const accountType = nonBlank(user.accountType);
	return {
		cdm_id: jiraCdmId(context.endpointId, 'user', user.accountId),
		source_system: JIRA_SOURCE_SYSTEM,
		source_user_id: textOrNull(user.accountId),
		display_name: nonBlank(user.displayName),
		email: nonBlank(user.emailAddress),
		active: boolOrNull(user.active),
		timezone: nonBlank(user.timeZone),
		locale: nonBlank(user.locale),
		account_type: (accountType && ACCOUNT_TYPES[accountType]) || 'unknown',
		updated_at: null,
		properties: compact({
			source_account_type: accountType,
			avatar_url: nonBlank(obj(user.avatarUrls)['48x48']),
		}),
	};
}
