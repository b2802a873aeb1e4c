import type { Command } from 'commander';
import { z } from 'zod';

import { CustomRunFailedError, runCustomUnit } from '../../ingestion/custom-run';
import { envCredentialsProvider } from '../../ingestion/env-credentials';
import { runInputFromConfig } from '../../ingestion/run-input';
import type { RunUnitDeps, RunUnitResult } from '../../ingestion/run-session';
import { runIngestionUnit } from '../../ingestion/run-unit';
import type { Store } from '../../store';
import { idSchema } from '../../ingestion/input-schema';
import { CliError, withStore, type CliIO } from '../cli-context';
import { flagError, parseFlags } from '../flag-errors';
import { createRunProgressReporter } from '../run-progress';

const runUnitFlags = z.object({ endpoint: idSchema, unit: idSchema }).transform(({ endpoint, unit }) => ({ endpointId: endpoint, unitId: unit }));

/** What the CLI's engine commands may have injected (tests, other sources); defaults are the built-in ones. */
export type EngineCliDeps = Pick<RunUnitDeps, 'sourceFactory' | 'sinkFactory' | 'credentials' | 'lease'>;

function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function printResult(io: CliIO, result: RunUnitResult): void {
	const { stats } = result;
	io.out(`Run ${result.runId} ${result.status} in ${(stats.durationMs / 1000).toFixed(1)} s`);
	if (result.status === 'SKIPPED') {
		io.out(`  ${result.skippedReason}`);
		return;
	}
	const lines: Array<[string, string | number]> = [
		['records read', stats.recordsRead],
		['rows written', stats.rowsWritten],
		['rows deleted', stats.rowsDeleted],
		['pages', stats.pages],
		['source requests', `${stats.jiraRequests} (retries ${stats.retries}, 429s ${stats.rateLimited})`],
		['bytes received', formatBytes(stats.bytes)],
	];
	if (stats.pagesConfirmed !== undefined) lines.push(['pages confirmed', stats.pagesConfirmed]);
	for (const [label, value] of lines) io.out(`  ${label.padEnd(16)} ${value}`);
	if (result.checkpoint) io.out(`  ${'checkpoint'.padEnd(16)} ${JSON.stringify(result.checkpoint.source)}`);
}

/** Environment variable that sets the unit lease's time to live (ms); a crashed run's lease lapses after it. */
export const LEASE_TTL_ENV = 'N8N_INGESTION_LEASE_TTL_MS';

const leaseTtlSchema = z.coerce
	.number({ invalid_type_error: 'must be a number of milliseconds' })
	.int('must be a whole number of milliseconds')
	.min(500, 'must be at least 500 ms')
	.max(3_600_000, 'must be at most 3600000 ms (one hour)');

/** The lease timing from the environment, when set (the default is the engine's 60 s). */
export function leaseFromEnv(env: NodeJS.ProcessEnv): RunUnitDeps['lease'] | undefined {
	const raw = env[LEASE_TTL_ENV];
	if (raw === undefined || raw.trim() === '') return undefined;
	const parsed = leaseTtlSchema.safeParse(raw.trim());
	if (!parsed.success) throw new CliError(`${LEASE_TTL_ENV} ${parsed.error.issues[0].message} (got "${raw.slice(0, 40)}")`);
	return { ttlMs: parsed.data };
}

async function runUnitFromConfig(
	store: Store,
	io: CliIO,
	deps: EngineCliDeps,
	request: { endpointId: string; unitId: string; json: boolean; signal: AbortSignal },
) {
	const { json } = request;
	const { endpointId, unitId } = parseFlags(runUnitFlags, { endpoint: request.endpointId, unit: request.unitId });
	const endpoint = await store.models.MetadataEndpoint.findByPk(endpointId, { attributes: ['id', 'family'] });
	if (!endpoint) throw flagError('--endpoint', `endpoint "${endpointId}" does not exist`);
	if (endpoint.family !== 'SOURCE') throw flagError('--endpoint', `endpoint "${endpointId}" is a ${endpoint.family}, not a source`);
	const config = await store.models.IngestionUnitConfig.findOne({ where: { endpointId, unitId } });
	if (!config) throw flagError('--unit', `no ingestion config for unit ${unitId} of endpoint "${endpointId}": configure it first`);
	const lease = leaseFromEnv(io.env);
	const progress = createRunProgressReporter(io, `${endpointId} ${unitId}`);
	const runDeps: RunUnitDeps = {
		credentials: envCredentialsProvider(io.env),
		...(lease ? { lease } : {}),
		...deps,
		store,
		signal: request.signal,
		onProgress: (p) => progress.update(p),
	};
	const input = runInputFromConfig(config, { trigger: 'MANUAL' });
	let result: RunUnitResult;
	try {
		if (config.mode === 'CUSTOM') {
			// The CLI is the caller of a CUSTOM run: it prints each page's records as JSON lines, then confirms the page.
			const run = runCustomUnit(input, runDeps);
			try {
				for await (const page of run) {
					for (const record of page.records) io.out(JSON.stringify(record));
					await page.confirm();
				}
			} catch (error) {
				if (!(error instanceof CustomRunFailedError)) throw error;
			}
			result = await run.result;
		} else {
			result = await runIngestionUnit(input, runDeps);
		}
	} finally {
		progress.stop();
	}
	if (json) io.out(JSON.stringify(result));
	else if (config.mode === 'CUSTOM') io.err(`Run ${result.runId} ${result.status}: ${result.stats.recordsRead} records`);
	else printResult(io, result);
	if (result.status === 'FAILED') throw new CliError(`Run ${result.runId} failed: ${result.error}`);
}

export function registerRunUnitCommand(program: Command, io: CliIO, deps: EngineCliDeps = {}): void {
	program
		.command('run-unit')
		.description(
			`Run one configured ingestion unit now, in this process (Jira secret from JIRA_EMAIL + JIRA_API_TOKEN or JIRA_PAT; ${LEASE_TTL_ENV} sets the unit lease's lifetime)`,
		)
		.requiredOption('--endpoint <id>', 'source endpoint id')
		.requiredOption('--unit <unit>', 'unit id, e.g. jira.issues')
		.option('--json', 'print the result as JSON')
		.action(async (options: { endpoint: string; unit: string; json?: boolean }) => {
			const interrupt = new AbortController();
			await withStore(
				io,
				{},
				(store) =>
					runUnitFromConfig(store, io, deps, {
						endpointId: options.endpoint,
						unitId: options.unit,
						json: Boolean(options.json),
						signal: interrupt.signal,
					}),
				interrupt,
			);
		});
}
