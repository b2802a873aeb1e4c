import type { Command } from 'commander';

import { isTriggerLive, upsertConfig, type IngestionUnitConfigRecord } from '../../ingestion';
import { isConfigValidationError } from '../../ingestion/validation-error';
import { CliError, withStore, type CliIO } from '../cli-context';

interface ConfigureOptions {
	endpoint: string;
	unit: string;
	mode?: string;
	dataMode?: string;
	sink?: string;
	cdmModel?: string;
	every?: string;
	manual?: boolean;
	enable?: boolean;
	disable?: boolean;
	policy?: string;
	json?: boolean;
}

/** The CLI flag of each config field, to point at the right flag in errors. */
const FLAG_OF_FIELD: Record<string, string> = {
	endpointId: '--endpoint',
	unitId: '--unit',
	mode: '--mode',
	dataMode: '--data-mode',
	sinkId: '--sink',
	cdmModelId: '--cdm-model',
	scheduleKind: '--every/--manual',
	scheduleIntervalMinutes: '--every',
	enabled: '--enable/--disable',
	policy: '--policy',
};

function flagOf(field: string): string {
	return FLAG_OF_FIELD[field] ?? FLAG_OF_FIELD[field.split('.')[0]] ?? field;
}

/** Turns the flags into a config input; only the flags given are sent, so the others keep their stored values. */
export function configureInput(options: ConfigureOptions): Record<string, unknown> {
	if (options.every !== undefined && options.manual) throw new CliError('--every and --manual exclude each other');
	if (options.enable && options.disable) throw new CliError('--enable and --disable exclude each other');
	const input: Record<string, unknown> = { endpointId: options.endpoint, unitId: options.unit };
	if (options.mode !== undefined) input.mode = options.mode.toUpperCase();
	if (options.dataMode !== undefined) input.dataMode = options.dataMode.toUpperCase();
	if (options.sink !== undefined) input.sinkId = options.sink;
	if (options.cdmModel !== undefined) input.cdmModelId = options.cdmModel;
	if (options.every !== undefined) {
		if (!/^\d+$/.test(options.every.trim())) throw new CliError(`--every: "${options.every}" is not a whole number of minutes`);
		input.scheduleKind = 'INTERVAL';
		input.scheduleIntervalMinutes = Number(options.every);
	}
	if (options.manual) input.scheduleKind = 'MANUAL';
	if (options.enable) input.enabled = true;
	if (options.disable) input.enabled = false;
	if (options.policy !== undefined) {
		try {
			input.policy = JSON.parse(options.policy);
		} catch (error) {
			throw new CliError(`--policy: not valid JSON (${(error as Error).message})`);
		}
	}
	return input;
}

function describe(config: IngestionUnitConfigRecord): string {
	const schedule = config.scheduleKind === 'INTERVAL' ? `every ${config.scheduleIntervalMinutes} min` : 'manual runs only';
	const target = config.dataMode === 'CDM' ? `CDM ${config.cdmModelId} → ${config.sinkId}` : `RAW → ${config.sinkId}`;
	return `${config.mode}, ${target}, ${schedule}, ${config.enabled ? 'enabled' : 'disabled'}`;
}

export function registerConfigureCommand(program: Command, io: CliIO): void {
	program
		.command('configure')
		.description('Create or update the ingestion config of one unit (omitted flags keep their stored values)')
		.requiredOption('--endpoint <id>', 'source endpoint id')
		.requiredOption('--unit <id>', 'ingestion unit, e.g. jira.issues')
		.option('--mode <mode>', 'FULL, INCREMENTAL, SCD1 or CUSTOM')
		.option('--data-mode <mode>', 'RAW or CDM')
		.option('--sink <id>', 'sink endpoint id (default: warehouse for RAW, cdm for CDM)')
		.option('--cdm-model <id>', 'CDM model id (default: the unit’s)')
		.option('--every <minutes>', 'run every N minutes (1..1440)')
		.option('--manual', 'run only when asked')
		.option('--enable', 'enable the unit’s schedule')
		.option('--disable', 'disable the unit’s schedule')
		.option('--policy <json>', 'policy JSON, completed with the unit’s defaults, e.g. \'{"filters":{"projects":["ENG"]}}\'')
		.option('--json', 'print the stored config as JSON')
		.action(async (options: ConfigureOptions) => {
			const input = configureInput(options);
			await withStore(io, {}, async (store) => {
				let result;
				try {
					result = await upsertConfig(store, input);
				} catch (error) {
					if (isConfigValidationError(error)) throw new CliError(`${error.message} (${flagOf(error.field)})`);
					throw error;
				}
				const { config, created } = result;
				const live = await isTriggerLive(store, config.endpointId);
				if (options.json) {
					io.out(JSON.stringify({ ...config, created, triggerLive: live }));
					return;
				}
				io.out(`${created ? 'Created' : 'Updated'} ${config.endpointId} / ${config.unitId}: ${describe(config)}`);
				io.out(`policy: ${JSON.stringify(config.policy)}`);
				if (config.enabled && config.scheduleKind === 'INTERVAL' && !live) {
					io.err(`warning: no live ingestion trigger is watching ${config.endpointId}; the schedule fires once an n8n Ingestion Trigger runs`);
				}
			});
		});
}
