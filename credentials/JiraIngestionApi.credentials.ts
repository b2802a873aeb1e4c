import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Jira site for ingestion: Jira Cloud (email + API token, HTTP Basic) or Jira Data Center (personal access token,
 * Bearer). The nodes read it and send it only to the endpoint whose base URL is this site.
 */
export class JiraIngestionApi implements ICredentialType {
	name = 'jiraIngestionApi';

	displayName = 'Jira Ingestion API';

	icon = 'file:jiraIngestion.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-ingestion/n8n-nodes-ingestion#n8n-nodes';

	properties: INodeProperties[] = [
		{
			displayName: 'Deployment',
			name: 'deployment',
			type: 'options',
			options: [
				{ name: 'Jira Cloud', value: 'cloud', description: 'Atlassian-hosted: email and API token' },
				{ name: 'Jira Data Center', value: 'datacenter', description: 'Self-hosted: personal access token' },
			],
			default: 'cloud',
		},
		{
			displayName: 'Site URL',
			name: 'siteUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://your-domain.atlassian.net',
			description: 'Base URL of the Jira site; it must match the base URL of the endpoints you read with it',
			required: true,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			displayOptions: { show: { deployment: ['cloud'] } },
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Create one at https://id.atlassian.com/manage-profile/security/api-tokens',
			displayOptions: { show: { deployment: ['cloud'] } },
		},
		{
			displayName: 'Personal Access Token',
			name: 'personalAccessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Create one in Jira under Profile › Personal Access Tokens',
			// `hide` rather than `show`: n8n's public API builds one condition per field that others show on, from the first
			// value it meets, so a second `show` value on `deployment` would make this field required for Cloud.
			displayOptions: { hide: { deployment: ['cloud'] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization:
					'={{ $credentials.deployment === "datacenter" ? "Bearer " + $credentials.personalAccessToken : "Basic " + ($credentials.email + ":" + $credentials.apiToken).base64Encode() }}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.siteUrl }}',
			url: '={{ $credentials.deployment === "datacenter" ? "/rest/api/2/myself" : "/rest/api/3/myself" }}',
			method: 'GET',
		},
	};
}
