import { spawn } from 'node:child_process';

import { CLI_PATH } from './cli';

export interface CliChildOutcome {
	/** The process died of the SIGKILL we sent (not having exited before it). */
	killed: boolean;
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface CliChild {
	readonly pid: number | undefined;
	readonly done: Promise<CliChildOutcome>;
	kill(): void;
}

/** The built CLI in a child process, with only the given environment (plus PATH and HOME). */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): CliChild {
	const child = spawn(process.execPath, [CLI_PATH, ...args], {
		env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	let killSent = false;
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const done = new Promise<CliChildOutcome>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({ killed: killSent && signal === 'SIGKILL', code, stdout, stderr }));
	});
	return {
		pid: child.pid,
		done,
		kill() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			killSent = true;
			child.kill('SIGKILL');
		},
	};
}
