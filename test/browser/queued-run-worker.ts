import { randomBytes } from 'node:crypto';

import { QueryTypes } from 'sequelize';

import { envCredentialsProvider } from '../../src/ingestion/env-credentials';
import { getRun } from '../../src/ingestion/run-queue';
import { runIngestionUnit, type RunUnitResult } from '../../src/ingestion/run-unit';
import { recordTriggerHeartbeat, removeTriggerHeartbeat } from '../../src/ingestion/trigger-heartbeat';
import type { Store } from '../../src/store';

export interface QueuedRunWorker {
	/** Outcomes of the runs carried out so far. */
	results: RunUnitResult[];
	stop(): Promise<void>;
}

/**
 * What the n8n Ingestion Trigger + Ingestion Run nodes do, reduced to a loop for the browser test: it beats as a
 * live trigger (so the console's warning goes away) and carries out QUEUED runs, oldest first, through the engine
 * (`runIngestionUnit` with the queued run's id and its config snapshot), reading Jira secrets from `env`.
 */
export async function startQueuedRunWorker(store: Store, env: NodeJS.ProcessEnv, pollMs = 250): Promise<QueuedRunWorker> {
	const instanceId = `browser-test-worker-${randomBytes(4).toString('hex')}`;
	const credentials = envCredentialsProvider(env);
	const results: RunUnitResult[] = [];
	let stopped = false;
	await recordTriggerHeartbeat(store, { instanceId });
	const beat = setInterval(() => void recordTriggerHeartbeat(store, { instanceId }).catch(() => undefined), 10_000);

	async function next(): Promise<boolean> {
		const [queued] = await store.sequelize.query<{ id: string }>(
			`SELECT id FROM ingestion_runs WHERE status = 'QUEUED' ORDER BY queued_at, id LIMIT 1`,
			{ type: QueryTypes.SELECT },
		);
		const run = queued ? await getRun(store, queued.id) : null;
		if (!run || run.status !== 'QUEUED') return false;
		const input = {
			endpointId: run.endpointId,
			unitId: run.unitId,
			mode: run.mode,
			policy: run.policy,
			sinkId: run.sinkId,
			dataMode: run.dataMode,
			cdmModelId: run.cdmModelId,
			trigger: run.trigger,
			runId: run.id,
		};
		results.push(await runIngestionUnit(input, { store, credentials, workerId: instanceId, progressIntervalMs: 0 }));
		return true;
	}

	const loop = (async () => {
		while (!stopped) {
			const worked = await next().catch((error: unknown) => {
				process.stderr.write(`queued-run worker: ${error instanceof Error ? error.message : String(error)}\n`);
				return false;
			});
			if (!worked) await new Promise((resolve) => setTimeout(resolve, pollMs));
		}
	})();

	return {
		results,
		async stop() {
			stopped = true;
			clearInterval(beat);
			await loop;
			await removeTriggerHeartbeat(store, instanceId);
		},
	};
}
