import { Client } from 'pg';

/**
 * Postgres NOTIFY channel of the ingestion control plane. Triggers on ingestion_unit_configs (every insert, update
 * and delete, including cascades), ingestion_runs (every QUEUED insert and every status change),
 * metadata_collection_requests (every QUEUED insert) and ingestion_trigger_heartbeats (every write) send on it;
 * see migrations/20261122.0300.ingestion-events.js.
 */
export const INGESTION_EVENTS_CHANNEL = 'n8n_ingestion_events';

type RowOp = 'INSERT' | 'UPDATE' | 'DELETE';

export interface ConfigEvent {
	kind: 'config';
	op: RowOp;
	endpointId: string;
	unitId: string;
	configId: string;
	/** False after a delete. */
	enabled: boolean;
	scheduleKind: 'MANUAL' | 'INTERVAL';
	scheduleIntervalMinutes: number | null;
}

export interface RunEvent {
	kind: 'run';
	/** INSERT of a QUEUED run, or UPDATE of a run's status. */
	op: 'INSERT' | 'UPDATE';
	endpointId: string;
	unitId: string;
	runId: string;
	trigger: 'MANUAL' | 'SCHEDULE';
	status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
}

export interface CollectEvent {
	kind: 'collect';
	op: 'INSERT';
	endpointId: string;
	unitId: null;
	requestId: string;
	status: 'QUEUED';
}

/** A trigger instance wrote (or removed) its heartbeat. */
export interface TriggerEvent {
	kind: 'trigger';
	op: RowOp;
	/** The endpoint the trigger is scoped to, or null when it watches all. */
	endpointId: string | null;
	unitId: null;
	instanceId: string;
}

export type IngestionEvent = ConfigEvent | RunEvent | CollectEvent | TriggerEvent;

/** Parses a NOTIFY payload of the channel; undefined when it is not one of ours. */
export function parseIngestionEvent(payload: string | undefined): IngestionEvent | undefined {
	if (!payload) return undefined;
	try {
		const event = JSON.parse(payload) as { kind?: unknown; endpointId?: unknown };
		if (event.kind === 'trigger') return event as IngestionEvent;
		if ((event.kind === 'config' || event.kind === 'run' || event.kind === 'collect') && typeof event.endpointId === 'string') {
			return event as IngestionEvent;
		}
	} catch {
		// not JSON: ignore
	}
	return undefined;
}

export interface IngestionEventListener {
	/** Stops listening and closes the dedicated connection. */
	close(): Promise<void>;
}

/**
 * LISTENs on the channel over a dedicated connection (a pooled one would drop it) and calls `onEvent` for each
 * event, in commit order. For the n8n trigger, the bridge's response cache and tests. `onError` gets connection
 * errors and `onEnd` is called once when the connection ends for any reason other than `close()`; events may
 * have been missed from then on, so callers resynchronize when they listen again.
 */
export async function listenIngestionEvents(
	connectionUrl: string,
	onEvent: (event: IngestionEvent) => void,
	onError: (error: Error) => void = () => undefined,
	onEnd: () => void = () => undefined,
): Promise<IngestionEventListener> {
	const client = new Client({ connectionString: connectionUrl, application_name: 'n8n-ingestion-listener' });
	let closing = false;
	client.on('error', onError);
	client.on('end', () => {
		if (!closing) onEnd();
	});
	await client.connect();
	client.on('notification', (message) => {
		if (message.channel !== INGESTION_EVENTS_CHANNEL) return;
		const event = parseIngestionEvent(message.payload);
		if (event) onEvent(event);
	});
	await client.query(`LISTEN ${INGESTION_EVENTS_CHANNEL}`);
	return {
		async close() {
			closing = true;
			client.removeAllListeners('notification');
			await client.end();
		},
	};
}
