import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(__dirname, '..');

export interface SimulatorProcess {
	url: string;
	process: ChildProcess;
	/** Calls an HTTP control op (`POST /_sim/control`) and returns its result. */
	control<T = unknown>(op: string, ...args: unknown[]): Promise<T>;
	stop(): void;
}

export interface SimulatorProcessOptions {
	issues: number;
	seed?: number;
	/** Extra CLI flags, e.g. `['--avg-comments', '3']`. */
	flags?: string[];
}

/** `n8n-ingestion simulator` in its own process (zero latency unless told); resolves once it listens. */
export function startSimulatorProcess(options: SimulatorProcessOptions): Promise<SimulatorProcess> {
	const argv = ['simulator', '--issues', String(options.issues), '--seed', String(options.seed ?? 1), '--json', ...(options.flags ?? [])];
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'src/cli/main.ts'), ...argv], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		child.on('error', reject);
		child.on('exit', (code) => reject(new Error(`the simulator exited ${code}`)));
		createInterface({ input: child.stdout! }).once('line', (line) => {
			const url = (JSON.parse(line) as { url: string }).url;
			resolve({
				url,
				process: child,
				control: async <T>(op: string, ...args: unknown[]) => {
					const response = await fetch(`${url}/_sim/control`, { method: 'POST', body: JSON.stringify({ op, args }) });
					if (!response.ok) throw new Error(`simulator control ${op}: HTTP ${response.status} ${await response.text()}`);
					return ((await response.json()) as { result: T }).result;
				},
				stop: () => {
					child.removeAllListeners('exit');
					child.kill('SIGTERM');
				},
			});
		});
	});
}
