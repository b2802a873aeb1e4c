import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import pRetry from 'p-retry';
import type { ClientBase } from 'pg';
import type { Transaction } from 'sequelize';

import type { Store } from '../store';
import type { IngestionUnitConfig } from '../store/models/ingestion-unit-config';
import type { MetadataEndpoint } from '../store/models/metadata-endpoint';
import { pgClientOf } from '../store/sql-query';
import { isStoreUnreachable } from '../store/store-unreachable';
import { checkpointFor, checkpointTarget, EMPTY_CHECKPOINT, laterCheckpoint, parseUnitCheckpoint, type UnitCheckpoint } from './checkpoint';
import { defaultUnitSourceFactory } from './default-factories';
import type { JsonValue } from './json-value';
import {
	failAbandonedRuns,
	failQueuedRun,
	finishRun,
	lockGivenRun,
	markRunRunning,
	recordRunProgress,
	recordSkippedRun,
	type RunDescriptor,
} from './run-lifecycle';
import { parseRunUnitInput, type ParsedRunUnitInput, type RunUnitInput } from './run-input';
import { emptyRunStats, withSourceStats, type RunProgress, type RunStats } from './run-stats';
import { sanitizeError } from './sanitize-error';
import type { UnitSinkFactory } from './sink';
import { secretValuesOf, type CredentialsProvider, type SourceCredentials, type SourceReadRequest, type UnitSource, type UnitSourceFactory } from './source';
import {
	commitCheckpointUnderLease,
	ensureUnitState,
	LeaseHeartbeat,
	leaseTiming,
	lockHeldLease,
	tryAcquireUnitLease,
	type LeaseTiming,
} from './unit-lease';

/**
 * How long a failed run keeps trying to record its failure in an unreachable store: 5 retries over about 11 s, and no
 * retry starts after 15 s (a host that does not answer makes each attempt wait for the pool's acquire timeout).
 */
const FAIL_RECORD_RETRY = { retries: 5, minTimeout: 500, factor: 2, maxTimeout: 4000, maxRetryTime: 15_000 } as const;

/** What the engine needs from its surroundings; everything but the store has a default. */
export interface RunUnitDeps {
	store: Store;
	/** Makes the unit's source (default: by endpoint template, see default-factories.ts). */
	sourceFactory?: UnitSourceFactory;
	/** Makes the unit's sink (default: by sink template and data mode). */
	sinkFactory?: UnitSinkFactory;
	/** Secrets of the source endpoint (default: none). */
	credentials?: CredentialsProvider;
	/** Milliseconds clock for durations and progress throttling (default Date.now). */
	clock?: () => number;
	/** Names this process in run rows and leases (default `<hostname>:<pid>`). */
	workerId?: string;
	/** Stops the run between pages; it then ends FAILED as cancelled, its committed pages kept. */
	signal?: AbortSignal;
	/** Called after every committed page. */
	onProgress?: (progress: RunProgress) => void;
	lease?: { ttlMs?: number; heartbeatMs?: number };
	/** Least time between two progress writes to the run row (default 1000 ms). */
	progressIntervalMs?: number;
}

export interface RunUnitResult {
	status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
	runId: string;
	/** The unit's checkpoint after the run (null when the run was skipped). */
	checkpoint: UnitCheckpoint | null;
	stats: RunStats;
	/** Sanitized error (FAILED). */
	error?: string;
	/** Why nothing ran (SKIPPED). */
	skippedReason?: string;
}

export interface SessionTransaction {
	transaction: Transaction;
	client: ClientBase;
}

export class RunCancelledError extends Error {
	constructor() {
		super('The run was cancelled');
		this.name = 'RunCancelledError';
	}
}

export function defaultWorkerId(): string {
	return `${hostname()}:${process.pid}`;
}

type OpenedSession = { kind: 'skipped'; result: RunUnitResult } | { kind: 'running'; session: RunSession };

