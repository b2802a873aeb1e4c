'use strict';
/**
 * Run history of a whole endpoint (newest first) is what `n8n-ingestion runs --endpoint` and the console
 * list; the existing index leads with the unit, so add one on (endpoint, queued_at).
 *
 * @type {import('../src/store/migration-types').StoreMigration}
 */
module.exports = {
	async up({ context: { query } }) {
		await query('CREATE INDEX IF NOT EXISTS ingestion_runs_endpoint_recent_idx ON ingestion_runs (endpoint_id, queued_at DESC)');
	},

	async down({ context: { query } }) {
		await query('DROP INDEX IF EXISTS ingestion_runs_endpoint_recent_idx');
	},
};
