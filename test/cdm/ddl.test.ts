import { cdmDdlStatements, cdmTableIndexes, cdmTableLocation, validateCdmLayout } from '../../src/cdm/ddl';
import { CdmError } from '../../src/cdm/errors';
import { quoteIdentifier, validateIdentifier } from '../../src/cdm/identifiers';
import { CDM_WORK_MODELS, listCdmModels, workItemModel } from '../../src/cdm/models';
import { CDM_WORK_MODEL_IDS } from '../../src/cdm/model-ids';

describe('CDM model → physical schema', () => {
	it('maps every model to <schema>.<prefix><suffix> deterministically', () => {
		expect(CDM_WORK_MODEL_IDS.map((id) => cdmTableLocation('cdm_work', 'cdm_', CDM_WORK_MODELS[id]).physicalLocation)).toEqual([
			'cdm_work.cdm_work_project',
			'cdm_work.cdm_work_user',
			'cdm_work.cdm_work_item',
			'cdm_work.cdm_work_comment',
			'cdm_work.cdm_work_worklog',
		]);
		expect(cdmTableLocation('analytics', '', workItemModel)).toMatchObject({ table: 'work_item', sql: '"analytics"."work_item"' });
	});

	it('produces idempotent, quoted DDL for cdm.work.item', () => {
		const statements = cdmDdlStatements(cdmTableLocation('cdm_work', 'cdm_', workItemModel), workItemModel);
		expect(statements.every((sql) => /IF NOT EXISTS/.test(sql))).toBe(true);
		expect(statements).toMatchSnapshot();
	});

	it('indexes the foreign-key-ish ids, updated_at, and (source endpoint, run)', () => {
		const location = cdmTableLocation('cdm_work', 'cdm_', workItemModel);
		expect(cdmTableIndexes(location, workItemModel).map((index) => index.columns.join('+'))).toEqual([
			'project_cdm_id',
			'reporter_cdm_id',
			'assignee_cdm_id',
			'updated_at',
			'source_endpoint_id+ingestion_run_id',
		]);
	});

	it('rejects hostile or oversized identifiers with an error naming the parameter', () => {
		const hostile = ['"; DROP TABLE x; --', 'a"b', 'A', '1abc', 'a-b', 'a.b', 'pg_temp', '', ' ', 'é', 'x'.repeat(64)];
		for (const value of hostile) {
			expect(() => cdmTableLocation(value, 'cdm_', workItemModel)).toThrow(CdmError);
			try {
				cdmTableLocation(value, 'cdm_', workItemModel);
			} catch (error) {
				expect((error as CdmError).field).toBe('schema');
			}
		}
		for (const prefix of ['"', 'x y', 'Cdm_', 'x;', '-']) {
			expect(() => cdmTableLocation('cdm_work', prefix, workItemModel)).toThrow(/table_prefix/);
		}
		// a prefix that fits alone but makes an index name longer than 63 characters
		expect(() => validateCdmLayout('cdm_work', 'p'.repeat(40), listCdmModels())).toThrow(/table_prefix is too long/);
		expect(() => validateCdmLayout('cdm_work', 'p'.repeat(20), listCdmModels())).not.toThrow();
		expect(() => validateIdentifier(42, 'schema')).toThrow(/schema "42" is not a valid identifier/);
		expect(quoteIdentifier('ok_name')).toBe('"ok_name"');
	});
});
