import type { ClientBase } from 'pg';
import type { Transaction } from 'sequelize';

import type { Store } from '../store';
import type { DataMode, IngestionMode } from '../store/models/enums';
import type { IngestionPolicy } from './policy';
import type { SourceReadScope, SourceRecord } from './source';

/** The sink endpoint as stored (`metadata_endpoints` row of family SINK). */
export interface SinkEndpoint {
	id: string;
	templateId: string;
	parameters: Record<string, unknown>;
	capabilities: Record<string, unknown>;
}

/** Where a sink is in the run; every call gets the store transaction in which the engine also commits. */
export interface SinkTransactionContext {
	/** The store transaction. A sink in the store database writes in it, so its write commits with the checkpoint. */
	transaction: Transaction;
	/** The pg connection of `transaction` (for COPY). */
	client: ClientBase;
	runId: string;
	mode: IngestionMode;
}

export interface SinkPageContext extends SinkTransactionContext {
	/** 1-based number of the page within the run (deletion pages are counted apart). */
	pageNumber: number;
}

export interface SinkWriteResult {
	/** Rows inserted or changed (a replayed page that changes nothing writes 0). */
	rowsWritten: number;
	/** Rows marked deleted. */
	rowsDeleted?: number;
}

/**
 * A unit's target for one run. The engine calls, in this order and each in its own store transaction:
 * `begin` once; `writePage` per page and `applyDeletions` per deletion page, each in the transaction that
 * also commits the new checkpoint; `finish` once after the last page, in the transaction that commits the
 * final checkpoint and the run's success. After a failure it calls `abort` instead of `finish`.
 *
 * A page can be written twice (the crash replay, and lookback re-reads): writes must be idempotent.
 * A sink outside the store database commits its own write inside `writePage` before returning; the
 * checkpoint then commits right after it, which still gives at-least-once with idempotent writes.
 */
export interface UnitSink {
	begin(context: SinkTransactionContext): Promise<void>;
	writePage(records: readonly SourceRecord[], context: SinkPageContext): Promise<SinkWriteResult>;
	/** Marks the records with these primary keys deleted. Sinks without delete marks leave this out. */
	applyDeletions?(keys: readonly SourceRecord[], context: SinkPageContext): Promise<SinkWriteResult>;
	/** FULL: publish what this run wrote (swap a staging table in, or soft-delete rows this run did not see). */
	finish(context: SinkTransactionContext): Promise<SinkWriteResult>;
	/**
	 * Cleanup after a failed run (drop a staging table, ...), in a store transaction that holds the unit's state
	 * row locked; it is called only while the run still holds the lease, so it never undoes the work of a
	 * worker that took the unit over. Must not throw for a missing object.
	 */
	abort?(context: SinkTransactionContext): Promise<void>;
}

export interface UnitSinkContext {
	store: Store;
	sink: SinkEndpoint;
	/** The source endpoint and unit whose records this sink receives. */
	endpointId: string;
	unitId: string;
	mode: IngestionMode;
	policy: IngestionPolicy;
	dataMode: DataMode;
	/** The CDM model the records map to (dataMode CDM only; already checked to be provisioned). */
	cdmModelId: string | null;
	/**
	 * Where each field the policy names sits in a record, from the catalog schema (`updated` → `fields.updated`
	 * for Jira issues). Fields not listed sit at their own name.
	 */
	fieldPaths?: Readonly<Record<string, string>>;
	/** What the source's read covers (a project filter); a FULL run must not treat records outside it as deleted. */
	readScope?: SourceReadScope;
}

export type UnitSinkFactory = (context: UnitSinkContext) => Promise<UnitSink> | UnitSink;

/** Sink factories by `<templateId>:<dataMode>`, e.g. `pg.raw:RAW`, `cdm.jdbc:CDM`. */
export type UnitSinkFactories = Readonly<Record<string, UnitSinkFactory>>;

export function sinkFactoryKey(templateId: string, dataMode: DataMode): string {
	return `${templateId}:${dataMode}`;
}

/** Makes the sink of one unit for one run, dispatched on the sink's template and the data mode. */
export async function resolveUnitSink(context: UnitSinkContext, factories: UnitSinkFactories): Promise<UnitSink> {
	const key = sinkFactoryKey(context.sink.templateId, context.dataMode);
	const factory = Object.prototype.hasOwnProperty.call(factories, key) ? factories[key] : undefined;
	if (!factory) {
		throw new Error(
			`Sink "${context.sink.id}" (${context.sink.templateId}) cannot take ${context.dataMode} data: no writer is available for it`,
		);
	}
	return factory(context);
}
