import { QueryTypes } from 'sequelize';

import { envCredentialsProvider } from '../../src/ingestion/env-credentials';
import type { IngestionPolicy } from '../../src/ingestion/policy';
import { runIngestionUnit } from '../../src/ingestion/run-unit';
import type { Store } from '../../src/store';
import type { DataMode, IngestionMode, RunTrigger } from '../../src/store/models/enums';

interface QueuedRun {
	id: string;
	endpoint_id: string;
	unit_id: string;
	trigger: RunTrigger;
	mode: IngestionMode;
	data_mode: DataMode;
	sink_id: string;
	cdm_model_id: string | null;
	policy: IngestionPolicy;
}

export interface WorkerStats {
	runs: Record<string, number>;
	recordsRead: number;
	rowsWritten: number;
	/** Sanitized errors of failed runs (first few). */
	failures: string[];
}

/**
 * A stand-in for n8n's workers: `concurrency` loops that take QUEUED runs (oldest first) and run each through the
 * engine with the config the run was queued with, until stopped. The engine's lease keeps one run per unit.
 */
export class RunWorker {
	private stopping = false;
	private readonly taken = new Set<string>();
	private loops: Array<Promise<void>> = [];
	readonly stats: WorkerStats = { runs: {}, recordsRead: 0, rowsWritten: 0, failures: [] };

	constructor(
		private readonly store: Store,
		private readonly env: NodeJS.ProcessEnv,
		private readonly concurrency = 2,
	) {}

	start(): void {
		this.loops = Array.from({ length: this.concurrency }, (_, i) => this.loop(`bench-worker-${process.pid}-${i}`));
	}

	/** Stops taking runs and waits for the runs in progress. */
	async stop(): Promise<WorkerStats> {
		this.stopping = true;
		await Promise.all(this.loops);
		return this.stats;
	}

	private async next(): Promise<QueuedRun | undefined> {
		const rows = await this.store.sequelize.query<QueuedRun>(
			`SELECT id, endpoint_id, unit_id, trigger, mode, data_mode, sink_id, cdm_model_id, policy
       FROM ingestion_runs WHERE status = 'QUEUED' ORDER BY queued_at LIMIT 20`,
			{ type: QueryTypes.SELECT },
		);
		const run = rows.find((row) => !this.taken.has(row.id));
		if (run) this.taken.add(run.id);
		return run;
	}

	private async loop(workerId: string): Promise<void> {
		const credentials = envCredentialsProvider(this.env);
		while (!this.stopping) {
			const run = await this.next();
			if (!run) {
				await new Promise((resolve) => setTimeout(resolve, 50));
				continue;
			}
			const result = await runIngestionUnit(
				{
					endpointId: run.endpoint_id,
					unitId: run.unit_id,
					mode: run.mode,
					policy: run.policy,
					sinkId: run.sink_id,
					dataMode: run.data_mode,
					cdmModelId: run.cdm_model_id,
					trigger: run.trigger,
					runId: run.id,
				},
				{ store: this.store, credentials, workerId },
			).catch((error: unknown) => ({ status: 'THREW', error: (error as Error).message, stats: { recordsRead: 0, rowsWritten: 0 } }));
			this.stats.runs[result.status] = (this.stats.runs[result.status] ?? 0) + 1;
			this.stats.recordsRead += result.stats.recordsRead;
			this.stats.rowsWritten += result.stats.rowsWritten;
			if ('error' in result && result.error && this.stats.failures.length < 5) this.stats.failures.push(`${run.unit_id}: ${result.error}`);
		}
	}
}
