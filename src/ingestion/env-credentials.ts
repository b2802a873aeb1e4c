import { jiraAuthFromEnv } from '../jira/auth';
import { parseJiraEndpointParameters } from '../jira/endpoint-parameters';
import type { CredentialsProvider, SourceCredentials } from './source';

/**
 * Source secrets from the environment, for the CLI. Jira endpoints: `JIRA_EMAIL` + `JIRA_API_TOKEN` (Cloud)
 * or `JIRA_PAT` (Data Center), as the Jira source reads them (a `JiraAuth`). Other templates get none.
 */
export function envCredentialsProvider(env: NodeJS.ProcessEnv = process.env): CredentialsProvider {
	return (endpoint): SourceCredentials => {
		if (endpoint.templateId !== 'jira.cloud' && endpoint.templateId !== 'jira.datacenter') return {};
		const { deployment } = parseJiraEndpointParameters(endpoint.id, endpoint.parameters);
		return { ...jiraAuthFromEnv(env, deployment) };
	};
}
