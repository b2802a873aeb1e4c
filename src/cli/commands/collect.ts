import type { Command } from 'commander';

import { JiraMetadataSubsystem } from '../../jira/metadata-subsystem';
import { withStore, type CliIO } from '../cli-context';

export function registerCollectCommand(program: Command, io: CliIO): void {
	program
		.command('collect')
		.description("Collect a Jira endpoint's metadata into the catalog (secret from JIRA_EMAIL + JIRA_API_TOKEN, or JIRA_PAT)")
		.requiredOption('--endpoint <id>', 'endpoint id')
		.option('--json', 'print machine-readable JSON')
		.action(async (options: { endpoint: string; json?: boolean }) => {
			await withStore(io, {}, async (store) => {
				const report = await new JiraMetadataSubsystem(store, { env: io.env }).collect(options.endpoint);
				if (options.json) return io.out(JSON.stringify(report));
				const created = report.datasets.filter((d) => d.created).length;
				io.out(
					`Collected ${report.datasets.length} datasets for "${report.endpointId}" (${created} new, ${report.datasets.length - created} updated) with ${report.requests.requests} Jira requests:`,
				);
				for (const dataset of report.datasets) io.out(`  ${dataset.datasetId.padEnd(18)} ${dataset.kind.padEnd(12)} ${dataset.fields} fields`);
			});
		});
}
