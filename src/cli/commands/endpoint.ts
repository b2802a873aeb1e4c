import type { Command } from 'commander';
import { z } from 'zod';

import { jiraEndpointParametersSchema } from '../../jira/endpoint-parameters';
import { JiraEndpointIdTakenError, saveJiraEndpoint } from '../../jira/endpoint-registration';
import { CliError, withStore, type CliIO } from '../cli-context';
import { parseFlags } from '../flag-errors';

/** The flags of `endpoint add jira`, one key per flag (the Jira parameters flattened). */
const addJiraFlags = z.object({
	id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'must start with a letter or digit and use only letters, digits, ".", "_" or "-" (at most 63)'),
	name: z.string().trim().min(1, 'must not be blank').max(200).optional(),
	...jiraEndpointParametersSchema.shape,
});

interface AddJiraOptions {
	id: string;
	baseUrl: string;
	projects?: string;
	deployment?: string;
	name?: string;
	replace?: boolean;
	json?: boolean;
}

export function registerEndpointCommand(program: Command, io: CliIO): void {
	const endpoint = program.command('endpoint').description('Manage source and sink endpoints');
	const add = endpoint.command('add').description('Add an endpoint');
	add
		.command('jira')
		.description('Add a Jira source (only non-secret parameters are stored; the secret comes from the environment at run time)')
		.requiredOption('--id <id>', 'endpoint id, e.g. jira-prod')
		.requiredOption('--base-url <url>', 'site URL, e.g. https://your-domain.atlassian.net')
		.option('--projects <keys>', 'comma-separated project keys to restrict reads to, e.g. ENG,OPS')
		.option('--deployment <kind>', 'cloud (email + API token) or datacenter (personal access token)', 'cloud')
		.option('--name <name>', 'display name (default: the id)')
		.option('--replace', 'replace an existing Jira endpoint with the same id')
		.option('--json', 'print the stored endpoint as JSON')
		.action(async (options: AddJiraOptions) => {
			const { id, name, ...parameters } = parseFlags(addJiraFlags, {
				id: options.id,
				name: options.name,
				baseUrl: options.baseUrl,
				deployment: options.deployment,
				...(options.projects !== undefined ? { projects: options.projects.split(',').map((key) => key.trim()).filter(Boolean) } : {}),
			});
			await withStore(io, {}, async (store) => {
				let templateId: string;
				try {
					templateId = await saveJiraEndpoint(store, { id, name: name ?? id, parameters }, { replace: Boolean(options.replace) });
				} catch (error) {
					if (error instanceof JiraEndpointIdTakenError) throw new CliError(`--id: ${error.message}`);
					throw error;
				}
				const stored = { id, templateId, name: name ?? id, parameters };
				if (options.json) return io.out(JSON.stringify(stored));
				io.out(`Stored Jira endpoint "${id}" (${templateId}) for ${parameters.baseUrl}${parameters.projects ? `, projects ${parameters.projects.join(', ')}` : ''}.`);
				io.out(
					parameters.deployment === 'cloud'
						? 'At run time set JIRA_EMAIL and JIRA_API_TOKEN; they are never stored.'
						: 'At run time set JIRA_PAT (a personal access token); it is never stored.',
				);
			});
		});
}
