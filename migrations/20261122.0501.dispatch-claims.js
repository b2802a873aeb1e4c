'use strict';
/**
 * Dispatch claims: the n8n Ingestion Trigger hands each QUEUED run (and each QUEUED metadata collection) to its
 * workflow once, by setting dispatched_at with a conditional UPDATE; two triggers never both emit it. A request that
 * is still QUEUED long after its dispatch (the execution was lost) may be claimed again.
 *
 * @type {import('../src/store/migration-types').StoreMigration}
 */
module.exports = {
	async up({ context: { query } }) {
		await query(`
ALTER TABLE ingestion_runs ADD COLUMN IF NOT EXISTS dispatched_at timestamptz;
ALTER TABLE ingestion_runs ADD COLUMN IF NOT EXISTS dispatched_by text;
ALTER TABLE ingestion_runs ADD COLUMN IF NOT EXISTS dispatch_count integer NOT NULL DEFAULT 0;
ALTER TABLE metadata_collection_requests ADD COLUMN IF NOT EXISTS dispatched_at timestamptz;
ALTER TABLE metadata_collection_requests ADD COLUMN IF NOT EXISTS dispatched_by text;
ALTER TABLE metadata_collection_requests ADD COLUMN IF NOT EXISTS dispatch_count integer NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS metadata_collection_requests_queued_idx
  ON metadata_collection_requests (requested_at) WHERE status = 'QUEUED';
`);
	},

	async down({ context: { query } }) {
		await query(`
DROP INDEX IF EXISTS metadata_collection_requests_queued_idx;
ALTER TABLE metadata_collection_requests DROP COLUMN IF EXISTS dispatch_count;
ALTER TABLE metadata_collection_requests DROP COLUMN IF EXISTS dispatched_by;
ALTER TABLE metadata_collection_requests DROP COLUMN IF EXISTS dispatched_at;
ALTER TABLE ingestion_runs DROP COLUMN IF EXISTS dispatch_count;
ALTER TABLE ingestion_runs DROP COLUMN IF EXISTS dispatched_by;
ALTER TABLE ingestion_runs DROP COLUMN IF EXISTS dispatched_at;
`);
	},
};
