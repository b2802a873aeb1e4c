import type { Transaction } from 'sequelize';

import type { Store } from '../store';
import { selectRows } from '../store/sql-query';

/** How long a lease lasts without a heartbeat; a crashed holder's lease lapses after this. */
export const DEFAULT_LEASE_TTL_MS = 60_000;

export interface LeaseTiming {
	ttlMs: number;
	/** How often the holder renews it (default a third of the TTL). */
	heartbeatMs: number;
}

export function leaseTiming(options: { ttlMs?: number; heartbeatMs?: number } = {}): LeaseTiming {
	const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
	return { ttlMs, heartbeatMs: options.heartbeatMs ?? Math.max(50, Math.floor(ttlMs / 3)) };
}

/** A run lost its lease: another worker took the unit over after the lease expired. */
export class LeaseLostError extends Error {
	constructor(unitId: string) {
		super(`The lease on unit ${unitId} was taken over by another worker after it expired; this run stopped`);
		this.name = 'LeaseLostError';
	}
}

export interface UnitStateRef {
	configId: string;
	endpointId: string;
	unitId: string;
}

/** Creates the unit's state row if it has none (a config's first run). */
export async function ensureUnitState(store: Store, unit: UnitStateRef): Promise<void> {
	await store.sequelize.query(
		`INSERT INTO ingestion_unit_states (config_id, endpoint_id, unit_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		{ bind: [unit.configId, unit.endpointId, unit.unitId] },
	);
}

export interface AcquiredLease {
	stateId: string;
	/** The stored checkpoint as it is now (read under the lease). */
	checkpoint: unknown;
	/** Owner of the expired lease this acquisition replaced, if any. */
	previousOwner: string | null;
}

/**
 * Takes the unit's lease for `owner` with one conditional UPDATE: it succeeds when the lease is free,
 * expired (by the database clock) or already this owner's. Undefined when someone else holds it.
 */
export async function tryAcquireUnitLease(
	store: Store,
	transaction: Transaction,
	unit: { endpointId: string; unitId: string },
	owner: string,
	ttlMs: number,
): Promise<AcquiredLease | undefined> {
	const rows = await selectRows<{ id: string; checkpoint: unknown; previous_owner: string | null }>(
		store.sequelize,
		`UPDATE ingestion_unit_states s
		    SET lease_owner = $3, lease_expires_at = clock_timestamp() + make_interval(secs => $4::double precision / 1000),
		        updated_at = now()
		   FROM (SELECT id, lease_owner AS previous_owner FROM ingestion_unit_states
		          WHERE endpoint_id = $1 AND unit_id = $2 FOR UPDATE) previous
		  WHERE s.id = previous.id
		    AND (s.lease_owner IS NULL OR s.lease_expires_at <= clock_timestamp() OR s.lease_owner = $3)
		RETURNING s.id, s.checkpoint, previous.previous_owner`,
		[unit.endpointId, unit.unitId, owner, ttlMs],
		transaction,
	);
	if (rows.length === 0) return undefined;
	const [row] = rows;
	return { stateId: row.id, checkpoint: row.checkpoint, previousOwner: row.previous_owner === owner ? null : row.previous_owner };
}

/** Extends the lease; false when `owner` no longer holds it. */
export async function renewUnitLease(store: Store, stateId: string, owner: string, ttlMs: number): Promise<boolean> {
	const rows = await selectRows(
		store.sequelize,
		`UPDATE ingestion_unit_states
		    SET lease_expires_at = clock_timestamp() + make_interval(secs => $3::double precision / 1000)
		  WHERE id = $1 AND lease_owner = $2
		RETURNING id`,
		[stateId, owner, ttlMs],
	);
	return rows.length > 0;
}

/**
 * Stores the checkpoint in the caller's transaction, fenced by the lease: when `owner` lost the lease
 * the update matches nothing and LeaseLostError rolls back the page with it.
 */
export async function commitCheckpointUnderLease(
	store: Store,
	transaction: Transaction,
	lease: { stateId: string; owner: string; unitId: string },
	checkpoint: unknown,
): Promise<void> {
	const rows = await selectRows(
		store.sequelize,
		`UPDATE ingestion_unit_states SET checkpoint = $3::jsonb, updated_at = now()
		  WHERE id = $1 AND lease_owner = $2
		RETURNING id`,
		[lease.stateId, lease.owner, JSON.stringify(checkpoint)],
		transaction,
	);
	if (rows.length === 0) throw new LeaseLostError(lease.unitId);
}

/** Locks the unit's state row for the rest of the transaction; false when `owner` no longer holds the lease. */
export async function lockHeldLease(store: Store, transaction: Transaction, stateId: string, owner: string): Promise<boolean> {
	const rows = await selectRows(
		store.sequelize,
		'SELECT id FROM ingestion_unit_states WHERE id = $1 AND lease_owner = $2 FOR UPDATE',
		[stateId, owner],
		transaction,
	);
	return rows.length > 0;
}

/**
 * Renews the lease every `heartbeatMs` while a run goes on. A failed renewal (database briefly away) is
 * retried on the next beat; a lost lease is reported once through `onLost`.
 */
export class LeaseHeartbeat {
	private timer: NodeJS.Timeout | undefined;
	private beating: Promise<void> = Promise.resolve();
	lost = false;

	constructor(
		private readonly store: Store,
		private readonly stateId: string,
		private readonly owner: string,
		private readonly timing: LeaseTiming,
		private readonly onLost: () => void,
	) {}

	start(): void {
		this.timer = setInterval(() => {
			this.beating = this.beating.then(() => this.beat());
		}, this.timing.heartbeatMs);
		this.timer.unref();
	}

	private async beat(): Promise<void> {
		if (this.lost || !this.timer) return;
		try {
			if (!(await renewUnitLease(this.store, this.stateId, this.owner, this.timing.ttlMs))) {
				this.lost = true;
				this.onLost();
			}
		} catch {
			// The database is unreachable for now; the next beat tries again, and commits check the lease anyway.
		}
	}

	/** Stops renewing and waits for a renewal in flight. */
	async stop(): Promise<void> {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		await this.beating;
	}
}
