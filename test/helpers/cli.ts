import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CLI_PATH = path.resolve(__dirname, '../../dist/src/cli/main.js');

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs the built CLI (`npm test` builds first) as a real process with exactly the given environment additions. */
export function runBuiltCli(args: string[], env: NodeJS.ProcessEnv, options: { timeoutMs?: number } = {}): Promise<CliResult> {
	if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run "npm run build" first (npm test does)`);
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[CLI_PATH, ...args],
			{ env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: options.timeoutMs ?? 90_000 },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, stdout, stderr });
			},
		);
	});
}
