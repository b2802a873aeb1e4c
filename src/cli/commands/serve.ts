import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import type { Command } from 'commander';

import { API_TOKEN_ENV, CONSOLE_PATH, MIN_TOKEN_LENGTH, createBridgeServer, type BridgeServer } from '../../bridge';
import { builtConsoleDir } from '../../package-paths';
import { Store } from '../../store';
import { CliError, type CliIO } from '../cli-context';
import { flagError } from '../flag-errors';

interface ServeOptions {
	port: string;
	host?: string;
	insecureLocal?: boolean;
	consoleDir?: string;
	/** False with --no-console. */
	console: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** The flags and the token, checked before the store is opened; errors name the flag or the variable. */
function checkServeOptions(options: ServeOptions, env: NodeJS.ProcessEnv): { port: number; host: string; token?: string } {
	const port = /^\d{1,5}$/.test(options.port) ? Number(options.port) : NaN;
	if (!(port >= 0 && port <= 65_535)) throw flagError('--port', `"${options.port}" is not a port number (0..65535)`);
	const token = env[API_TOKEN_ENV]?.trim() || undefined;
	if (!token && !options.insecureLocal) {
		throw new CliError(`${API_TOKEN_ENV} is not set: set it to a long random token, or pass --insecure-local to serve on 127.0.0.1 without auth`);
	}
	if (token && token.length < MIN_TOKEN_LENGTH) throw new CliError(`${API_TOKEN_ENV} must be at least ${MIN_TOKEN_LENGTH} characters long`);
	const host = options.host ?? '127.0.0.1';
	if (!host.trim()) throw flagError('--host', 'must not be empty');
	if (!token && !LOOPBACK.has(host)) throw new CliError(`--insecure-local serves on 127.0.0.1 only, not ${host}`);
	if (options.consoleDir !== undefined) {
		const isFolder = (() => {
			try {
				return statSync(options.consoleDir).isDirectory();
			} catch {
				return false;
			}
		})();
		if (!isFolder) throw flagError('--console-dir', `"${options.consoleDir}" is not a folder`);
	}
	return { port, host, token };
}

/** Starts listening, turning the socket errors users cause into errors naming --port or --host. */
async function listenOn(server: BridgeServer, port: number, host: string): Promise<string> {
	try {
		return (await server.listen(port, host)).url;
	} catch (error) {
		await server.close().catch(() => undefined);
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EADDRINUSE') throw flagError('--port', `port ${port} is already in use on ${host}`);
		if (code === 'EACCES') throw flagError('--port', `no permission to listen on port ${port}`);
		if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL' || code === 'EINVAL') {
			throw flagError('--host', `cannot listen on "${host}" (${code === 'ENOTFOUND' ? 'unknown host' : 'not an address of this machine'})`);
		}
		throw error;
	}
}

/** The console folder to serve: --console-dir, else the built-in one when it was built; none with --no-console. */
function consoleDirFor(options: ServeOptions): string | undefined {
	if (options.console === false) return undefined;
	if (options.consoleDir) {
		const dir = path.resolve(options.consoleDir);
		if (!existsSync(path.join(dir, 'index.html'))) throw flagError('--console-dir', `${dir} has no index.html`);
		return dir;
	}
	const builtIn = builtConsoleDir();
	return existsSync(path.join(builtIn, 'index.html')) ? builtIn : undefined;
}

function consoleAbsence(options: ServeOptions): string {
	return options.console === false ? 'Ingestion console: off (--no-console)' : 'Ingestion console: not built (run "npm run build")';
}

export function registerServeCommand(program: Command, io: CliIO): void {
	program
		.command('serve')
		.description(`Serve the GraphQL bridge (bearer token from ${API_TOKEN_ENV}); it talks to the store only`)
		.option('--port <port>', 'port to listen on (0 picks a free one)', '4000')
		.option('--host <host>', 'address to bind (default 127.0.0.1; 0.0.0.0 for all interfaces)')
		.option('--insecure-local', `serve without ${API_TOKEN_ENV}, on 127.0.0.1 only (local development)`)
		.option('--console-dir <dir>', 'folder of the ingestion console page served at /console (default: the built-in console)')
		.option('--no-console', 'do not serve the ingestion console page')
		.action(async (options: ServeOptions) => {
			const { port, host, token } = checkServeOptions(options, io.env);
			const staticDir = consoleDirFor(options);
			const store = await Store.open({ env: io.env, applicationName: 'n8n-ingestion-bridge' });
			try {
				const { pending } = await store.migrationStatus();
				if (pending.length > 0) {
					throw new CliError(`the store has ${pending.length} pending migration(s): run "n8n-ingestion migrate" first`);
				}
				const server = createBridgeServer({ store, token, insecureLocal: options.insecureLocal, staticDir });
				const url = await listenOn(server, port, host);
				io.out(`GraphQL bridge listening on ${url} (${token ? 'bearer token required' : 'NO AUTH: local only'})`);
				io.out(staticDir ? `Ingestion console: ${new URL(`${CONSOLE_PATH}/`, url)}` : consoleAbsence(options));
				io.out(`Store: ${store.displayUrl}`);
				const signal = await new Promise<NodeJS.Signals>((resolve) => {
					process.once('SIGINT', resolve);
					process.once('SIGTERM', resolve);
				});
				io.out(`Received ${signal}: stopping`);
				await server.close();
			} finally {
				await store.close();
			}
		});
}
