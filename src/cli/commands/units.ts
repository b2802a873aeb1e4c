import type { Command } from 'commander';

import { listEndpointUnits } from '../../ingestion/units';
import { CliError, withStore, type CliIO } from '../cli-context';

export function registerUnitsCommand(program: Command, io: CliIO): void {
	program
		.command('units')
		.description('List the ingestion units an endpoint offers (from its collected catalog)')
		.requiredOption('--endpoint <id>', 'endpoint id')
		.option('--json', 'print the unit descriptors as JSON')
		.action(async (options: { endpoint: string; json?: boolean }) => {
			await withStore(io, {}, async (store) => {
				const endpoint = await store.models.MetadataEndpoint.findByPk(options.endpoint, { attributes: ['id'] });
				if (!endpoint) throw new CliError(`no endpoint "${options.endpoint}"`);
				const units = await listEndpointUnits(store, options.endpoint);
				if (options.json) return io.out(JSON.stringify(units));
				if (units.length === 0) {
					io.out(`No units for "${options.endpoint}": collect its metadata first (n8n-ingestion collect --endpoint ${options.endpoint}).`);
					return;
				}
				io.out(`${'UNIT'.padEnd(16)} ${'DEFAULT MODE'.padEnd(13)} ${'PRIMARY KEY'.padEnd(12)} ${'CURSOR'.padEnd(17)} CDM MODEL`);
				for (const unit of units) {
					const cursor = unit.allowedCursorFields.length > 0 ? unit.allowedCursorFields.join('|') : '-';
					io.out(
						`${unit.unitId.padEnd(16)} ${unit.defaultMode.padEnd(13)} ${(unit.defaultPolicy.primaryKeys ?? []).join(',').padEnd(12)} ${cursor.padEnd(17)} ${unit.cdmModelId ?? '-'}`,
					);
				}
			});
		});
}
