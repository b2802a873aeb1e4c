import type { Command } from 'commander';
import { z } from 'zod';

import { describeZodIssues } from '../../jira/endpoint-parameters';
import { SIMULATOR_CREDENTIALS, startJiraSimulator } from '../../jira-simulator';
import { CliError, type CliIO } from '../cli-context';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const rate = z.coerce.number().min(0).max(1);

const simulatorInput = z.object({
	port: int(0, 65535),
	issues: int(0, 1_000_000),
	seed: int(0, 2 ** 31 - 1),
	latencyMs: int(0, 60_000),
	rateLimit: int(1, 100_000).optional(),
	retryAfter: int(0, 3600),
	errorRate: rate,
	dropRate: rate,
	cutRate: rate,
	stormRate: rate,
	deployment: z.enum(['cloud', 'datacenter']),
});

interface SimulatorOptions {
	port: string;
	issues: string;
	seed: string;
	latencyMs: string;
	rateLimit?: string;
	retryAfter: string;
	errorRate: string;
	dropRate: string;
	cutRate: string;
	stormRate: string;
	deployment: string;
	json?: boolean;
}

/** Runs the Jira simulator as its own process (for benchmarks, n8n end-to-end tests and demos) until stopped. */
export function registerSimulatorCommand(program: Command, io: CliIO): void {
	program
		.command('simulator')
		.description('Run the seeded Jira Cloud simulator on 127.0.0.1 until Ctrl-C (control API under /_sim/)')
		.option('--port <n>', 'port (0: any free port)', '0')
		.option('--issues <n>', 'number of seeded issues', '500')
		.option('--seed <n>', 'seed of the generated data', '1')
		.option('--latency-ms <n>', 'delay before every answer', '0')
		.option('--rate-limit <n>', 'requests per second before answering 429')
		.option('--retry-after <s>', 'Retry-After seconds sent with a 429', '1')
		.option('--error-rate <r>', 'share of requests answered with a 5xx (0..1)', '0')
		.option('--drop-rate <r>', 'share of connections dropped (0..1)', '0')
		.option('--cut-rate <r>', 'share of answers cut mid-body, the connection then dropped (0..1)', '0')
		.option('--storm-rate <r>', 'share of requests answered 429 with Retry-After 0 or 1 (a 429 storm, 0..1)', '0')
		.option('--deployment <kind>', 'cloud or datacenter', 'cloud')
		.option('--json', 'print the address as one JSON line')
		.action(async (options: SimulatorOptions) => {
			const parsed = simulatorInput.safeParse(options);
			if (!parsed.success) throw new CliError(`invalid simulator options: ${describeZodIssues(parsed.error)}`);
			const input = parsed.data;
			const simulator = await startJiraSimulator({
				port: input.port,
				issues: input.issues,
				seed: input.seed,
				deployment: input.deployment,
				realTimeClock: true,
				faults: {
					latencyMs: input.latencyMs,
					errorRate: input.errorRate,
					dropRate: input.dropRate,
					cutRate: input.cutRate,
					...(input.stormRate > 0 ? { storm: { rate: input.stormRate, retryAfterSeconds: [0, 1] } } : {}),
					...(input.rateLimit ? { rateLimit: { requestsPerSecond: input.rateLimit, retryAfterSeconds: input.retryAfter } } : {}),
				},
			});
			const info = { url: simulator.url, port: simulator.port, deployment: input.deployment, issues: input.issues, seed: input.seed, ...SIMULATOR_CREDENTIALS };
			if (options.json) io.out(JSON.stringify(info));
			else {
				io.out(`Jira simulator (${input.deployment}, ${input.issues} issues, seed ${input.seed}) listening on ${simulator.url}`);
				io.out(`Simulator credentials (fixed, not secret): JIRA_EMAIL=${SIMULATOR_CREDENTIALS.email} JIRA_API_TOKEN=${SIMULATOR_CREDENTIALS.apiToken} JIRA_PAT=${SIMULATOR_CREDENTIALS.pat}`);
				io.out('Press Ctrl-C to stop.');
			}
			await new Promise<void>((resolve) => {
				const stop = () => {
					process.removeListener('SIGINT', stop);
					process.removeListener('SIGTERM', stop);
					void simulator.stop().then(resolve);
				};
				process.once('SIGINT', stop);
				process.once('SIGTERM', stop);
			});
		});
}
