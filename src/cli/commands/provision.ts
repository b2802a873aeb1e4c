import type { Command } from 'commander';

import { z } from 'zod';

import { CdmError } from '../../cdm/errors';
import { closeCdmSinkConnections } from '../../cdm/sink-connection';
import { provisionAllCdmModels, provisionCdmSink, type CdmProvisionResult } from '../../cdm/provision';
import { idSchema } from '../../ingestion/input-schema';
import { CliError, withStore, type CliIO } from '../cli-context';
import { flagError, parseFlags } from '../flag-errors';

const provisionFlags = z.object({ sink: idSchema, model: idSchema.optional() });

/** CDM errors about the model (not a model, not listed by the sink) name --model; every other one --sink. */
function asFlagError(error: unknown): unknown {
	if (!(error instanceof CdmError)) return error;
	return flagError(error.code === 'MODEL_NOT_SUPPORTED' ? '--model' : '--sink', error.message);
}

function describe(result: CdmProvisionResult): string {
	const state = result.created ? 'created' : 'already present';
	const extras = [
		result.addedColumns.length > 0 ? `added columns ${result.addedColumns.join(', ')}` : '',
		result.createdIndexes.length > 0 ? `added indexes ${result.createdIndexes.join(', ')}` : '',
	].filter(Boolean);
	return `${result.cdmModelId} → ${result.physicalLocation} (${state}${extras.length ? `; ${extras.join('; ')}` : ''}), catalog dataset ${result.datasetId}`;
}

export function registerProvisionCommand(program: Command, io: CliIO): void {
	program
		.command('provision')
		.description('Create the CDM tables of a cdm.jdbc sink and register them in the catalog (idempotent)')
		.requiredOption('--sink <id>', 'cdm.jdbc sink endpoint id (the built-in one is "cdm")')
		.option('--model <cdmModelId>', 'CDM model to provision, e.g. cdm.work.item')
		.option('--all', 'provision every model the sink lists')
		.option('--json', 'print machine-readable JSON')
		.action(async (options: { sink: string; model?: string; all?: boolean; json?: boolean }) => {
			if ((options.model !== undefined) === Boolean(options.all)) throw new CliError('--model/--all: give exactly one of --model <cdmModelId> or --all', 2);
			const { sink, model } = parseFlags(provisionFlags, { sink: options.sink, model: options.model });
			await withStore(io, {}, async (store) => {
				try {
					const results = options.all
						? await provisionAllCdmModels(store, sink, { env: io.env })
						: [await provisionCdmSink(store, sink, model as string, { env: io.env })];
					if (options.json) return io.out(JSON.stringify(options.all ? results : results[0]));
					for (const result of results) io.out(describe(result));
				} catch (error) {
					throw asFlagError(error);
				} finally {
					await closeCdmSinkConnections(store);
				}
			});
		});
}
