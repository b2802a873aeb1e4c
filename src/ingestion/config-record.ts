import type { DataMode, IngestionMode, ScheduleKind } from '../store/models/enums';
import type { IngestionPolicy } from './policy';

/** One stored ingestion unit config, as the services, the bridge and the CLI see it. */
export interface IngestionUnitConfigRecord {
	id: string;
	endpointId: string;
	unitId: string;
	/** Catalog dataset key (`jira.issues`). */
	datasetId: string;
	/** catalog_datasets.id of that dataset. */
	datasetUuid: string;
	enabled: boolean;
	mode: IngestionMode;
	sinkId: string;
	scheduleKind: ScheduleKind;
	scheduleIntervalMinutes: number | null;
	policy: IngestionPolicy;
	dataMode: DataMode;
	cdmModelId: string | null;
	createdAt: Date;
	updatedAt: Date;
}

/** Columns of `CONFIG_FROM` rows; map them with `toConfigRecord`. */
export const CONFIG_COLUMNS = `c.id, c.endpoint_id, c.unit_id, c.dataset_id AS dataset_uuid, d.dataset_id AS dataset_key,
  c.enabled, c.mode, c.sink_id, c.schedule_kind, c.schedule_interval_minutes, c.policy, c.data_mode, c.cdm_model_id,
  c.created_at, c.updated_at`;
export const CONFIG_FROM = 'ingestion_unit_configs c JOIN catalog_datasets d ON d.id = c.dataset_id';

export interface ConfigRow {
	id: string;
	endpoint_id: string;
	unit_id: string;
	dataset_uuid: string;
	dataset_key: string;
	enabled: boolean;
	mode: IngestionMode;
	sink_id: string;
	schedule_kind: ScheduleKind;
	schedule_interval_minutes: number | null;
	policy: IngestionPolicy;
	data_mode: DataMode;
	cdm_model_id: string | null;
	created_at: Date;
	updated_at: Date;
}

export function toConfigRecord(row: ConfigRow): IngestionUnitConfigRecord {
	return {
		id: row.id,
		endpointId: row.endpoint_id,
		unitId: row.unit_id,
		datasetId: row.dataset_key,
		datasetUuid: row.dataset_uuid,
		enabled: row.enabled,
		mode: row.mode,
		sinkId: row.sink_id,
		scheduleKind: row.schedule_kind,
		scheduleIntervalMinutes: row.schedule_interval_minutes,
		policy: row.policy,
		dataMode: row.data_mode,
		cdmModelId: row.cdm_model_id,
		createdAt: row.created_at,
		updatedAt: row.updated_at,
	};
}
