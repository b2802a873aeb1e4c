import type { Command } from 'commander';

import { registerCdmSinkEndpoint } from '../../cdm/sink-registration';
import { withStore, type CliIO } from '../cli-context';

export function registerSinkCommand(program: Command, io: CliIO): void {
	const sink = program.command('sink').description('Manage sink endpoints');
	const add = sink.command('add').description('Register a sink endpoint');
	add
		.command('cdm')
		.description('Register a cdm.jdbc sink (common-data-model tables in Postgres)')
		.requiredOption('--id <id>', 'endpoint id')
		.option('--name <name>', 'display name')
		.option('--schema <schema>', 'schema of the CDM tables', 'cdm_work')
		.option('--table-prefix <prefix>', 'prefix of the table names', 'cdm_')
		.option('--models <ids>', 'comma-separated CDM model ids (default: all five)')
		.option(
			'--connection-url-env <VAR>',
			'name of the environment variable that holds the target Postgres URL where the sink is used (default: the store database)',
		)
		.option('--json', 'print machine-readable JSON')
		.action(
			async (options: {
				id: string;
				name?: string;
				schema: string;
				tablePrefix: string;
				models?: string;
				connectionUrlEnv?: string;
				json?: boolean;
			}) => {
				await withStore(io, {}, async (store) => {
					const view = await registerCdmSinkEndpoint(
						store,
						{
							id: options.id,
							name: options.name,
							schema: options.schema,
							tablePrefix: options.tablePrefix,
							models: options.models?.split(',').map((model) => model.trim()).filter(Boolean),
							connectionUrlEnv: options.connectionUrlEnv,
						},
						io.env,
					);
					if (options.json) return io.out(JSON.stringify(view));
					const parameters = view.parameters as { schema: string; table_prefix: string; models: string[]; connection_url_source: string };
					io.out(`Registered cdm.jdbc sink "${view.id}": schema ${parameters.schema}, table prefix "${parameters.table_prefix}"`);
					io.out(`  models: ${parameters.models.join(', ')}`);
					io.out(
						`  connection: ${parameters.connection_url_source === 'env' ? `from $${options.connectionUrlEnv}` : 'the store database'}`,
					);
					io.out(`Next: n8n-ingestion provision --sink ${view.id} --all`);
				});
			},
		);
}