/**
 * Starts a run: validates the input, finds the unit's config, takes the unit's lease and marks the run
 * RUNNING, all or nothing. A busy unit gives a SKIPPED result instead of a session.
 */
export async function openRunSession(rawInput: RunUnitInput, deps: RunUnitDeps): Promise<OpenedSession> {
	const input = parseRunUnitInput(rawInput);
	const { store } = deps;
	const config = await store.models.IngestionUnitConfig.findOne({ where: { endpointId: input.endpointId, unitId: input.unitId } });
	if (!config) {
		const message = `No ingestion config for unit ${input.unitId} of endpoint "${input.endpointId}": configure the unit first`;
		if (input.runId) await failQueuedRun(store, input.runId, message);
		throw new Error(message);
	}
	const endpoint = await store.models.MetadataEndpoint.findByPk(input.endpointId);
	if (!endpoint) throw new Error(`Endpoint "${input.endpointId}" does not exist`);
	await ensureUnitState(store, { configId: config.id, endpointId: input.endpointId, unitId: input.unitId });

	const workerId = deps.workerId ?? defaultWorkerId();
	const timing = leaseTiming(deps.lease);
	const descriptor: RunDescriptor = {
		endpointId: input.endpointId,
		unitId: input.unitId,
		configId: config.id,
		trigger: input.trigger,
		mode: input.mode,
		dataMode: input.dataMode,
		sinkId: input.sinkId,
		cdmModelId: input.cdmModelId ?? null,
		policy: input.policy,
	};
	const clock = deps.clock ?? Date.now;
	const startedAt = clock();
	const opened = await store.sequelize.transaction(async (transaction) => {
		const given = input.runId ? await lockGivenRun(store, transaction, input.runId, input) : undefined;
		if (input.runId && given && given.status !== 'QUEUED') {
			return { kind: 'not-queued' as const, runId: input.runId, status: given.status };
		}
		// The owner names the run, so a worker never mistakes another run's lease for its own.
		const runId = input.runId ?? randomUUID();
		const owner = `${workerId}/${runId}`;
		const lease = await tryAcquireUnitLease(store, transaction, input, owner, timing.ttlMs);
		if (!lease) {
			const reason = `Unit ${input.unitId} of endpoint "${input.endpointId}" is already running`;
			await recordSkippedRun(store, transaction, descriptor, { runId, exists: given !== undefined, worker: workerId, reason });
			return { kind: 'busy' as const, runId, reason };
		}
		// An unreadable checkpoint fails the run (below), rather than leaving a queued run queued.
		let checkpoint: UnitCheckpoint = { ...EMPTY_CHECKPOINT };
		let checkpointError: unknown;
		try {
			checkpoint = checkpointFor(parseUnitCheckpoint(lease.checkpoint), checkpointTarget(input));
		} catch (error) {
			checkpointError = error;
		}
		await failAbandonedRuns(
			store,
			transaction,
			input,
			input.runId ?? null,
			lease.previousOwner
				? `The worker running this run stopped renewing its lease (${lease.previousOwner}); the unit was taken over`
				: 'The worker running this run is gone (it holds no lease); the unit was taken over',
		);
		await markRunRunning(store, transaction, descriptor, {
			runId,
			exists: given !== undefined,
			worker: workerId,
			checkpointBefore: lease.checkpoint,
			stateId: lease.stateId,
		});
		return { kind: 'running' as const, runId, owner, stateId: lease.stateId, checkpoint, checkpointError };
	});
	if (opened.kind === 'not-queued') {
		const skippedReason = `Run ${opened.runId} is ${opened.status}, not QUEUED: left as it is`;
		return { kind: 'skipped', result: { status: 'SKIPPED', runId: opened.runId, checkpoint: null, stats: emptyRunStats(), skippedReason } };
	}
	if (opened.kind === 'busy') {
		return {
			kind: 'skipped',
			result: { status: 'SKIPPED', runId: opened.runId, checkpoint: null, stats: emptyRunStats(), skippedReason: opened.reason },
		};
	}
	const session = new RunSession(deps, input, config, endpoint, {
		runId: opened.runId,
		owner: opened.owner,
		stateId: opened.stateId,
		checkpoint: opened.checkpoint,
		timing,
		startedAt,
		startupError: opened.checkpointError,
	});
	session.startHeartbeat();
	return { kind: 'running', session };
}

