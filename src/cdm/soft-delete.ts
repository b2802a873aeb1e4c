import type { Transaction } from 'sequelize';

import { cdmTableLocation } from './ddl';
import { CdmError } from './errors';
import type { CdmSink } from './sink-connection';
import { assertCdmModelProvisioned, assertSinkTransaction, assertWriteIdentity, inSinkTransaction, pgClientOf, resolveCdmModel } from './write-context';

export interface CdmSoftDeleteOptions {
	/** The caller's transaction on the sink's database (see CdmWriteOptions.transaction). */
	transaction?: Transaction;
}

async function softDelete(sink: CdmSink, modelId: string, transaction: Transaction | undefined, where: string, bind: unknown[]): Promise<number> {
	const model = resolveCdmModel(modelId);
	assertSinkTransaction(sink, transaction);
	await assertCdmModelProvisioned(sink, model.id, transaction);
	const { sql } = cdmTableLocation(sink.schema, sink.tablePrefix, model);
	return inSinkTransaction(sink, transaction, async (t) => {
		const result = await pgClientOf(t).query(`UPDATE ${sql} SET deleted_at = now() WHERE deleted_at IS NULL AND ${where}`, bind);
		return result.rowCount ?? 0;
	});
}

/**
 * How a model's rows name the project they belong to, for FULL runs that read only some projects: projects by their
 * key, work items and comments by the project part of their issue key (`ENG-12` → `ENG`). Users belong to no project;
 * worklogs name only their item's id, so a project-scoped FULL run cannot tell which of them it covers.
 */
const PROJECT_OF_ROW: Readonly<Record<string, string | null>> = {
	'cdm.work.project': 'project_key',
	'cdm.work.item': `split_part(source_issue_key, '-', 1)`,
	'cdm.work.comment': `split_part(source_issue_key, '-', 1)`,
	'cdm.work.user': null,
};

/** True when a FULL run restricted to some projects can soft-delete the rows of `modelId` it did not see. */
export function canScopeToProjects(modelId: string): boolean {
	return Object.prototype.hasOwnProperty.call(PROJECT_OF_ROW, modelId);
}

/**
 * After a FULL run: marks deleted (sets `deleted_at`) every row of the source endpoint that this run did not write or
 * confirm. With `projectKeys` (the run read only those projects) only rows of those projects are candidates: rows of
 * other projects were not read, so they are not known to be gone. Returns how many rows were marked. A row written
 * again later loses its mark.
 */
export async function softDeleteMissing(
	sink: CdmSink,
	modelId: string,
	options: CdmSoftDeleteOptions & { endpointId: string; runId: string; projectKeys?: readonly string[] },
): Promise<number> {
	if (typeof options.runId !== 'string' || options.runId === '') {
		throw new CdmError('INVALID_PARAMETER', 'runId is required: rows not written by that run are marked deleted', 'runId');
	}
	assertWriteIdentity(options);
	const where = 'source_endpoint_id = $1 AND ingestion_run_id IS DISTINCT FROM $2';
	const bind: unknown[] = [options.endpointId, options.runId];
	if (options.projectKeys === undefined) return softDelete(sink, modelId, options.transaction, where, bind);
	if (!canScopeToProjects(modelId)) {
		throw new CdmError('INVALID_PARAMETER', `${modelId} rows do not name their project: a FULL run restricted to projects cannot tell which are gone`, 'projectKeys');
	}
	const project = PROJECT_OF_ROW[modelId];
	if (project === null) return softDelete(sink, modelId, options.transaction, where, bind);
	return softDelete(sink, modelId, options.transaction, `${where} AND ${project} = ANY($3::text[])`, [...bind, [...options.projectKeys]]);
}

/** Marks the given rows deleted (e.g. worklogs reported by `/worklog/deleted`). Returns how many were marked. */
export async function softDeleteByIds(
	sink: CdmSink,
	modelId: string,
	cdmIds: readonly string[],
	options: CdmSoftDeleteOptions = {},
): Promise<number> {
	const ids = [...new Set(cdmIds)].filter((id) => typeof id === 'string' && id !== '');
	if (ids.length === 0) return 0;
	return softDelete(sink, modelId, options.transaction, 'cdm_id = ANY($1::text[])', [ids]);
}
