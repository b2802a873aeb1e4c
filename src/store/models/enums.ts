/** Enum-like values enforced by CHECK constraints in migrations/; keep both in step. */
export const ENDPOINT_TEMPLATES = ['jira.cloud', 'jira.datacenter', 'cdm.jdbc', 'pg.raw'] as const;
export type EndpointTemplateId = (typeof ENDPOINT_TEMPLATES)[number];

export const ENDPOINT_FAMILIES = ['SOURCE', 'SINK'] as const;
export type EndpointFamily = (typeof ENDPOINT_FAMILIES)[number];

export const DATASET_KINDS = ['ENTITY', 'DICTIONARY', 'API_SURFACE', 'CDM_TABLE'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

export const INGESTION_MODES = ['FULL', 'INCREMENTAL', 'SCD1', 'CUSTOM'] as const;
export type IngestionMode = (typeof INGESTION_MODES)[number];

export const SCHEDULE_KINDS = ['MANUAL', 'INTERVAL'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export const SCHEDULE_INTERVAL_MINUTES = { min: 1, max: 1440 } as const;

export const DATA_MODES = ['RAW', 'CDM'] as const;
export type DataMode = (typeof DATA_MODES)[number];

export const RUN_TRIGGERS = ['MANUAL', 'SCHEDULE'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Ids of the built-in sink endpoints seeded by migration. */
export const BUILTIN_RAW_SINK_ID = 'warehouse';
export const BUILTIN_CDM_SINK_ID = 'cdm';
