import { defaultUnitSinkFactory } from './default-factories';
import { loadRecordFieldPaths } from './record-field-paths';
import type { RunUnitInput } from './run-input';
import { recordRunCdmModel } from './run-lifecycle';
import { openRunSession, type RunUnitDeps, type RunUnitResult } from './run-session';
import type { UnitSink } from './sink';
import { readAhead } from './read-ahead';
import { preflightSink } from './sink-preflight';

export type { RunUnitDeps, RunUnitResult } from './run-session';
export type { RunUnitInput } from './run-input';

/**
 * Runs one ingestion unit by its config: takes the unit's lease (a busy unit ends SKIPPED), checks the sink
 * (a CDM model must be listed and provisioned, else it fails before anything is read), reads the source page
 * by page from the checkpoint (FULL from the beginning), and commits each page's sink write together with
 * the new checkpoint in one transaction. Deletions reported by the source follow the pages (not in FULL).
 * The sink's finish (FULL: swap the staging table in) commits with the final checkpoint and the run's end.
 *
 * Returns the outcome; throws only for input that cannot name a run (invalid fields, no config for the unit).
 * CUSTOM units do not write: run them with `runCustomUnit`.
 */
export async function runIngestionUnit(input: RunUnitInput, deps: RunUnitDeps): Promise<RunUnitResult> {
	if (input.mode === 'CUSTOM') {
		throw new Error('CUSTOM units hand their records to the caller: run them with runCustomUnit');
	}
	const opened = await openRunSession(input, deps);
	if (opened.kind === 'skipped') return opened.result;
	const { session } = opened;
	const { input: run } = session;
	let sink: UnitSink | undefined;
	try {
		const plan = await preflightSink(deps.store, run);
		if (plan.cdmModelId) await recordRunCdmModel(deps.store, session.runId, plan.cdmModelId);
		session.throwIfStopped();
		const source = await session.openSource();
		sink = await (deps.sinkFactory ?? defaultUnitSinkFactory)({
			store: deps.store,
			sink: plan.sink,
			endpointId: run.endpointId,
			unitId: run.unitId,
			mode: run.mode,
			policy: run.policy,
			dataMode: run.dataMode,
			cdmModelId: plan.cdmModelId,
			fieldPaths: await loadRecordFieldPaths(deps.store, run.endpointId, run.unitId),
			...(source.scope ? { readScope: source.scope } : {}),
		});
		const target = sink;
		const base = { runId: session.runId, mode: run.mode };
		await session.transaction((tx) => target.begin({ ...tx, ...base }));

		let pageNumber = 0;
		// The next page is read while this one is written: Jira's answer time and the sink's write overlap.
		for await (const page of readAhead(source.pages(session.readRequest('pages')))) {
			pageNumber += 1;
			const context = { ...base, pageNumber };
			await session.commit(
				session.checkpointAfter('pages', page.checkpoint, pageNumber),
				(tx) => target.writePage(page.records, { ...tx, ...context }),
				{ pages: 1, recordsRead: page.records.length },
			);
		}

		const applyDeletions = target.applyDeletions?.bind(target);
		if (run.mode !== 'FULL' && source.deletions && applyDeletions) {
			let deletionPage = 0;
			for await (const deleted of source.deletions(session.readRequest('deletions'))) {
				deletionPage += 1;
				const context = { ...base, pageNumber: deletionPage };
				await session.commit(
					session.checkpointAfter('deletions', deleted.checkpoint, deletionPage),
					(tx) => applyDeletions(deleted.keys, { ...tx, ...context }),
					{ deletionPages: 1 },
				);
			}
		}
		return await session.succeed(session.finalCheckpoint(), (tx) => target.finish({ ...tx, ...base }));
	} catch (error) {
		const abort = sink?.abort?.bind(sink);
		try {
			if (abort) await session.whileHoldingLease((tx) => abort({ ...tx, runId: session.runId, mode: run.mode }));
		} catch {
			// Cleanup is best effort; the next run drops a leftover staging table anyway.
		}
		return session.fail(error);
	} finally {
		await session.release();
	}
}
