import { jiraCdmId, type CdmIdKind } from '../../cdm/cdm-id';
import { JIRA_CDM_MAPPERS } from '../../cdm/mappers/jira';
import { isCdmWorkModelId, type CdmWorkModelId } from '../../cdm/model-ids';
import { openCdmSink } from '../../cdm/sink-connection';
import { assertCdmTableReady, canScopeToProjects, softDeleteByIds, softDeleteMissing, writeCdmBatch } from '../../cdm/writer';
import type { SinkTransactionContext, UnitSink, UnitSinkFactory } from '../sink';

/** The kind part of a CDM id per model (`jira:<endpoint>:<kind>:<jira id>`). */
const ID_KIND: Readonly<Record<CdmWorkModelId, CdmIdKind>> = {
	'cdm.work.project': 'project',
	'cdm.work.user': 'user',
	'cdm.work.item': 'issue',
	'cdm.work.comment': 'comment',
	'cdm.work.worklog': 'worklog',
};

/**
 * The CDM sink (cdm.jdbc, dataMode CDM): each page's Jira records go through the unit's Jira→CDM mapper and are
 * upserted by the CDM writer; deletions and, after a FULL run, rows this run did not see are soft-deleted (only rows
 * of the projects the run read, when a project filter restricts it).
 * When the sink lives in the store database its writes join the engine's transaction (one commit with the
 * checkpoint); otherwise the writer commits on the sink's own connection first.
 */
export const createCdmSink: UnitSinkFactory = async (context): Promise<UnitSink> => {
	const modelId = context.cdmModelId;
	if (!isCdmWorkModelId(modelId)) throw new Error(`cdmModelId: "${String(modelId)}" is not a CDM model this package can write`);
	const projectKeys = context.readScope?.projects;
	if (context.mode === 'FULL' && projectKeys && !canScopeToProjects(modelId)) {
		throw new Error(
			`A FULL run of ${context.unitId} into CDM cannot be restricted to projects (${projectKeys.join(', ')}): ${modelId} rows do not ` +
				'name their project, so the run could not tell which rows are gone without marking rows of other projects deleted. ' +
				`Run ${context.unitId} INCREMENTAL (Jira reports deleted worklogs) or lift the project restriction (policy.filters.projects, the endpoint's projects)`,
		);
	}
	const sink = await openCdmSink(context.store, context.sink.id);
	// A catalog row whose table was dropped would fail only at the first page, after Jira was read: check now.
	await assertCdmTableReady(sink, modelId);
	const map = JIRA_CDM_MAPPERS[modelId];
	const mapperContext = { endpointId: context.endpointId };
	const transactionOf = (ctx: SinkTransactionContext) => (sink.sharesStoreDatabase ? ctx.transaction : undefined);

	return {
		async begin() {},
		async writePage(records, ctx) {
			const rows = records.map((record) => map(record, mapperContext));
			const result = await writeCdmBatch(sink, modelId, rows, {
				transaction: transactionOf(ctx),
				runId: ctx.runId,
				endpointId: context.endpointId,
			});
			return { rowsWritten: result.inserted + result.updated };
		},
		async applyDeletions(keys, ctx) {
			const ids = keys
				.map((key) => jiraCdmId(context.endpointId, ID_KIND[modelId], key.id))
				.filter((id): id is string => id !== null);
			const rowsDeleted = await softDeleteByIds(sink, modelId, ids, { transaction: transactionOf(ctx) });
			return { rowsWritten: 0, rowsDeleted };
		},
		async finish(ctx) {
			if (ctx.mode !== 'FULL') return { rowsWritten: 0 };
			const rowsDeleted = await softDeleteMissing(sink, modelId, {
				transaction: transactionOf(ctx),
				endpointId: context.endpointId,
				runId: ctx.runId,
				...(projectKeys ? { projectKeys } : {}),
			});
			return { rowsWritten: 0, rowsDeleted };
		},
	};
};
