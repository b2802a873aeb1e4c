import type { ClientBase } from 'pg';
import { QueryTypes, type Transaction } from 'sequelize';

import { cdmTableLocation } from './ddl';
import { CdmError } from './errors';
import type { CdmModelDefinition } from './model-definition';
import { findCdmModel } from './models';
import { isCdmModelProvisioned } from './provisioned-models';
import { withSinkErrorsScrubbed, type CdmSink } from './sink-connection';

/** What the writer and the soft-delete helpers share: model lookup, provisioning check and transactions. */

export function resolveCdmModel(modelId: string): CdmModelDefinition {
	const model = findCdmModel(modelId);
	if (!model) throw new CdmError('MODEL_NOT_SUPPORTED', `${JSON.stringify(modelId)} is not a CDM work model`, 'cdmModelId');
	return model;
}

export function notProvisionedError(sink: CdmSink, modelId: string): CdmError {
	return new CdmError(
		'NOT_PROVISIONED',
		`${modelId} is not provisioned on sink "${sink.endpointId}": run provisioning first (n8n-ingestion provision --sink ${sink.endpointId} --model ${modelId})`,
		'cdmModelId',
	);
}

/** Fails with a "run provisioning" error unless the catalog records the model as provisioned on the sink. */
export async function assertCdmModelProvisioned(sink: CdmSink, modelId: string, transaction?: Transaction): Promise<void> {
	if (sink.provisionedModels.has(modelId)) return;
	// the catalog lives in the store: read it inside the caller's transaction only when that is the store's
	const storeTransaction = sink.sharesStoreDatabase ? transaction : undefined;
	if (!(await isCdmModelProvisioned(sink.store, sink.endpointId, modelId, storeTransaction))) throw notProvisionedError(sink, modelId);
	sink.provisionedModels.add(modelId);
}

/**
 * Fails with the "run provisioning" error unless the model is provisioned on the sink AND its table exists there (the
 * catalog row outlives a table someone dropped). Cheap enough to call before a run reads anything.
 */
export async function assertCdmTableReady(sink: CdmSink, modelId: string): Promise<void> {
	const model = resolveCdmModel(modelId);
	await assertCdmModelProvisioned(sink, model.id);
	const { physicalLocation } = cdmTableLocation(sink.schema, sink.tablePrefix, model);
	const present = await withSinkErrorsScrubbed(sink, () =>
		sink.sequelize.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', {
			bind: [physicalLocation],
			type: QueryTypes.SELECT,
		}),
	);
	if (!present[0]?.present) {
		sink.provisionedModels.delete(model.id);
		throw notProvisionedError(sink, model.id);
	}
}

export function assertSinkTransaction(sink: CdmSink, transaction: Transaction | undefined): void {
	const owner = (transaction as unknown as { sequelize?: unknown } | undefined)?.sequelize;
	if (transaction && owner !== sink.sequelize) {
		throw new CdmError(
			'INVALID_PARAMETER',
			`the transaction does not belong to the database of sink "${sink.endpointId}"; omit it to write in the sink's own transaction`,
			'transaction',
		);
	}
}

/** Runs `work` in the caller's transaction, or in a new one on the sink's connection. */
export async function inSinkTransaction<T>(
	sink: CdmSink,
	transaction: Transaction | undefined,
	work: (transaction: Transaction) => Promise<T>,
): Promise<T> {
	assertSinkTransaction(sink, transaction);
	return withSinkErrorsScrubbed(sink, () => (transaction ? work(transaction) : sink.sequelize.transaction(work)));
}

/** The pg client under a Sequelize transaction (Sequelize keeps it as `transaction.connection`). */
export function pgClientOf(transaction: Transaction): ClientBase {
	const client = (transaction as unknown as { connection?: ClientBase }).connection;
	if (!client || typeof client.query !== 'function') {
		throw new CdmError('CONNECTION', 'the transaction has no open Postgres connection', 'transaction');
	}
	return client;
}

export function pgErrorCode(error: unknown): string | undefined {
	const code = (error as { code?: unknown }).code ?? (error as { parent?: { code?: unknown } }).parent?.code;
	return typeof code === 'string' ? code : undefined;
}

export function assertWriteIdentity(options: { endpointId: unknown; runId: unknown }): void {
	if (typeof options.endpointId !== 'string' || options.endpointId.trim() === '') {
		throw new CdmError('INVALID_PARAMETER', 'endpointId (the source endpoint) is required to write CDM rows', 'endpointId');
	}
	if (options.runId !== null && (typeof options.runId !== 'string' || options.runId === '')) {
		throw new CdmError('INVALID_PARAMETER', 'runId must be a run id or null', 'runId');
	}
}
