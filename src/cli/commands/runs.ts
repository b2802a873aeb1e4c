import type { Command } from 'commander';

import { listRecentRuns, MAX_RUNS_LISTED, type RunSummary } from '../../ingestion/run-history';
import { CliError, withStore, type CliIO } from '../cli-context';

function duration(run: RunSummary): string {
	if (!run.startedAt || !run.finishedAt) return '';
	return `${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)}s`;
}

function count(stats: Record<string, unknown>, key: string): string {
	return typeof stats[key] === 'number' ? String(stats[key]) : '';
}

function table(rows: string[][]): string[] {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
}

function parseLimit(value: string): number {
	const limit = Number(value);
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUNS_LISTED) {
		throw new CliError(`--limit must be a whole number from 1 to ${MAX_RUNS_LISTED}`);
	}
	return limit;
}

export function registerRunsCommand(program: Command, io: CliIO): void {
	program
		.command('runs')
		.description('List the most recent ingestion runs of an endpoint, newest first')
		.requiredOption('--endpoint <id>', 'source endpoint id')
		.option('--unit <unit>', 'only this unit')
		.option('--limit <n>', `how many runs (1-${MAX_RUNS_LISTED})`, '20')
		.option('--json', 'print JSON')
		.action(async (options: { endpoint: string; unit?: string; limit: string; json?: boolean }) => {
			const limit = parseLimit(options.limit);
			await withStore(io, {}, async (store) => {
				const runs = await listRecentRuns(store, { endpointId: options.endpoint, unitId: options.unit, limit });
				if (options.json) return io.out(JSON.stringify(runs));
				if (runs.length === 0) return io.out(`No runs for endpoint "${options.endpoint}"${options.unit ? ` unit ${options.unit}` : ''}`);
				const rows = [
					['RUN', 'UNIT', 'STATUS', 'MODE', 'TRIGGER', 'QUEUED', 'DURATION', 'RECORDS', 'ROWS', 'ERROR'],
					...runs.map((run) => [
						run.id,
						run.unitId,
						run.status,
						run.mode,
						run.trigger,
						run.queuedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
						duration(run),
						count(run.stats, 'recordsRead'),
						count(run.stats, 'rowsWritten'),
						(run.error ?? (typeof run.stats.skippedReason === 'string' ? run.stats.skippedReason : '')).slice(0, 80),
					]),
				];
				for (const line of table(rows)) io.out(line);
			});
		});
}
