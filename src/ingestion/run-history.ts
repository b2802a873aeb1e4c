import { Op, type WhereOptions } from 'sequelize';
import { z } from 'zod';

import type { Store } from '../store';
import type { IngestionRun } from '../store/models/ingestion-run';
import type { RunStatus } from '../store/models/enums';

export const MAX_RUNS_LISTED = 1000;

/** A run as shown by the CLI, the console and GraphQL. */
export interface RunSummary {
	id: string;
	endpointId: string;
	unitId: string;
	status: RunStatus;
	trigger: string;
	mode: string;
	dataMode: string;
	sinkId: string;
	queuedAt: string;
	startedAt: string | null;
	finishedAt: string | null;
	worker: string | null;
	stats: Record<string, unknown>;
	progress: Record<string, unknown>;
	checkpointBefore: unknown;
	checkpointAfter: unknown;
	error: string | null;
}

const listRunsSchema = z.object({
	endpointId: z.string().min(1, 'is required'),
	unitId: z.string().min(1).optional(),
	limit: z.number().int().min(1).max(MAX_RUNS_LISTED).default(20),
	statuses: z.array(z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED'])).optional(),
});

export type ListRunsRequest = z.input<typeof listRunsSchema>;

function summarize(run: IngestionRun): RunSummary {
	return {
		id: run.id,
		endpointId: run.endpointId,
		unitId: run.unitId,
		status: run.status,
		trigger: run.trigger,
		mode: run.mode,
		dataMode: run.dataMode,
		sinkId: run.sinkId,
		queuedAt: run.queuedAt.toISOString(),
		startedAt: run.startedAt?.toISOString() ?? null,
		finishedAt: run.finishedAt?.toISOString() ?? null,
		worker: run.worker,
		stats: run.stats ?? {},
		progress: run.progress ?? {},
		checkpointBefore: run.checkpointBefore,
		checkpointAfter: run.checkpointAfter,
		error: run.error,
	};
}

/** Most recent runs of an endpoint (or one of its units), newest first. */
export async function listRecentRuns(store: Store, request: ListRunsRequest): Promise<RunSummary[]> {
	const parsed = listRunsSchema.safeParse(request);
	if (!parsed.success) {
		throw new Error(`Invalid runs query: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
	}
	const { endpointId, unitId, limit, statuses } = parsed.data;
	const where: WhereOptions<IngestionRun> = {
		endpointId,
		...(unitId ? { unitId } : {}),
		...(statuses ? { status: { [Op.in]: statuses } } : {}),
	};
	const runs = await store.models.IngestionRun.findAll({ where, order: [['queuedAt', 'DESC'], ['id', 'DESC']], limit });
	return runs.map(summarize);
}
