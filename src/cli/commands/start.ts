import type { Command } from 'commander';

import { startLocalStack } from '../../stack/local-stack';
import type { CliIO } from '../cli-context';
import { flagError } from '../flag-errors';

interface StartOptions {
	demo?: boolean;
	port?: string;
	n8nPort?: string;
}

function portFlag(flag: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
	if (!(port >= 1 && port <= 65_535)) throw flagError(flag, `"${value}" is not a port number (1..65535)`);
	return port;
}

/** `start`: the store, the bridge and console, and n8n with the worker workflow, until Ctrl-C or SIGTERM. */
export function registerStartCommand(program: Command, io: CliIO): void {
	program
		.command('start')
		.description('Run the local stack: store (embedded Postgres unless DATABASE_URL), GraphQL bridge and console, n8n with the worker workflow')
		.option('--demo', 'also run the Jira simulator as endpoint jira-demo, with CDM tables and units scheduled every minute')
		.option('--port <port>', 'port of the GraphQL bridge and console (default 4000, or a free one)')
		.option('--n8n-port <port>', "port of n8n's editor (default 5678, or a free one)")
		.action(async (options: StartOptions) => {
			const bridgePort = portFlag('--port', options.port);
			const n8nPort = portFlag('--n8n-port', options.n8nPort);
			// Signals that arrive while starting stop the stack as soon as it is up.
			let signal: NodeJS.Signals | undefined;
			let wake: (() => void) | undefined;
			const onSignal = (received: NodeJS.Signals) => {
				signal ??= received;
				wake?.();
			};
			process.on('SIGINT', onSignal);
			process.on('SIGTERM', onSignal);
			try {
				const stack = await startLocalStack({ demo: options.demo, bridgePort, n8nPort, env: io.env, log: (line) => io.out(line) });
				io.out('');
				io.out(`Ingestion console: ${stack.consoleUrl}`);
				io.out(`GraphQL bridge:    ${stack.graphqlUrl}`);
				io.out(`n8n editor:        ${stack.n8nUrl}  (owner login: ${stack.ownerEmail}, password in ${stack.ownerLoginFile})`);
				io.out(`n8n processes:     main pid ${stack.n8n.mainPid}`);
				if (stack.simulatorUrl) io.out(`Jira simulator:    ${stack.simulatorUrl}  (endpoint jira-demo; units run every minute)`);
				io.out('Press Ctrl-C to stop.');
				if (!signal) await new Promise<void>((resolve) => (wake = resolve));
				io.out(`Received ${signal}: stopping`);
				await stack.stop();
				io.out('Stopped.');
			} finally {
				process.removeListener('SIGINT', onSignal);
				process.removeListener('SIGTERM', onSignal);
			}
		});
}
