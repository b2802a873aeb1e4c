import { constraintViolation, type Store } from '../../src/store';
import { openTestStore, type TestStore } from '../helpers/test-database';

/** Runs `sql` and returns the name of the constraint it violated (fails the test when nothing is violated). */
async function violatedConstraint(store: Store, sql: string, bind: unknown[] = []): Promise<string | undefined> {
	try {
		await store.sequelize.query(sql, { bind });
	} catch (error) {
		const violation = constraintViolation(error);
		if (!violation) throw error;
		// The constraint's name also appears in the database's own message.
		const message = String((error as { parent?: { message?: string } }).parent?.message ?? (error as Error).message);
		expect(message).toContain(violation.constraint ?? violation.column ?? '');
		return violation.constraint ?? `not_null:${violation.column}`;
	}
	throw new Error(`expected a constraint violation from: ${sql}`);
}

describe('store constraints', () => {
	let ctx: TestStore;
	let store: Store;
	let datasetUuid: string;

	beforeAll(async () => {
		ctx = await openTestStore('constraints');
		store = ctx.store;
		await store.models.MetadataEndpoint.create({ id: 'jira-1', templateId: 'jira.cloud', family: 'SOURCE', name: 'Jira' });
		const dataset = await store.models.CatalogDataset.create({
			endpointId: 'jira-1',
			datasetId: 'jira.issues',
			name: 'Issues',
			kind: 'ENTITY',
		});
		datasetUuid = dataset.id;
	});

	afterAll(() => ctx.cleanup());

	let unitSeq = 0;
	const insertConfig = (overrides: Record<string, unknown> = {}) => {
		const row: Record<string, unknown> = {
			endpoint_id: 'jira-1',
			dataset_id: datasetUuid,
			unit_id: `jira.unit_${++unitSeq}`,
			mode: 'INCREMENTAL',
			sink_id: 'warehouse',
			schedule_kind: 'MANUAL',
			schedule_interval_minutes: null,
			...overrides,
		};
		const columns = Object.keys(row);
		return {
			sql: `INSERT INTO ingestion_unit_configs (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
			bind: columns.map((c) => row[c]),
		};
	};

	it('accepts a valid config row', async () => {
		const { sql, bind } = insertConfig({ unit_id: 'jira.valid', schedule_kind: 'INTERVAL', schedule_interval_minutes: 15 });
		await expect(store.sequelize.query(sql, { bind })).resolves.toBeDefined();
	});

	it.each([
		['mode outside FULL/INCREMENTAL/SCD1/CUSTOM', { mode: 'STREAM' }, 'ingestion_unit_configs_mode_check'],
		['schedule_kind outside MANUAL/INTERVAL', { schedule_kind: 'CRON' }, 'ingestion_unit_configs_schedule_kind_check'],
		['INTERVAL without minutes', { schedule_kind: 'INTERVAL', schedule_interval_minutes: null }, 'ingestion_unit_configs_schedule_interval_check'],
		['INTERVAL of 0 minutes', { schedule_kind: 'INTERVAL', schedule_interval_minutes: 0 }, 'ingestion_unit_configs_schedule_interval_check'],
		['INTERVAL above 1440 minutes', { schedule_kind: 'INTERVAL', schedule_interval_minutes: 1441 }, 'ingestion_unit_configs_schedule_interval_check'],
		['MANUAL with minutes', { schedule_kind: 'MANUAL', schedule_interval_minutes: 15 }, 'ingestion_unit_configs_schedule_interval_check'],
		['data_mode outside RAW/CDM', { data_mode: 'PARQUET' }, 'ingestion_unit_configs_data_mode_check'],
		['unknown endpoint', { endpoint_id: 'nope' }, 'ingestion_unit_configs_endpoint_fk'],
		['unknown sink', { sink_id: 'nope' }, 'ingestion_unit_configs_sink_fk'],
		['unknown dataset', { dataset_id: '00000000-0000-0000-0000-000000000000' }, 'ingestion_unit_configs_dataset_fk'],
		['a policy that is not an object', { policy: '[1,2]' }, 'ingestion_unit_configs_policy_object'],
		['a malformed unit id', { unit_id: 'Jira Issues; DROP' }, 'ingestion_unit_configs_unit_id_format'],
	])('rejects a config with %s', async (_label, overrides, constraint) => {
		const { sql, bind } = insertConfig(overrides);
		expect(await violatedConstraint(store, sql, bind)).toBe(constraint);
	});

	it('rejects a second config for the same (endpoint, unit)', async () => {
		const first = insertConfig({ unit_id: 'jira.dupe' });
		await store.sequelize.query(first.sql, { bind: first.bind });
		expect(await violatedConstraint(store, first.sql, first.bind)).toBe('ingestion_unit_configs_endpoint_unit_unique');
	});

	it.each([
		[
			'an unknown endpoint template',
			`INSERT INTO metadata_endpoints (id, template_id, family, name) VALUES ('x1', 'salesforce', 'SOURCE', 'X')`,
			'metadata_endpoints_template_id_check',
		],
		[
			'an unknown endpoint family',
			`INSERT INTO metadata_endpoints (id, template_id, family, name) VALUES ('x2', 'jira.cloud', 'BOTH', 'X')`,
			'metadata_endpoints_family_check',
		],
		[
			'a hostile endpoint id',
			`INSERT INTO metadata_endpoints (id, template_id, family, name) VALUES ('x"; drop table x', 'jira.cloud', 'SOURCE', 'X')`,
			'metadata_endpoints_id_format',
		],
		[
			'a duplicate catalog dataset',
			`INSERT INTO catalog_datasets (endpoint_id, dataset_id, name, kind) VALUES ('jira-1', 'jira.issues', 'Issues', 'ENTITY')`,
			'catalog_datasets_endpoint_dataset_unique',
		],
		[
			'an unknown dataset kind',
			`INSERT INTO catalog_datasets (endpoint_id, dataset_id, name, kind) VALUES ('jira-1', 'jira.other', 'O', 'VIEW')`,
			'catalog_datasets_kind_check',
		],
		[
			'a dataset of an unknown endpoint',
			`INSERT INTO catalog_datasets (endpoint_id, dataset_id, name, kind) VALUES ('ghost', 'jira.other', 'O', 'ENTITY')`,
			'catalog_datasets_endpoint_fk',
		],
		[
			'a run with an unknown status',
			`INSERT INTO ingestion_runs (endpoint_id, unit_id, trigger, status, mode, sink_id) VALUES ('jira-1', 'jira.issues', 'MANUAL', 'DONE', 'FULL', 'warehouse')`,
			'ingestion_runs_status_check',
		],
		[
			'a run with an unknown trigger',
			`INSERT INTO ingestion_runs (endpoint_id, unit_id, trigger, mode, sink_id) VALUES ('jira-1', 'jira.issues', 'WEBHOOK', 'FULL', 'warehouse')`,
			'ingestion_runs_trigger_check',
		],
		[
			'a run with an unknown mode',
			`INSERT INTO ingestion_runs (endpoint_id, unit_id, trigger, mode, sink_id) VALUES ('jira-1', 'jira.issues', 'MANUAL', 'MERGE', 'warehouse')`,
			'ingestion_runs_mode_check',
		],
		[
			'a KB edge with a malformed type',
			`INSERT INTO kb_edges (from_node_id, edge_type, to_logical_key) SELECT gen_random_uuid(), 'configures', 'k'`,
			'kb_edges_edge_type_format',
		],
	])('rejects %s', async (_label, sql, constraint) => {
		expect(await violatedConstraint(store, sql)).toBe(constraint);
	});

	it('allows only one RUNNING run per unit', async () => {
		const running = `INSERT INTO ingestion_runs (endpoint_id, unit_id, trigger, status, mode, sink_id, started_at)
                     VALUES ('jira-1', 'jira.users', 'MANUAL', 'RUNNING', 'FULL', 'warehouse', now())`;
		await store.sequelize.query(running);
		expect(await violatedConstraint(store, running)).toBe('ingestion_runs_one_running_per_unit');
	});

	it('keeps a lease owner and its expiry together', async () => {
		const { sql, bind } = insertConfig({ unit_id: 'jira.leased' });
		await store.sequelize.query(sql, { bind });
		expect(
			await violatedConstraint(
				store,
				`INSERT INTO ingestion_unit_states (config_id, endpoint_id, unit_id, lease_owner)
         SELECT id, endpoint_id, unit_id, 'worker-1' FROM ingestion_unit_configs WHERE unit_id = 'jira.leased'`,
			),
		).toBe('ingestion_unit_states_lease_pair');
	});

	it('refuses to delete a sink that configs still use', async () => {
		const { sql, bind } = insertConfig({ unit_id: 'jira.sinkuse' });
		await store.sequelize.query(sql, { bind });
		expect(await violatedConstraint(store, `DELETE FROM metadata_endpoints WHERE id = 'warehouse'`)).toBe(
			'ingestion_unit_configs_sink_fk',
		);
	});

	it('rejects model writes that break a constraint, naming it', async () => {
		await expect(
			store.models.IngestionUnitConfig.create({
				endpointId: 'jira-1',
				datasetId: datasetUuid,
				unitId: 'jira.model',
				mode: 'FULL',
				sinkId: 'warehouse',
				scheduleKind: 'INTERVAL',
				scheduleIntervalMinutes: 5000,
			}),
		).rejects.toMatchObject({ parent: { constraint: 'ingestion_unit_configs_schedule_interval_check' } });
	});
});
