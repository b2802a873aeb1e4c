import { Command, CommanderError } from 'commander';

import { packageVersion } from '../package-paths';
import { scrubSecrets } from '../store';
import { CliError, processIO, type CliIO } from './cli-context';
import { refuseUnstorableFlags } from './flag-errors';
import { registerCollectCommand } from './commands/collect';
import { registerConfigureCommand } from './commands/configure';
import { registerDbUrlCommand } from './commands/db-url';
import { registerEndpointCommand } from './commands/endpoint';
import { registerMigrateCommand } from './commands/migrate';
import { registerProvisionCommand } from './commands/provision';
import { registerSinkCommand } from './commands/sink';
import { registerRunUnitCommand, type EngineCliDeps } from './commands/run-unit';
import { registerRunsCommand } from './commands/runs';
import { registerSimulatorCommand } from './commands/simulator';
import { registerUnitsCommand } from './commands/units';
import { registerServeCommand } from './commands/serve';
import { registerStartCommand } from './commands/start';

/** What tests and embedders may inject into the CLI. */
export interface CliDeps {
	/** Source and sink factories and credentials of `run-unit` (default: the built-in ones, env credentials). */
	engine?: EngineCliDeps;
}

export function buildProgram(io: CliIO = processIO, deps: CliDeps = {}): Command {
	const program = new Command('n8n-ingestion')
		.description('Metadata-driven ingestion for n8n: store, sources, sinks and schedules')
		.version(packageVersion())
		.showHelpAfterError()
		.exitOverride()
		.configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
		.hook('preAction', refuseUnstorableFlags);
	registerMigrateCommand(program, io);
	registerDbUrlCommand(program, io);
	registerProvisionCommand(program, io);
	registerSinkCommand(program, io);
	registerEndpointCommand(program, io);
	registerCollectCommand(program, io);
	registerUnitsCommand(program, io);
	registerSimulatorCommand(program, io);
	registerConfigureCommand(program, io);
	registerServeCommand(program, io);
	registerStartCommand(program, io);
	registerRunUnitCommand(program, io, deps.engine);
	registerRunsCommand(program, io);
	return program;
}

/** Secrets that may sit in the environment and must never reach the terminal. */
function secretsOf(env: NodeJS.ProcessEnv): string[] {
	const secrets: string[] = [];
	for (const [key, value] of Object.entries(env)) {
		if (value && /TOKEN|PASSWORD|SECRET|_PAT$|API_KEY/i.test(key)) secrets.push(value);
	}
	const url = env.DATABASE_URL;
	if (url) {
		try {
			const { password } = new URL(url);
			if (password) secrets.push(password, decodeURIComponent(password));
		} catch {
			// not a URL: nothing to extract
		}
	}
	return secrets;
}

/** Runs the CLI and returns its exit code; never throws. */
export async function runCli(argv: string[], io: CliIO = processIO, deps: CliDeps = {}): Promise<number> {
	const program = buildProgram(io, deps);
	try {
		await program.parseAsync(argv, { from: 'user' });
		return 0;
	} catch (error) {
		if (error instanceof CommanderError) return error.exitCode;
		const message = error instanceof Error ? error.message : String(error);
		io.err(`error: ${scrubSecrets(message, secretsOf(io.env))}`);
		return error instanceof CliError ? error.exitCode : 1;
	}
}
