import type { JiraDeployment } from './endpoint-parameters';

/** Jira Cloud: Atlassian account email + API token (HTTP Basic). Data Center: personal access token (Bearer). */
export type JiraAuth = { kind: 'basic'; email: string; apiToken: string } | { kind: 'bearer'; token: string };

export const JIRA_ENV = {
	email: 'JIRA_EMAIL',
	apiToken: 'JIRA_API_TOKEN',
	pat: 'JIRA_PAT',
} as const;

/** The value of the Authorization header. Never log it. */
export function authorizationHeader(auth: JiraAuth): string {
	if (auth.kind === 'basic') return `Basic ${Buffer.from(`${auth.email}:${auth.apiToken}`).toString('base64')}`;
	return `Bearer ${auth.token}`;
}

/** Strings that must never appear in output (the token, and the encoded header that contains it). */
export function authSecrets(auth: JiraAuth): string[] {
	const header = authorizationHeader(auth).split(' ')[1];
	return auth.kind === 'basic' ? [auth.apiToken, header] : [auth.token];
}

/**
 * Reads the Jira secret from the environment: JIRA_EMAIL + JIRA_API_TOKEN for Cloud, JIRA_PAT for Data Center.
 * The error names the missing variables, never a value.
 */
export function jiraAuthFromEnv(env: NodeJS.ProcessEnv, deployment: JiraDeployment): JiraAuth {
	if (deployment === 'datacenter') {
		const token = env[JIRA_ENV.pat]?.trim();
		if (!token) throw new Error(`${JIRA_ENV.pat} is not set: a Jira Data Center endpoint needs a personal access token`);
		return { kind: 'bearer', token };
	}
	const email = env[JIRA_ENV.email]?.trim();
	const apiToken = env[JIRA_ENV.apiToken]?.trim();
	const missing = [!email && JIRA_ENV.email, !apiToken && JIRA_ENV.apiToken].filter(Boolean);
	if (missing.length > 0 || !email || !apiToken) {
		throw new Error(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: a Jira Cloud endpoint needs an email and an API token`);
	}
	return { kind: 'basic', email, apiToken };
}