/** One RUNNING run holding its unit's lease: reads, commits pages with checkpoints, and ends the run. */
export class RunSession {
	readonly runId: string;
	readonly stats: RunStats = emptyRunStats();
	private checkpoint: UnitCheckpoint;
	private readonly owner: string;
	private readonly stateId: string;
	private readonly heartbeat: LeaseHeartbeat;
	private readonly abort = new AbortController();
	private readonly clock: () => number;
	private readonly startedAt: number;
	private readonly removeAbortListener: () => void;
	private source: UnitSource | undefined;
	private secrets: string[] = [];
	private lastProgressWrite = 0;
	private ended: RunUnitResult | undefined;
	private readonly startupError: unknown;

	constructor(
		private readonly deps: RunUnitDeps,
		readonly input: ParsedRunUnitInput,
		readonly config: IngestionUnitConfig,
		private readonly endpoint: MetadataEndpoint,
		state: {
			runId: string;
			owner: string;
			stateId: string;
			checkpoint: UnitCheckpoint;
			timing: LeaseTiming;
			startedAt: number;
			/** A problem found while starting (an unreadable checkpoint): the run fails at its first step. */
			startupError?: unknown;
		},
	) {
		this.startupError = state.startupError;
		this.runId = state.runId;
		this.owner = state.owner;
		this.stateId = state.stateId;
		this.checkpoint = state.checkpoint;
		this.clock = deps.clock ?? Date.now;
		this.startedAt = state.startedAt;
		this.heartbeat = new LeaseHeartbeat(deps.store, this.stateId, this.owner, state.timing, () => this.abort.abort());
		const onAbort = () => this.abort.abort();
		deps.signal?.addEventListener('abort', onAbort, { once: true });
		if (deps.signal?.aborted) this.abort.abort();
		this.removeAbortListener = () => deps.signal?.removeEventListener('abort', onAbort);
	}

	get store(): Store {
		return this.deps.store;
	}

	/** Aborted when the caller cancels or the lease is lost. */
	get signal(): AbortSignal {
		return this.abort.signal;
	}

	startHeartbeat(): void {
		this.heartbeat.start();
	}

	throwIfStopped(): void {
		if (this.startupError !== undefined) throw this.startupError;
		if (this.heartbeat.lost) throw new Error(`The lease on unit ${this.input.unitId} was lost; this run stopped`);
		if (this.abort.signal.aborted) throw new RunCancelledError();
	}

	/** Makes the unit's source with the endpoint's credentials (whose values are then kept out of errors). */
	async openSource(): Promise<UnitSource> {
		const endpoint = {
			id: this.endpoint.id,
			templateId: this.endpoint.templateId,
			parameters: this.endpoint.parameters ?? {},
		};
		const credentials: SourceCredentials = (await this.deps.credentials?.(endpoint)) ?? {};
		this.secrets = secretValuesOf(credentials);
		const factory = this.deps.sourceFactory ?? defaultUnitSourceFactory;
		this.source = await factory({
			store: this.store,
			endpoint,
			unitId: this.input.unitId,
			mode: this.input.mode,
			policy: this.input.policy,
			credentials,
			signal: this.signal,
		});
		return this.source;
	}

	/** The read the plan calls for: FULL from the beginning; otherwise from the checkpoint, less the lookback. */
	readRequest(kind: 'pages' | 'deletions'): SourceReadRequest {
		const from = this.input.mode === 'FULL' && kind === 'pages' ? null : kind === 'pages' ? this.checkpoint.source : this.checkpoint.deletions;
		return {
			mode: this.input.mode,
			policy: this.input.policy,
			checkpoint: from,
			lookbackMinutes: from === null ? 0 : (this.input.policy.lookbackMinutes ?? 0),
			signal: this.signal,
		};
	}

