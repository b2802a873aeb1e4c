import type { RunTrigger } from '../store/models/enums';
import type { Store } from '../store';
import type { IngestionUnitConfigRecord } from './config-record';
import { getConfig } from './config-service';
import type { RunUnitInput } from './run-input';
import { getRun } from './run-queue';
import { badInput, notFound } from './validation-error';

export interface RunRequestRef {
	/** A QUEUED run to carry out; its stored settings are used (what was queued is what runs). */
	runId?: string | null;
	endpointId: string;
	unitId: string;
	/** For a new run (no runId): default MANUAL. */
	trigger?: RunTrigger;
}

/**
 * The engine input for a run request: a queued run's own settings (mode, policy, sink, data mode as queued), or,
 * without a run id, the unit's stored config as a new run. Unknown runs, runs of another unit and unconfigured units
 * are refused with a `ConfigValidationError` naming the field.
 */
export async function runInputForRequest(store: Store, request: RunRequestRef): Promise<RunUnitInput> {
	if (request.runId) {
		const run = await getRun(store, request.runId);
		if (!run) throw notFound('runId', `runId: run ${request.runId} does not exist`);
		if (run.endpointId !== request.endpointId || run.unitId !== request.unitId) {
			throw badInput('runId', `runId: run ${run.id} is a run of unit ${run.unitId} of endpoint "${run.endpointId}", not of ${request.unitId} of "${request.endpointId}"`);
		}
		return {
			endpointId: run.endpointId,
			unitId: run.unitId,
			mode: run.mode,
			policy: run.policy,
			sinkId: run.sinkId,
			dataMode: run.dataMode,
			cdmModelId: run.cdmModelId,
			trigger: run.trigger,
			runId: run.id,
		};
	}
	const config = await getConfig(store, request.endpointId, request.unitId);
	if (!config) {
		throw notFound('unitId', `unitId: unit ${request.unitId} of endpoint "${request.endpointId}" has no ingestion config yet: configure it first`);
	}
	return runInputOfConfig(config, request.trigger ?? 'MANUAL');
}

/** The engine input of a new run of a stored config. */
export function runInputOfConfig(config: IngestionUnitConfigRecord, trigger: RunTrigger): RunUnitInput & Required<Pick<RunUnitInput, 'policy' | 'dataMode' | 'trigger'>> & { cdmModelId: string | null } {
	return {
		endpointId: config.endpointId,
		unitId: config.unitId,
		mode: config.mode,
		policy: config.policy,
		sinkId: config.sinkId,
		dataMode: config.dataMode,
		cdmModelId: config.cdmModelId,
		trigger,
	};
}
