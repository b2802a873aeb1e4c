import { z } from 'zod';

export const JIRA_DEPLOYMENTS = ['cloud', 'datacenter'] as const;
export type JiraDeployment = (typeof JIRA_DEPLOYMENTS)[number];

/** A Jira project key as Jira allows it (uppercase letter first, then letters, digits or underscores). */
export const jiraProjectKeySchema = z
	.string()
	.trim()
	.regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'must be a Jira project key such as ENG (uppercase letters, digits, underscores)');

/**
 * Non-secret parameters of a Jira endpoint (`metadata_endpoints.parameters`). Credentials never live here:
 * they come from the environment (CLI) or the n8n credential at run time.
 */
export const jiraEndpointParametersSchema = z
	.object({
		baseUrl: z
			.string()
			.trim()
			.superRefine((value, ctx) => {
				let url: URL;
				try {
					url = new URL(value);
				} catch {
					return ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an http(s) URL such as https://your-domain.atlassian.net' });
				}
				if (url.protocol !== 'http:' && url.protocol !== 'https:') {
					ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must start with http:// or https://' });
				}
				if (url.username || url.password) {
					ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must not contain credentials; pass them through JIRA_EMAIL/JIRA_API_TOKEN or JIRA_PAT' });
				}
			})
			.transform((value) => value.replace(/\/+$/, '')),
		deployment: z.enum(JIRA_DEPLOYMENTS).default('cloud'),
		projects: z.array(jiraProjectKeySchema).optional(),
	})
	.strict();

export type JiraEndpointParameters = z.output<typeof jiraEndpointParametersSchema>;

/** The endpoint template id stored for a deployment. */
export function jiraTemplateId(deployment: JiraDeployment): 'jira.cloud' | 'jira.datacenter' {
	return deployment === 'cloud' ? 'jira.cloud' : 'jira.datacenter';
}

/** Formats zod issues as `field: reason; field: reason`. */
export function describeZodIssues(error: z.ZodError, prefix = ''): string {
	return error.issues
		.map((issue) => {
			const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
			return `${field || '(input)'}: ${issue.message}`;
		})
		.join('; ');
}

/** Parses stored endpoint parameters, failing with the field and the reason. */
export function parseJiraEndpointParameters(endpointId: string, parameters: unknown): JiraEndpointParameters {
	const parsed = jiraEndpointParametersSchema.safeParse(parameters);
	if (!parsed.success) {
		throw new Error(`Jira endpoint "${endpointId}" has invalid parameters: ${describeZodIssues(parsed.error, 'parameters')}`);
	}
	return parsed.data;
}
