import { QueryTypes } from 'sequelize';

import { CONFIG_COLUMNS, CONFIG_FROM, toConfigRecord, type ConfigRow } from '../ingestion/config-record';
import { runInputOfConfig } from '../ingestion/run-request-input';
import type { Store } from '../store';
import type { RunRequest } from './trigger-request';

/**
 * What the trigger emits when no unit is configured yet, so a workflow can be built and tested before any
 * configuration exists. The Run node refuses it ("configure the unit first") unless such a unit exists.
 */
export const DOCUMENTED_SAMPLE_REQUEST: Readonly<RunRequest> = Object.freeze({
	kind: 'run',
	runId: null,
	endpointId: 'jira-example',
	unitId: 'jira.issues',
	mode: 'INCREMENTAL',
	policy: { primaryKeys: ['id'], cursorField: 'updated', lookbackMinutes: 5 },
	sinkId: 'warehouse',
	dataMode: 'RAW',
	cdmModelId: null,
	trigger: 'MANUAL',
	sample: true,
});

/**
 * The request a trigger emits when tested in the editor: one real configured unit of its scope (enabled scheduled
 * units first, then enabled ones, then any), as a new MANUAL run; the documented sample when none is configured.
 * Nothing is claimed or queued.
 */
export async function sampleRunRequest(store: Store, endpointId?: string | null): Promise<RunRequest> {
	const [row] = await store.sequelize.query<ConfigRow>(
		`SELECT ${CONFIG_COLUMNS} FROM ${CONFIG_FROM}
     WHERE ($1::text IS NULL OR c.endpoint_id = $1)
     ORDER BY c.enabled DESC, (c.schedule_kind = 'INTERVAL') DESC, c.endpoint_id, c.unit_id
     LIMIT 1`,
		{ bind: [endpointId ?? null], type: QueryTypes.SELECT },
	);
	if (!row) return { ...DOCUMENTED_SAMPLE_REQUEST, policy: { ...DOCUMENTED_SAMPLE_REQUEST.policy }, ...(endpointId ? { endpointId } : {}) };
	return { kind: 'run', runId: null, ...runInputOfConfig(toConfigRecord(row), 'MANUAL'), sample: true };
}