	/** The checkpoint once a page (or deletion page) ending at `pageCheckpoint` is committed. */
	checkpointAfter(kind: 'pages' | 'deletions', pageCheckpoint: JsonValue, pageNumber: number): UnitCheckpoint {
		const compare = this.source?.compareCheckpoints?.bind(this.source);
		const { version, source, deletions, target } = this.checkpoint;
		if (kind === 'deletions') return { version, source, deletions: laterCheckpoint(deletions, pageCheckpoint, compare), target };
		if (this.input.mode === 'FULL') {
			return { version, source, deletions, full: { runId: this.runId, pages: pageNumber, source: pageCheckpoint }, target };
		}
		return { version, source: laterCheckpoint(source, pageCheckpoint, compare), deletions, target };
	}

	/** The checkpoint a successful run ends with: a FULL run publishes how far its read went. */
	finalCheckpoint(): UnitCheckpoint {
		const { version, source, deletions, full, target } = this.checkpoint;
		if (this.input.mode !== 'FULL' || !full) return { version, source, deletions, target };
		const compare = this.source?.compareCheckpoints?.bind(this.source);
		return { version, source: laterCheckpoint(source, full.source, compare), deletions, target };
	}

	/** Runs `work` in one store transaction. */
	transaction<T>(work: (tx: SessionTransaction) => Promise<T>): Promise<T> {
		return this.store.sequelize.transaction((transaction) => work({ transaction, client: pgClientOf(transaction) }));
	}

	/**
	 * Commits `write` (the page's sink write, if any) and the new checkpoint in one transaction, fenced by
	 * the lease; then counts the page and reports progress.
	 */
	async commit(
		next: UnitCheckpoint,
		write: ((tx: SessionTransaction) => Promise<{ rowsWritten: number; rowsDeleted?: number }>) | undefined,
		counts: { pages?: number; deletionPages?: number; recordsRead?: number },
	): Promise<void> {
		this.throwIfStopped();
		const pageNumber = this.stats.pages + (counts.pages ?? 0);
		const written = await this.transaction(async (tx) => {
			// A page and its checkpoint commit or vanish together, so this commit need not wait for the WAL
			// flush: a database crash can only lose the newest pages with their checkpoints, which are read again.
			await tx.client.query('SET LOCAL synchronous_commit = off');
			const result = write ? await write(tx) : { rowsWritten: 0 };
			await commitCheckpointUnderLease(
				this.store,
				tx.transaction,
				{ stateId: this.stateId, owner: this.owner, unitId: this.input.unitId },
				next,
			);
			const now = this.clock();
			if (now - this.lastProgressWrite >= (this.deps.progressIntervalMs ?? 1000)) {
				this.lastProgressWrite = now;
				await recordRunProgress(this.store, tx.transaction, this.runId, this.progress(pageNumber, counts.recordsRead ?? 0, result.rowsWritten));
			}
			return result;
		});
		this.checkpoint = next;
		this.stats.pages += counts.pages ?? 0;
		this.stats.deletionPages += counts.deletionPages ?? 0;
		this.stats.recordsRead += counts.recordsRead ?? 0;
		this.stats.rowsWritten += written.rowsWritten;
		this.stats.rowsDeleted += written.rowsDeleted ?? 0;
		this.reportProgress(this.stats.pages);
	}

	/** Runs `work` in a transaction only while this run still holds the lease (the state row stays locked meanwhile). */
	async whileHoldingLease(work: (tx: SessionTransaction) => Promise<void>): Promise<void> {
		await this.transaction(async (tx) => {
			if (await lockHeldLease(this.store, tx.transaction, this.stateId, this.owner)) await work(tx);
		});
	}

	/** Counts records handed out without a commit (CUSTOM pages before they are confirmed). */
	countRead(records: number, currentPage: number): void {
		this.stats.pages += 1;
		this.stats.recordsRead += records;
		this.reportProgress(currentPage);
	}

