import { QueryTypes } from 'sequelize';

import { CDM_WORK_MODEL_IDS } from '../../src/cdm/model-ids';
import { provisionAllCdmModels, provisionCdmSink } from '../../src/cdm/provision';
import { isCdmModelProvisioned, provisionedCdmModels } from '../../src/cdm/provisioned-models';
import { registerCdmSinkEndpoint } from '../../src/cdm/sink-registration';
import type { Store } from '../../src/store';
import { rejection } from '../helpers/rejection';
import { openTestStore, type TestStore } from '../helpers/test-database';


async function query<T extends object>(store: Store, sql: string, bind: unknown[] = []): Promise<T[]> {
	return store.sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT });
}

async function catalogCount(store: Store, sinkId: string, modelId: string): Promise<number> {
	return store.models.CatalogDataset.count({ where: { endpointId: sinkId, datasetId: modelId, kind: 'CDM_TABLE' } });
}

describe('provisionCdmSink on the real Postgres', () => {
	let ts: TestStore;
	let store: Store;

	beforeAll(async () => {
		ts = await openTestStore('cdm_provision');
		store = ts.store;
	});
	afterAll(() => ts.cleanup());

	it('provisions each model twice: the same table, one catalog dataset, created only the first time', async () => {
		expect(await provisionedCdmModels(store, 'cdm')).toEqual([]);
		for (const modelId of CDM_WORK_MODEL_IDS) {
			const first = await provisionCdmSink(store, 'cdm', modelId);
			const second = await provisionCdmSink(store, 'cdm', modelId);
			const suffix = modelId.replace('cdm.work.', 'work_');
			expect(first).toMatchObject({ schema: 'cdm_work', table: `cdm_${suffix}`, physicalLocation: `cdm_work.cdm_${suffix}`, created: true, registered: true });
			expect(second).toMatchObject({ created: false, registered: false, datasetId: first.datasetId, addedColumns: [], createdIndexes: [] });
			expect(await catalogCount(store, 'cdm', modelId)).toBe(1);
			expect(await isCdmModelProvisioned(store, 'cdm', modelId)).toBe(true);
		}
		expect(await provisionedCdmModels(store, 'cdm')).toEqual([...CDM_WORK_MODEL_IDS].sort());
	});

	it('creates cdm_work.cdm_work_item with the listed columns and types, primary key and indexes', async () => {
		await provisionCdmSink(store, 'cdm', 'cdm.work.item');
		const columns = await query<{ column_name: string; data_type: string; udt_name: string; is_nullable: string }>(
			store,
			`SELECT column_name, data_type, udt_name, is_nullable FROM information_schema.columns
			  WHERE table_schema = 'cdm_work' AND table_name = 'cdm_work_item' ORDER BY ordinal_position`,
		);
		expect(columns.map((c) => [c.column_name, c.data_type === 'ARRAY' ? `${c.udt_name}` : c.data_type, c.is_nullable])).toEqual([
			['cdm_id', 'text', 'NO'],
			['source_system', 'text', 'NO'],
			['source_issue_key', 'text', 'YES'],
			['project_cdm_id', 'text', 'YES'],
			['reporter_cdm_id', 'text', 'YES'],
			['assignee_cdm_id', 'text', 'YES'],
			['issue_type', 'text', 'YES'],
			['status', 'text', 'YES'],
			['status_category', 'text', 'YES'],
			['priority', 'text', 'YES'],
			['summary', 'text', 'YES'],
			['description', 'text', 'YES'],
			['labels', '_text', 'NO'],
			['created_at', 'timestamp with time zone', 'YES'],
			['updated_at', 'timestamp with time zone', 'YES'],
			['closed_at', 'timestamp with time zone', 'YES'],
			['properties', 'jsonb', 'NO'],
			['source_endpoint_id', 'text', 'NO'],
			['ingestion_run_id', 'text', 'YES'],
			['ingested_at', 'timestamp with time zone', 'NO'],
			['deleted_at', 'timestamp with time zone', 'YES'],
		]);
		const [pk] = await query<{ columns: string }>(
			store,
			`SELECT string_agg(kcu.column_name, ',') AS columns FROM information_schema.table_constraints tc
			   JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name)
			  WHERE tc.table_schema = 'cdm_work' AND tc.table_name = 'cdm_work_item' AND tc.constraint_type = 'PRIMARY KEY'`,
		);
		expect(pk.columns).toBe('cdm_id');
		const indexes = await query<{ indexname: string }>(
			store,
			`SELECT indexname FROM pg_indexes WHERE schemaname = 'cdm_work' AND tablename = 'cdm_work_item' ORDER BY indexname`,
		);
		expect(indexes.map((i) => i.indexname)).toEqual([
			'cdm_work_item_assignee_cdm_id_idx',
			'cdm_work_item_pkey',
			'cdm_work_item_project_cdm_id_idx',
			'cdm_work_item_reporter_cdm_id_idx',
			'cdm_work_item_run_idx',
			'cdm_work_item_updated_at_idx',
		]);
	});

	it('registers the catalog dataset with location, domain, labels and the column schema', async () => {
		const result = await provisionCdmSink(store, 'cdm', 'cdm.work.comment');
		const dataset = await store.models.CatalogDataset.findByPk(result.datasetId);
		expect(dataset).toMatchObject({
			endpointId: 'cdm',
			datasetId: 'cdm.work.comment',
			kind: 'CDM_TABLE',
			domain: 'cdm.work',
			physicalLocation: 'cdm_work.cdm_work_comment',
			labels: { cdm_model_id: 'cdm.work.comment', sink_endpoint_id: 'cdm' },
		});
		const fields = (dataset?.schema as { fields: Array<{ name: string; type: string }> }).fields;
		expect(fields.slice(0, 4).map((f) => f.name)).toEqual(['cdm_id', 'source_system', 'source_comment_id', 'item_cdm_id']);
		expect(fields.find((f) => f.name === 'properties')?.type).toBe('jsonb');
		expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['deleted_at', 'ingestion_run_id']));
	});

	it('is safe concurrently: 10 at once per model on a fresh sink give one table and one dataset each', async () => {
		await registerCdmSinkEndpoint(store, { id: 'cdm-concurrent', schema: 'cdm_concurrent', tablePrefix: 'c_' });
		const runs = CDM_WORK_MODEL_IDS.flatMap((modelId) => Array.from({ length: 10 }, () => provisionCdmSink(store, 'cdm-concurrent', modelId)));
		const results = await Promise.all(runs);
		for (const modelId of CDM_WORK_MODEL_IDS) {
			const mine = results.filter((r) => r.cdmModelId === modelId);
			expect(mine).toHaveLength(10);
			expect(mine.filter((r) => r.created)).toHaveLength(1);
			expect(mine.filter((r) => r.registered)).toHaveLength(1);
			expect(new Set(mine.map((r) => r.datasetId)).size).toBe(1);
			expect(new Set(mine.map((r) => r.physicalLocation))).toEqual(new Set([`cdm_concurrent.c_${modelId.replace('cdm.work.', 'work_')}`]));
			expect(await catalogCount(store, 'cdm-concurrent', modelId)).toBe(1);
		}
		const [{ tables }] = await query<{ tables: number }>(
			store,
			`SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'cdm_concurrent'`,
		);
		expect(tables).toBe(5);
	});

	it('provisionAllCdmModels provisions exactly the models the sink lists', async () => {
		await registerCdmSinkEndpoint(store, { id: 'cdm-items-only', schema: 'cdm_items_only', models: ['cdm.work.item', 'cdm.work.project'] });
		const results = await provisionAllCdmModels(store, 'cdm-items-only');
		expect(results.map((r) => r.cdmModelId)).toEqual(['cdm.work.project', 'cdm.work.item']);
		const error = await rejection(provisionCdmSink(store, 'cdm-items-only', 'cdm.work.user'));
		expect(error).toMatchObject({ code: 'MODEL_NOT_SUPPORTED', field: 'parameters.models' });
		expect(error.message).toContain('cdm.work.user');
	});

	it('validates the endpoint and the model, naming the field', async () => {
		expect(await rejection(provisionCdmSink(store, 'no-such-sink', 'cdm.work.item'))).toMatchObject({ code: 'ENDPOINT_NOT_FOUND', field: 'sinkEndpointId' });
		expect(await rejection(provisionCdmSink(store, 'warehouse', 'cdm.work.item'))).toMatchObject({ code: 'NOT_A_CDM_SINK', field: 'template_id' });
		await store.models.MetadataEndpoint.create({ id: 'jira-src', templateId: 'jira.cloud', family: 'SOURCE', name: 'Jira' });
		expect(await rejection(provisionCdmSink(store, 'jira-src', 'cdm.work.item'))).toMatchObject({ code: 'NOT_A_CDM_SINK', field: 'family' });
		expect(await rejection(provisionCdmSink(store, 'cdm', 'cdm.work.sprint'))).toMatchObject({ code: 'MODEL_NOT_SUPPORTED', field: 'cdmModelId' });
	});

	it('rejects hostile schema and prefix names, whether registered or stored directly, and creates nothing', async () => {
		const hostileSchemas = ['x"; DROP TABLE catalog_datasets; --', 'Public', 'pg_catalog', 'information_schema', 'a b', '', 'ä', 'x'.repeat(64)];
		for (const schema of hostileSchemas) {
			expect(await rejection(registerCdmSinkEndpoint(store, { id: 'hostile', schema }))).toMatchObject({ code: 'INVALID_PARAMETER', field: 'schema' });
		}
		for (const tablePrefix of ['cdm-', 'x";--', 'A_', '9a', 'p'.repeat(50)]) {
			expect(await rejection(registerCdmSinkEndpoint(store, { id: 'hostile', tablePrefix }))).toMatchObject({
				code: 'INVALID_PARAMETER',
				field: 'table_prefix',
			});
		}
		expect(await store.models.MetadataEndpoint.findByPk('hostile')).toBeNull();

		// a hostile value written straight into the store is still refused at provisioning time
		await store.models.MetadataEndpoint.create({
			id: 'cdm-hostile',
			templateId: 'cdm.jdbc',
			family: 'SINK',
			name: 'hostile',
			parameters: { schema: 'evil"; DROP SCHEMA public CASCADE; --', table_prefix: 'cdm_' },
			capabilities: { supported_cdm_models: [...CDM_WORK_MODEL_IDS] },
		});
		const error = await rejection(provisionCdmSink(store, 'cdm-hostile', 'cdm.work.item'));
		expect(error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'schema' });
		await store.models.MetadataEndpoint.update({ parameters: { schema: 'fine', table_prefix: 'bad prefix' } }, { where: { id: 'cdm-hostile' } });
		expect(await rejection(provisionCdmSink(store, 'cdm-hostile', 'cdm.work.item'))).toMatchObject({ field: 'table_prefix' });
		const schemas = await query<{ nspname: string }>(store, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'evil%' OR nspname = 'fine'`);
		expect(schemas).toEqual([]);
		expect(await catalogCount(store, 'cdm-hostile', 'cdm.work.item')).toBe(0);
	});

	it('completes a table that lacks a column or index, and refuses a foreign table with other column types', async () => {
		await provisionCdmSink(store, 'cdm', 'cdm.work.worklog');
		await store.sequelize.query('ALTER TABLE cdm_work.cdm_work_worklog DROP COLUMN comment');
		await store.sequelize.query('DROP INDEX cdm_work.cdm_work_worklog_author_cdm_id_idx');
		const repaired = await provisionCdmSink(store, 'cdm', 'cdm.work.worklog');
		expect(repaired).toMatchObject({ created: false, addedColumns: ['comment'], createdIndexes: ['cdm_work_worklog_author_cdm_id_idx'] });

		await registerCdmSinkEndpoint(store, { id: 'cdm-clash', schema: 'clash', models: ['cdm.work.user'] });
		await store.sequelize.query('CREATE SCHEMA clash; CREATE TABLE clash.cdm_work_user (cdm_id integer PRIMARY KEY)');
		const error = await rejection(provisionCdmSink(store, 'cdm-clash', 'cdm.work.user'));
		expect(error).toMatchObject({ code: 'TABLE_CONFLICT', field: 'cdm_id' });
		expect(await catalogCount(store, 'cdm-clash', 'cdm.work.user')).toBe(0);
	});
});
