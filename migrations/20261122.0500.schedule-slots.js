'use strict';
/**
 * Per-unit due slots of INTERVAL schedules. The n8n Ingestion Trigger claims a unit's slot (the start time of the
 * current interval) with one conditional upsert before it queues a scheduled run, so each slot fires at most once even
 * when two trigger instances tick (a leader change, a doubled cron, two active workflows). A claim only succeeds while
 * the unit's config is enabled with that interval, and only for a slot later than the last claimed one.
 *
 * @type {import('../src/store/migration-types').StoreMigration}
 */
module.exports = {
	async up({ context: { query } }) {
		await query(`
CREATE TABLE IF NOT EXISTS ingestion_schedule_slots (
  endpoint_id       text NOT NULL
                    CONSTRAINT ingestion_schedule_slots_endpoint_fk
                    REFERENCES metadata_endpoints (id) ON DELETE CASCADE,
  unit_id           text NOT NULL,
  slot_at           timestamptz NOT NULL,
  interval_minutes  integer NOT NULL
                    CONSTRAINT ingestion_schedule_slots_interval_check CHECK (interval_minutes BETWEEN 1 AND 1440),
  claimed_by        text NOT NULL,
  claimed_at        timestamptz NOT NULL DEFAULT now(),
  run_id            uuid
                    CONSTRAINT ingestion_schedule_slots_run_fk REFERENCES ingestion_runs (id) ON DELETE SET NULL,
  CONSTRAINT ingestion_schedule_slots_pkey PRIMARY KEY (endpoint_id, unit_id)
);
`);
	},

	async down({ context: { query } }) {
		await query('DROP TABLE IF EXISTS ingestion_schedule_slots');
	},
};
