import { QueryTypes } from 'sequelize';

import { Store, migrationStatus, revertMigrations } from '../../src/store';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const STORE_TABLES = [
	'catalog_datasets',
	'ingestion_migrations',
	'ingestion_runs',
	'ingestion_unit_configs',
	'ingestion_unit_states',
	'kb_edges',
	'kb_nodes',
	'metadata_endpoints',
];

async function tablesOf(store: Store): Promise<string[]> {
	const rows = await store.sequelize.query<{ table_name: string }>(
		`SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
		{ type: QueryTypes.SELECT },
	);
	return rows.map((r) => r.table_name);
}

describe('store migrations', () => {
	let database: TestDatabase;
	let store: Store;

	beforeEach(async () => {
		database = await createTestDatabase('migrations');
		store = await Store.open({ databaseUrl: database.url });
	});

	afterEach(async () => {
		await store.close();
		await database.drop();
	});

	it('applies every migration on an empty database and creates all store tables', async () => {
		expect(await tablesOf(store)).toEqual([]);
		const report = await store.migrate();
		expect(report.alreadyApplied).toEqual([]);
		expect(report.applied.length).toBeGreaterThanOrEqual(2);
		expect(report.applied).toEqual([...report.applied].sort());
		expect(await tablesOf(store)).toEqual(expect.arrayContaining(STORE_TABLES));
		const status = await migrationStatus(store.sequelize);
		expect(status).toEqual({ executed: report.applied, pending: [] });
	});

	it('seeds the built-in warehouse (pg.raw) and cdm (cdm.jdbc) sinks', async () => {
		await store.migrate();
		const sinks = await store.models.MetadataEndpoint.findAll({ order: [['id', 'ASC']], raw: true });
		expect(sinks.map((s) => [s.id, s.templateId, s.family])).toEqual([
			['cdm', 'cdm.jdbc', 'SINK'],
			['warehouse', 'pg.raw', 'SINK'],
		]);
		const cdm = sinks[0];
		expect(cdm.capabilities).toEqual({
			supports_raw: false,
			supports_cdm_work: true,
			supported_cdm_models: ['cdm.work.project', 'cdm.work.user', 'cdm.work.item', 'cdm.work.comment', 'cdm.work.worklog'],
			'sink.autoprovision': true,
		});
		expect(cdm.parameters).toMatchObject({ schema: 'cdm_work', table_prefix: 'cdm_' });
		expect(sinks[1].parameters).toEqual({ schema: 'ingest_raw' });
	});

	it('re-running is a no-op', async () => {
		const first = await store.migrate();
		const before = await store.models.MetadataEndpoint.count();
		const second = await store.migrate();
		expect(second.applied).toEqual([]);
		expect(second.alreadyApplied).toEqual(first.applied);
		expect(await store.models.MetadataEndpoint.count()).toBe(before);
	});

	it('keeps a user edit of a seeded sink across re-runs', async () => {
		await store.migrate();
		await store.models.MetadataEndpoint.update({ name: 'My warehouse' }, { where: { id: 'warehouse' } });
		await store.sequelize.query(`DELETE FROM ingestion_migrations WHERE name LIKE '%seed-builtin-sinks%'`);
		const rerun = await store.migrate();
		expect(rerun.applied).toEqual([expect.stringContaining('seed-builtin-sinks')]);
		expect((await store.models.MetadataEndpoint.findByPk('warehouse'))?.name).toBe('My warehouse');
	});

	it('lets two processes migrate at once: both succeed and each migration applies once', async () => {
		const other = await Store.open({ databaseUrl: database.url });
		try {
			const [a, b] = await Promise.all([store.migrate(), other.migrate()]);
			const appliedTwice = a.applied.filter((name) => b.applied.includes(name));
			expect(appliedTwice).toEqual([]);
			expect([...a.applied, ...b.applied].sort()).toEqual((await migrationStatus(store.sequelize)).executed);
			expect(await store.models.MetadataEndpoint.count()).toBe(2);
		} finally {
			await other.close();
		}
	});

	it('reports pending migrations with --status semantics before applying', async () => {
		const status = await store.migrationStatus();
		expect(status.executed).toEqual([]);
		expect(status.pending.length).toBeGreaterThanOrEqual(2);
		expect(await tablesOf(store)).toEqual([]); // looking changes nothing
	});

	it('reverts all migrations and applies them again', async () => {
		const { applied } = await store.migrate();
		const reverted = await revertMigrations(store.sequelize, { to: 0 });
		expect(reverted).toEqual([...applied].reverse());
		expect(await tablesOf(store)).toEqual(['ingestion_migrations']);
		expect((await store.migrate()).applied).toEqual(applied);
	});
});
