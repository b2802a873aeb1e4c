import type { DataMode, IngestionMode, RunTrigger } from '../store/models/enums';
import type { IngestionPolicy } from '../ingestion/policy';

/**
 * A run request as the Ingestion Trigger emits it and the Ingestion Run node takes it: the run's stored settings
 * (a snapshot of the unit's config when the run was queued) and the run id to carry out.
 */
export interface RunRequest {
	kind: 'run';
	/** The QUEUED run to carry out; null for a sample request, which the Run node runs as a new MANUAL run. */
	runId: string | null;
	endpointId: string;
	unitId: string;
	mode: IngestionMode;
	policy: IngestionPolicy;
	sinkId: string;
	dataMode: DataMode;
	cdmModelId: string | null;
	trigger: RunTrigger;
	/** ISO time the run was queued (absent on samples). */
	queuedAt?: string;
	/** Set on the request a trigger emits when you test it in the editor. */
	sample?: boolean;
}

/** A queued metadata collection of an endpoint (the bridge's `collectMetadata`), carried out by the Run node. */
export interface CollectRequest {
	kind: 'collect';
	requestId: string;
	endpointId: string;
	requestedAt: string;
}

export type TriggerRequest = RunRequest | CollectRequest;
