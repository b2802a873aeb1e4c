'use strict';
/**
 * Initial store schema: endpoints, catalog, ingestion configs, unit states, runs and the KB.
 * Every invariant the product relies on is a named constraint, so a violation names itself.
 *
 * @type {import('../src/store/migration-types').StoreMigration}
 */
module.exports = {
	async up({ context: { query } }) {
		await query(`
CREATE TABLE IF NOT EXISTS metadata_endpoints (
  id            text PRIMARY KEY
                CONSTRAINT metadata_endpoints_id_format CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$'),
  template_id   text NOT NULL
                CONSTRAINT metadata_endpoints_template_id_check
                CHECK (template_id IN ('jira.cloud', 'jira.datacenter', 'cdm.jdbc', 'pg.raw')),
  family        text NOT NULL
                CONSTRAINT metadata_endpoints_family_check CHECK (family IN ('SOURCE', 'SINK')),
  name          text NOT NULL CONSTRAINT metadata_endpoints_name_not_blank CHECK (length(btrim(name)) > 0),
  description   text,
  parameters    jsonb NOT NULL DEFAULT '{}'::jsonb
                CONSTRAINT metadata_endpoints_parameters_object CHECK (jsonb_typeof(parameters) = 'object'),
  capabilities  jsonb NOT NULL DEFAULT '{}'::jsonb
                CONSTRAINT metadata_endpoints_capabilities_object CHECK (jsonb_typeof(capabilities) = 'object'),
  enabled       boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS catalog_datasets (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  endpoint_id        text NOT NULL
                     CONSTRAINT catalog_datasets_endpoint_fk REFERENCES metadata_endpoints (id) ON DELETE CASCADE,
  dataset_id         text NOT NULL
                     CONSTRAINT catalog_datasets_dataset_id_format CHECK (dataset_id ~ '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$'),
  name               text NOT NULL,
  kind               text NOT NULL
                     CONSTRAINT catalog_datasets_kind_check
                     CHECK (kind IN ('ENTITY', 'DICTIONARY', 'API_SURFACE', 'CDM_TABLE')),
  domain             text,
  physical_location  text,
  schema             jsonb NOT NULL DEFAULT '{}'::jsonb,
  labels             jsonb NOT NULL DEFAULT '{}'::jsonb
                     CONSTRAINT catalog_datasets_labels_object CHECK (jsonb_typeof(labels) = 'object'),
  collected_at       timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT catalog_datasets_endpoint_dataset_unique UNIQUE (endpoint_id, dataset_id)
);
CREATE INDEX IF NOT EXISTS catalog_datasets_kind_idx ON catalog_datasets (endpoint_id, kind);

CREATE TABLE IF NOT EXISTS ingestion_unit_configs (
  id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  endpoint_id                text NOT NULL
                             CONSTRAINT ingestion_unit_configs_endpoint_fk
                             REFERENCES metadata_endpoints (id) ON DELETE CASCADE,
  dataset_id                 uuid NOT NULL
                             CONSTRAINT ingestion_unit_configs_dataset_fk
                             REFERENCES catalog_datasets (id) ON DELETE CASCADE,
  unit_id                    text NOT NULL
                             CONSTRAINT ingestion_unit_configs_unit_id_format
                             CHECK (unit_id ~ '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$'),
  enabled                    boolean NOT NULL DEFAULT false,
  mode                       text NOT NULL
                             CONSTRAINT ingestion_unit_configs_mode_check
                             CHECK (mode IN ('FULL', 'INCREMENTAL', 'SCD1', 'CUSTOM')),
  sink_id                    text NOT NULL
                             CONSTRAINT ingestion_unit_configs_sink_fk
                             REFERENCES metadata_endpoints (id) ON DELETE RESTRICT,
  schedule_kind              text NOT NULL DEFAULT 'MANUAL'
                             CONSTRAINT ingestion_unit_configs_schedule_kind_check
                             CHECK (schedule_kind IN ('MANUAL', 'INTERVAL')),
  schedule_interval_minutes  integer,
  policy                     jsonb NOT NULL DEFAULT '{}'::jsonb
                             CONSTRAINT ingestion_unit_configs_policy_object CHECK (jsonb_typeof(policy) = 'object'),
  data_mode                  text NOT NULL DEFAULT 'RAW'
                             CONSTRAINT ingestion_unit_configs_data_mode_check CHECK (data_mode IN ('RAW', 'CDM')),
  cdm_model_id               text
                             CONSTRAINT ingestion_unit_configs_cdm_model_id_format
                             CHECK (cdm_model_id ~ '^cdm(\\.[a-z][a-z0-9_]*)+$'),
  created_at                 timestamptz NOT NULL DEFAULT now(),
  updated_at                 timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ingestion_unit_configs_endpoint_unit_unique UNIQUE (endpoint_id, unit_id),
  -- interval minutes are present exactly when the schedule is INTERVAL, and then within 1..1440
  CONSTRAINT ingestion_unit_configs_schedule_interval_check CHECK (
    CASE schedule_kind
      WHEN 'INTERVAL' THEN coalesce(schedule_interval_minutes BETWEEN 1 AND 1440, false)
      WHEN 'MANUAL' THEN schedule_interval_minutes IS NULL
      ELSE true
    END
  )
);
CREATE INDEX IF NOT EXISTS ingestion_unit_configs_schedule_idx
  ON ingestion_unit_configs (endpoint_id) WHERE enabled AND schedule_kind = 'INTERVAL';
CREATE INDEX IF NOT EXISTS ingestion_unit_configs_sink_idx ON ingestion_unit_configs (sink_id);
CREATE INDEX IF NOT EXISTS ingestion_unit_configs_dataset_idx ON ingestion_unit_configs (dataset_id);

CREATE TABLE IF NOT EXISTS ingestion_runs (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  endpoint_id        text NOT NULL
                     CONSTRAINT ingestion_runs_endpoint_fk REFERENCES metadata_endpoints (id) ON DELETE CASCADE,
  unit_id            text NOT NULL,
  config_id          uuid
                     CONSTRAINT ingestion_runs_config_fk REFERENCES ingestion_unit_configs (id) ON DELETE SET NULL,
  trigger            text NOT NULL
                     CONSTRAINT ingestion_runs_trigger_check CHECK (trigger IN ('MANUAL', 'SCHEDULE')),
  status             text NOT NULL DEFAULT 'QUEUED'
                     CONSTRAINT ingestion_runs_status_check
                     CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED')),
  mode               text NOT NULL
                     CONSTRAINT ingestion_runs_mode_check CHECK (mode IN ('FULL', 'INCREMENTAL', 'SCD1', 'CUSTOM')),
  data_mode          text NOT NULL DEFAULT 'RAW'
                     CONSTRAINT ingestion_runs_data_mode_check CHECK (data_mode IN ('RAW', 'CDM')),
  sink_id            text NOT NULL,
  cdm_model_id       text,
  policy             jsonb NOT NULL DEFAULT '{}'::jsonb,
  queued_at          timestamptz NOT NULL DEFAULT now(),
  started_at         timestamptz,
  finished_at        timestamptz,
  stats              jsonb NOT NULL DEFAULT '{}'::jsonb,
  progress           jsonb NOT NULL DEFAULT '{}'::jsonb,
  checkpoint_before  jsonb,
  checkpoint_after   jsonb,
  error              text,
  worker             text,
  CONSTRAINT ingestion_runs_finished_after_started CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX IF NOT EXISTS ingestion_runs_unit_recent_idx ON ingestion_runs (endpoint_id, unit_id, queued_at DESC);
CREATE INDEX IF NOT EXISTS ingestion_runs_queued_idx ON ingestion_runs (queued_at) WHERE status = 'QUEUED';
CREATE UNIQUE INDEX IF NOT EXISTS ingestion_runs_one_running_per_unit
  ON ingestion_runs (endpoint_id, unit_id) WHERE status = 'RUNNING';

CREATE TABLE IF NOT EXISTS ingestion_unit_states (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  config_id         uuid NOT NULL
                    CONSTRAINT ingestion_unit_states_config_fk
                    REFERENCES ingestion_unit_configs (id) ON DELETE CASCADE,
  endpoint_id       text NOT NULL
                    CONSTRAINT ingestion_unit_states_endpoint_fk
                    REFERENCES metadata_endpoints (id) ON DELETE CASCADE,
  unit_id           text NOT NULL,
  checkpoint        jsonb,
  last_run_id       uuid
                    CONSTRAINT ingestion_unit_states_last_run_fk REFERENCES ingestion_runs (id) ON DELETE SET NULL,
  last_status       text
                    CONSTRAINT ingestion_unit_states_last_status_check
                    CHECK (last_status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED')),
  last_started_at   timestamptz,
  last_finished_at  timestamptz,
  last_success_at   timestamptz,
  last_stats        jsonb,
  last_error        text,
  lease_owner       text,
  lease_expires_at  timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ingestion_unit_states_config_unique UNIQUE (config_id),
  CONSTRAINT ingestion_unit_states_endpoint_unit_unique UNIQUE (endpoint_id, unit_id),
  CONSTRAINT ingestion_unit_states_lease_pair CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL))
);

CREATE TABLE IF NOT EXISTS kb_nodes (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  entity_type  text NOT NULL,
  logical_id   text NOT NULL,
  scope        text NOT NULL DEFAULT 'global',
  endpoint_id  text
               CONSTRAINT kb_nodes_endpoint_fk REFERENCES metadata_endpoints (id) ON DELETE CASCADE,
  payload      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT kb_nodes_identity_unique UNIQUE (entity_type, logical_id, scope)
);
CREATE INDEX IF NOT EXISTS kb_nodes_endpoint_idx ON kb_nodes (endpoint_id);

CREATE TABLE IF NOT EXISTS kb_edges (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  from_node_id    uuid NOT NULL
                  CONSTRAINT kb_edges_from_fk REFERENCES kb_nodes (id) ON DELETE CASCADE,
  edge_type       text NOT NULL CONSTRAINT kb_edges_edge_type_format CHECK (edge_type ~ '^[A-Z][A-Z_]*$'),
  to_logical_key  text NOT NULL,
  payload         jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT kb_edges_identity_unique UNIQUE (from_node_id, edge_type, to_logical_key)
);
CREATE INDEX IF NOT EXISTS kb_edges_to_idx ON kb_edges (to_logical_key);
`);
	},

	async down({ context: { query } }) {
		await query(`
DROP TABLE IF EXISTS kb_edges;
DROP TABLE IF EXISTS kb_nodes;
DROP TABLE IF EXISTS ingestion_unit_states;
DROP TABLE IF EXISTS ingestion_runs;
DROP TABLE IF EXISTS ingestion_unit_configs;
DROP TABLE IF EXISTS catalog_datasets;
DROP TABLE IF EXISTS metadata_endpoints;
`);
	},
};
