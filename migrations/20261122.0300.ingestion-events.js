'use strict';
/**
 * Control-plane events and queues for the bridge and the n8n trigger:
 * - every change of an ingestion config, every queued run or run status change, every metadata collection request
 *   and every trigger heartbeat sends a Postgres NOTIFY on channel `n8n_ingestion_events` (JSON payload with `kind`
 *   config | run | collect | trigger), from triggers, so no writer (service, cascade delete, hand-written SQL) can
 *   forget it;
 * - `ingestion_trigger_heartbeats`: the n8n Ingestion Trigger writes one row per instance, so the bridge can tell
 *   whether anything is watching the schedules;
 * - `metadata_collection_requests`: queued catalog collections (at most one active per endpoint);
 * - at most one QUEUED run per unit (a second "run now" answers the queued run).
 *
 * The channel name is `INGESTION_EVENTS_CHANNEL` in src/ingestion/events.ts; keep both in step.
 *
 * @type {import('../src/store/migration-types').StoreMigration}
 */
module.exports = {
	async up({ context: { query } }) {
		await query(`
CREATE TABLE IF NOT EXISTS ingestion_trigger_heartbeats (
  instance_id   text PRIMARY KEY
                CONSTRAINT ingestion_trigger_heartbeats_instance_id_not_blank CHECK (length(btrim(instance_id)) > 0),
  host          text NOT NULL,
  pid           integer,
  endpoint_id   text
                CONSTRAINT ingestion_trigger_heartbeats_endpoint_fk
                REFERENCES metadata_endpoints (id) ON DELETE CASCADE,
  started_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ingestion_trigger_heartbeats_seen_idx ON ingestion_trigger_heartbeats (last_seen_at DESC);

CREATE TABLE IF NOT EXISTS metadata_collection_requests (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  endpoint_id   text NOT NULL
                CONSTRAINT metadata_collection_requests_endpoint_fk
                REFERENCES metadata_endpoints (id) ON DELETE CASCADE,
  status        text NOT NULL DEFAULT 'QUEUED'
                CONSTRAINT metadata_collection_requests_status_check
                CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
  requested_at  timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  stats         jsonb NOT NULL DEFAULT '{}'::jsonb,
  error         text,
  worker        text
);
CREATE UNIQUE INDEX IF NOT EXISTS metadata_collection_requests_one_active_per_endpoint
  ON metadata_collection_requests (endpoint_id) WHERE status IN ('QUEUED', 'RUNNING');
CREATE INDEX IF NOT EXISTS metadata_collection_requests_recent_idx
  ON metadata_collection_requests (endpoint_id, requested_at DESC);

CREATE UNIQUE INDEX IF NOT EXISTS ingestion_runs_one_queued_per_unit
  ON ingestion_runs (endpoint_id, unit_id) WHERE status = 'QUEUED';

CREATE OR REPLACE FUNCTION n8n_ingestion_notify_config() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  row ingestion_unit_configs%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN row := OLD; ELSE row := NEW; END IF;
  PERFORM pg_notify('n8n_ingestion_events', json_build_object(
    'kind', 'config',
    'op', TG_OP,
    'endpointId', row.endpoint_id,
    'unitId', row.unit_id,
    'configId', row.id,
    'enabled', CASE WHEN TG_OP = 'DELETE' THEN false ELSE row.enabled END,
    'scheduleKind', row.schedule_kind,
    'scheduleIntervalMinutes', row.schedule_interval_minutes
  )::text);
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION n8n_ingestion_notify_run() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('n8n_ingestion_events', json_build_object(
    'kind', 'run',
    'op', TG_OP,
    'endpointId', NEW.endpoint_id,
    'unitId', NEW.unit_id,
    'runId', NEW.id,
    'trigger', NEW.trigger,
    'status', NEW.status
  )::text);
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION n8n_ingestion_notify_heartbeat() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  row ingestion_trigger_heartbeats%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN row := OLD; ELSE row := NEW; END IF;
  PERFORM pg_notify('n8n_ingestion_events', json_build_object(
    'kind', 'trigger',
    'op', TG_OP,
    'endpointId', row.endpoint_id,
    'unitId', NULL,
    'instanceId', row.instance_id
  )::text);
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION n8n_ingestion_notify_collect() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('n8n_ingestion_events', json_build_object(
    'kind', 'collect',
    'op', TG_OP,
    'endpointId', NEW.endpoint_id,
    'unitId', NULL,
    'requestId', NEW.id,
    'status', NEW.status
  )::text);
  RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS ingestion_unit_configs_notify ON ingestion_unit_configs;
CREATE TRIGGER ingestion_unit_configs_notify
  AFTER INSERT OR UPDATE OR DELETE ON ingestion_unit_configs
  FOR EACH ROW EXECUTE FUNCTION n8n_ingestion_notify_config();

DROP TRIGGER IF EXISTS ingestion_runs_notify_queued ON ingestion_runs;
CREATE TRIGGER ingestion_runs_notify_queued
  AFTER INSERT ON ingestion_runs
  FOR EACH ROW WHEN (NEW.status = 'QUEUED') EXECUTE FUNCTION n8n_ingestion_notify_run();

DROP TRIGGER IF EXISTS ingestion_runs_notify_status ON ingestion_runs;
CREATE TRIGGER ingestion_runs_notify_status
  AFTER UPDATE OF status ON ingestion_runs
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION n8n_ingestion_notify_run();

DROP TRIGGER IF EXISTS ingestion_trigger_heartbeats_notify ON ingestion_trigger_heartbeats;
CREATE TRIGGER ingestion_trigger_heartbeats_notify
  AFTER INSERT OR UPDATE OR DELETE ON ingestion_trigger_heartbeats
  FOR EACH ROW EXECUTE FUNCTION n8n_ingestion_notify_heartbeat();

DROP TRIGGER IF EXISTS metadata_collection_requests_notify_queued ON metadata_collection_requests;
CREATE TRIGGER metadata_collection_requests_notify_queued
  AFTER INSERT ON metadata_collection_requests
  FOR EACH ROW WHEN (NEW.status = 'QUEUED') EXECUTE FUNCTION n8n_ingestion_notify_collect();
`);
	},

	async down({ context: { query } }) {
		await query(`
DROP TRIGGER IF EXISTS metadata_collection_requests_notify_queued ON metadata_collection_requests;
DROP TRIGGER IF EXISTS ingestion_trigger_heartbeats_notify ON ingestion_trigger_heartbeats;
DROP TRIGGER IF EXISTS ingestion_runs_notify_status ON ingestion_runs;
DROP TRIGGER IF EXISTS ingestion_runs_notify_queued ON ingestion_runs;
DROP TRIGGER IF EXISTS ingestion_unit_configs_notify ON ingestion_unit_configs;
DROP FUNCTION IF EXISTS n8n_ingestion_notify_collect();
DROP FUNCTION IF EXISTS n8n_ingestion_notify_heartbeat();
DROP FUNCTION IF EXISTS n8n_ingestion_notify_run();
DROP FUNCTION IF EXISTS n8n_ingestion_notify_config();
DROP INDEX IF EXISTS ingestion_runs_one_queued_per_unit;
DROP TABLE IF EXISTS metadata_collection_requests;
DROP TABLE IF EXISTS ingestion_trigger_heartbeats;
`);
	},
};
