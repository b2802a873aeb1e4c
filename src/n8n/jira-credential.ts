import { z } from 'zod';

import type { CredentialsProvider, SourceCredentials, SourceEndpoint } from '../ingestion/source';
import { authSecrets, type JiraAuth } from '../jira/auth';
import { describeZodIssues, JIRA_DEPLOYMENTS, parseJiraEndpointParameters, type JiraDeployment } from '../jira/endpoint-parameters';

/** The Jira Ingestion credential's data (see credentials/JiraIngestionApi.credentials.ts). */
export const jiraCredentialSchema = z
	.object({
		deployment: z.enum(JIRA_DEPLOYMENTS).default('cloud'),
		siteUrl: z
			.string()
			.trim()
			.refine((value) => /^https?:\/\/[^/]/i.test(value), 'must be an http(s) URL such as https://your-domain.atlassian.net'),
		email: z.string().trim().optional(),
		apiToken: z.string().optional(),
		personalAccessToken: z.string().optional(),
	})
	.superRefine((value, ctx) => {
		if (value.deployment === 'cloud') {
			if (!value.email) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['email'], message: 'is required for Jira Cloud' });
			if (!value.apiToken) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['apiToken'], message: 'is required for Jira Cloud' });
		} else if (!value.personalAccessToken) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['personalAccessToken'], message: 'is required for Jira Data Center' });
		}
	});

export interface JiraCredential {
	deployment: JiraDeployment;
	/** Site URL without a trailing slash. */
	siteUrl: string;
	auth: JiraAuth;
}

/** Parses the credential; the error names the missing field, never a value. */
export function parseJiraCredential(data: unknown): JiraCredential {
	const parsed = jiraCredentialSchema.safeParse(data ?? {});
	if (!parsed.success) throw new Error(`The Jira Ingestion credential is incomplete: ${describeZodIssues(parsed.error)}`);
	const { deployment, siteUrl, email, apiToken, personalAccessToken } = parsed.data;
	const auth: JiraAuth =
		deployment === 'cloud' ? { kind: 'basic', email: email as string, apiToken: apiToken as string } : { kind: 'bearer', token: personalAccessToken as string };
	return { deployment, siteUrl: siteUrl.replace(/\/+$/, ''), auth };
}

/** Strings of the credential that must never appear in output. */
export function jiraCredentialSecrets(data: unknown): string[] {
	try {
		return authSecrets(parseJiraCredential(data).auth);
	} catch {
		const raw = (data ?? {}) as Record<string, unknown>;
		return [raw.apiToken, raw.personalAccessToken].filter((value): value is string => typeof value === 'string' && value.length > 0);
	}
}

function sameSite(a: string, b: string): boolean {
	const normalize = (value: string) => {
		const url = new URL(value);
		return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
	};
	try {
		return normalize(a) === normalize(b);
	} catch {
		return false;
	}
}

/**
 * Fails unless the credential belongs to the endpoint's Jira site and deployment: a token is only ever sent to the site
 * it was made for, even when an endpoint's stored base URL points elsewhere.
 */
export function assertCredentialFitsEndpoint(credential: JiraCredential, endpoint: { id: string; parameters: unknown }): void {
	const parameters = parseJiraEndpointParameters(endpoint.id, endpoint.parameters);
	if (!sameSite(credential.siteUrl, parameters.baseUrl)) {
		throw new Error(
			`The Jira credential is for ${credential.siteUrl}, but endpoint "${endpoint.id}" reads ${parameters.baseUrl}: choose the credential of that site`,
		);
	}
	if (credential.deployment !== parameters.deployment) {
		throw new Error(
			`The Jira credential is for Jira ${credential.deployment === 'cloud' ? 'Cloud' : 'Data Center'}, but endpoint "${endpoint.id}" is a ${parameters.deployment === 'cloud' ? 'Cloud' : 'Data Center'} endpoint`,
		);
	}
}

/** The engine's credentials provider for a Jira credential: its auth, for the endpoints of its site only. */
export function jiraCredentialsProvider(credential: JiraCredential): CredentialsProvider {
	return (endpoint: SourceEndpoint): SourceCredentials => {
		if (endpoint.templateId !== 'jira.cloud' && endpoint.templateId !== 'jira.datacenter') return {};
		assertCredentialFitsEndpoint(credential, endpoint);
		return { ...credential.auth };
	};
}
