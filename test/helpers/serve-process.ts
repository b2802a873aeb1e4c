import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import { CLI_PATH } from './cli';

/**
 * The URL with a password: the test server accepts any password (trust auth), so one is added when the URL has none,
 * to prove the bridge never shows it. Returns the URL and the password (the secret to look for).
 */
export function withPassword(databaseUrl: string): { url: string; password: string } {
	const url = new URL(databaseUrl);
	if (url.password) return { url: databaseUrl, password: decodeURIComponent(url.password) };
	url.password = `pw-${randomBytes(12).toString('hex')}`;
	return { url: url.toString(), password: url.password };
}

export interface ServeProcess {
	/** GraphQL URL the process printed. */
	url: string;
	child: ChildProcess;
	/** Everything the process wrote to stdout and stderr so far. */
	output(): string;
	stop(): Promise<void>;
}

/**
 * `n8n-ingestion serve --port 0` of the built CLI as a real process (as users run it), with its stdout and stderr
 * captured, so tests can check what the server logs as well as what it answers.
 */
export function startServeProcess(env: NodeJS.ProcessEnv, args: string[] = []): Promise<ServeProcess> {
	const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', ...args], {
		env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const chunks: string[] = [];
	const output = () => chunks.join('');
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return new Promise((resolve, reject) => {
		let settled = false;
		const timer = setTimeout(() => fail(new Error(`serve did not start within 30 s:\n${output()}`)), 30_000);
		function fail(error: Error) {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			child.kill('SIGKILL');
			reject(error);
		}
		const onData = (chunk: Buffer) => {
			chunks.push(chunk.toString('utf8'));
			const match = /listening on (http:\/\/\S+)/.exec(output());
			if (match && !settled) {
				settled = true;
				clearTimeout(timer);
				resolve({
					url: match[1],
					child,
					output,
					async stop() {
						if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
						await exited;
					},
				});
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) => fail(new Error(`serve exited with ${code} before listening:\n${output()}`)));
	});
}
