import type { RunUnitInput } from './run-input';
import { openRunSession, type RunSession, type RunUnitDeps, type RunUnitResult } from './run-session';
import type { JsonValue } from './json-value';
import type { SourceRecord } from './source';

/** A page of a CUSTOM run, handed to the caller instead of a sink. */
export interface CustomUnitPage {
	/** 1-based. */
	pageNumber: number;
	records: SourceRecord[];
	/**
	 * Moves the unit's checkpoint past this page (and so past every earlier page) once the caller has
	 * processed it. Resolves after the commit; confirming again, or an older page, does nothing.
	 */
	confirm(): Promise<void>;
}

/**
 * A CUSTOM run: iterate it (once) for pages. The run ends when the iteration ends: SUCCEEDED when the
 * source is exhausted or the caller stops early (`stats.complete` tells which), with the checkpoint of the
 * last confirmed page. Call `fail(error)` before leaving the loop when processing failed; the run then
 * ends FAILED. A busy unit yields no page and `result` is SKIPPED. When the source fails, the iteration
 * throws a `CustomRunFailedError` and `result` is FAILED.
 */
export interface CustomUnitRun extends AsyncIterable<CustomUnitPage> {
	readonly result: Promise<RunUnitResult>;
	fail(error: unknown): Promise<RunUnitResult>;
}

export class CustomRunFailedError extends Error {
	constructor(readonly result: RunUnitResult) {
		super(result.error ?? 'The run failed');
		this.name = 'CustomRunFailedError';
	}
}

class CustomRun implements CustomUnitRun {
	readonly result: Promise<RunUnitResult>;
	private settle!: (result: RunUnitResult) => void;
	private session: RunSession | undefined;
	private iterated = false;
	private confirmed = 0;
	private confirmations: Promise<void> = Promise.resolve();
	private ended: Promise<RunUnitResult> | undefined;

	constructor(
		private readonly input: RunUnitInput,
		private readonly deps: RunUnitDeps,
	) {
		this.result = new Promise((resolve) => {
			this.settle = resolve;
		});
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<CustomUnitPage> {
		if (this.iterated) throw new Error('A CUSTOM run can be iterated only once');
		this.iterated = true;
		const opened = await openRunSession(this.input, this.deps);
		if (opened.kind === 'skipped') {
			this.settle(opened.result);
			return;
		}
		const session = (this.session = opened.session);
		let complete = false;
		try {
			const source = await session.openSource();
			let pageNumber = 0;
			for await (const page of source.pages(session.readRequest('pages'))) {
				if (this.ended) return;
				session.throwIfStopped();
				pageNumber += 1;
				session.countRead(page.records.length, pageNumber);
				const number = pageNumber;
				yield { pageNumber: number, records: page.records, confirm: () => this.confirm(number, page.checkpoint) };
				if (this.ended) return;
			}
			complete = true;
		} catch (error) {
			const result = await this.end(error);
			throw new CustomRunFailedError(result);
		} finally {
			await this.end(undefined, complete);
		}
	}

	private confirm(pageNumber: number, checkpoint: JsonValue): Promise<void> {
		const work = this.confirmations.then(async () => {
			if (pageNumber <= this.confirmed) return;
			const session = this.session;
			if (!session || this.ended) throw new Error(`Page ${pageNumber} was confirmed after the run ended; its checkpoint was not stored`);
			await session.commit(session.checkpointAfter('pages', checkpoint, pageNumber), undefined, {});
			this.confirmed = pageNumber;
		});
		this.confirmations = work.catch(() => undefined);
		return work;
	}

	fail(error: unknown): Promise<RunUnitResult> {
		return this.end(error ?? new Error('The caller failed the run'));
	}

	/** Ends the run once (after pending confirmations); later calls get the same result. */
	private end(error: unknown, complete = false): Promise<RunUnitResult> {
		if (this.ended) return this.ended;
		const session = this.session;
		if (!session) return Promise.reject(new Error('The CUSTOM run has not started: iterate it first'));
		this.ended = (async () => {
			await this.confirmations;
			session.stats.pagesConfirmed = this.confirmed;
			session.stats.complete = complete;
			let result: RunUnitResult;
			if (error === undefined) {
				try {
					result = await session.succeed(session.finalCheckpoint());
				} catch (finishError) {
					result = await session.fail(finishError);
				}
			} else {
				result = await session.fail(error);
			}
			await session.release();
			this.settle(result);
			return result;
		})();
		return this.ended;
	}
}

/**
 * Runs a CUSTOM unit: records are not written by the engine but handed to the caller page by page, and the
 * checkpoint advances only as the caller confirms pages.
 *
 * ```ts
 * const run = runCustomUnit(input, deps);
 * for await (const page of run) { await emit(page.records); await page.confirm(); }
 * const { status, stats } = await run.result;
 * ```
 */
export function runCustomUnit(input: RunUnitInput, deps: RunUnitDeps): CustomUnitRun {
	if (input.mode !== 'CUSTOM') throw new Error(`runCustomUnit runs CUSTOM units; this one is ${input.mode}: use runIngestionUnit`);
	return new CustomRun(input, deps);
}
