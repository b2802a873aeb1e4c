'use strict';
/**
 * Seeds the two built-in sink endpoints that live in the store's own database:
 * `warehouse` (pg.raw landing tables in schema ingest_raw) and `cdm` (cdm.jdbc, schema cdm_work).
 * Existing rows are left as they are, so a user's edits survive re-runs.
 *
 * @type {import('../src/store/migration-types').StoreMigration}
 */
const CDM_MODELS = ['cdm.work.project', 'cdm.work.user', 'cdm.work.item', 'cdm.work.comment', 'cdm.work.worklog'];

module.exports = {
	async up({ context: { query } }) {
		await query(
			`INSERT INTO metadata_endpoints (id, template_id, family, name, description, parameters, capabilities)
       VALUES
         ('warehouse', 'pg.raw', 'SINK', 'Warehouse (raw landing)',
          'Raw landing tables in schema ingest_raw of the store database.',
          $1::jsonb, $2::jsonb),
         ('cdm', 'cdm.jdbc', 'SINK', 'Common data model (work)',
          'Common-data-model work tables in schema cdm_work of the store database.',
          $3::jsonb, $4::jsonb)
       ON CONFLICT (id) DO NOTHING`,
			[
				JSON.stringify({ schema: 'ingest_raw' }),
				JSON.stringify({
					supports_raw: true,
					supports_cdm_work: false,
					supported_cdm_models: [],
					'sink.autoprovision': true,
				}),
				JSON.stringify({ schema: 'cdm_work', table_prefix: 'cdm_', models: CDM_MODELS }),
				JSON.stringify({
					supports_raw: false,
					supports_cdm_work: true,
					supported_cdm_models: CDM_MODELS,
					'sink.autoprovision': true,
				}),
			],
		);
	},

	async down({ context: { query } }) {
		await query(`DELETE FROM metadata_endpoints WHERE id IN ('warehouse', 'cdm') AND template_id IN ('pg.raw', 'cdm.jdbc')`);
	},
};