	private progress(currentPage: number, extraRecords = 0, extraRows = 0): RunProgress {
		return {
			runId: this.runId,
			endpointId: this.input.endpointId,
			unitId: this.input.unitId,
			recordsRead: this.stats.recordsRead + extraRecords,
			rowsWritten: this.stats.rowsWritten + extraRows,
			pages: Math.max(this.stats.pages, currentPage),
			currentPage,
			elapsedMs: this.clock() - this.startedAt,
		};
	}

	private reportProgress(currentPage: number): void {
		try {
			this.deps.onProgress?.(this.progress(currentPage));
		} catch {
			// A progress display must never stop a run.
		}
	}

	private finalStats(): RunStats {
		let sourceStats;
		try {
			sourceStats = this.source?.stats();
		} catch {
			sourceStats = undefined;
		}
		return { ...withSourceStats(this.stats, sourceStats), durationMs: this.clock() - this.startedAt };
	}

	/** Ends the run SUCCEEDED with `final` as checkpoint; `publish` (the sink's finish) commits in the same transaction. */
	async succeed(
		final: UnitCheckpoint,
		publish?: (tx: SessionTransaction) => Promise<{ rowsWritten: number; rowsDeleted?: number }>,
	): Promise<RunUnitResult> {
		if (this.ended) return this.ended;
		this.throwIfStopped();
		const stats = this.finalStats();
		await this.transaction(async (tx) => {
			if (publish) {
				const published = await publish(tx);
				stats.rowsWritten += published.rowsWritten;
				stats.rowsDeleted += published.rowsDeleted ?? 0;
			}
			await commitCheckpointUnderLease(
				this.store,
				tx.transaction,
				{ stateId: this.stateId, owner: this.owner, unitId: this.input.unitId },
				final,
			);
			await finishRun(this.store, tx.transaction, { stateId: this.stateId, owner: this.owner }, this.runId, {
				status: 'SUCCEEDED',
				stats,
				checkpointAfter: final,
				error: null,
				progress: this.progress(stats.pages),
			});
		});
		this.checkpoint = final;
		return this.end({ status: 'SUCCEEDED', runId: this.runId, checkpoint: final, stats });
	}

	/** Ends the run FAILED with the error sanitized; committed pages and their checkpoint stay. */
	async fail(error: unknown): Promise<RunUnitResult> {
		if (this.ended) return this.ended;
		const message = sanitizeError(error, { secrets: this.secrets });
		const stats = this.finalStats();
		const record = () =>
			this.transaction((tx) =>
				finishRun(this.store, tx.transaction, { stateId: this.stateId, owner: this.owner }, this.runId, {
					status: 'FAILED',
					stats,
					checkpointAfter: this.checkpoint,
					error: message,
					progress: this.progress(stats.pages),
				}),
			);
		try {
			// The failure may be the store going away (a restart, a failover): keep trying for a few seconds so the
			// run's history says why it failed, but only while the store is unreachable (never on a refused statement).
			await pRetry(record, {
				...FAIL_RECORD_RETRY,
				onFailedAttempt: (attempt) => {
					if (!isStoreUnreachable(attempt)) throw attempt;
				},
			});
		} catch {
			// Still unreachable: the lease lapses on its own and the next holder marks this run FAILED.
		}
		return this.end({ status: 'FAILED', runId: this.runId, checkpoint: this.checkpoint, stats, error: message });
	}

	private async end(result: RunUnitResult): Promise<RunUnitResult> {
		this.ended = result;
		await this.release();
		return result;
	}

	/** Stops the heartbeat and closes the source; safe to call more than once. */
	async release(): Promise<void> {
		this.removeAbortListener();
		await this.heartbeat.stop();
		const source = this.source;
		this.source = undefined;
		try {
			await source?.close?.();
		} catch {
			// Closing is best effort.
		}
	}
}
