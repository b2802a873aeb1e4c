import { QueryTypes } from 'sequelize';

import { JIRA_CDM_MAPPERS } from '../../src/cdm/mappers/jira';
import { CDM_WORK_MODELS } from '../../src/cdm/models';
import { provisionAllCdmModels } from '../../src/cdm/provision';
import { openCdmSink } from '../../src/cdm/sink-connection';
import { writeCdmRows } from '../../src/cdm/writer';
import { openJiraUnitReader } from '../../src/jira/readers';
import { JIRA_UNIT_DEFAULTS } from '../../src/jira/units';
import type { JiraSimulator } from '../../src/jira-simulator';
import { readAll, simulatorClient, startSimulator } from '../helpers/jira';
import { openTestStore, type TestStore } from '../helpers/test-database';

const ENDPOINT = 'jira-sim';

describe('Jira readers → CDM mappers → CDM tables (simulator, real Postgres)', () => {
	let sim: JiraSimulator;
	let ts: TestStore;

	beforeAll(async () => {
		sim = await startSimulator({ seed: 7, issues: 60 });
		ts = await openTestStore('cdm_from_jira');
		await provisionAllCdmModels(ts.store, 'cdm');
	});
	afterAll(async () => {
		await sim.stop();
		await ts.cleanup();
	});

	it('maps every record the readers deliver into a valid row and writes all five models with joinable references', async () => {
		const client = simulatorClient(sim);
		const sink = await openCdmSink(ts.store, 'cdm');
		const written: Record<string, number> = {};
		for (const unitId of ['jira.projects', 'jira.users', 'jira.issues', 'jira.comments', 'jira.worklogs']) {
			const modelId = JIRA_UNIT_DEFAULTS[unitId].cdmModelId;
			const { records } = await readAll(openJiraUnitReader(client, unitId, { policy: { pageSize: 25 } }));
			expect(records.length).toBeGreaterThan(0);
			const rows = records.map((record) => JIRA_CDM_MAPPERS[modelId](record, { endpointId: ENDPOINT }));
			for (const row of rows) {
				const verdict = CDM_WORK_MODELS[modelId].schema.safeParse(row);
				expect(verdict.success ? 'valid' : `${row.cdm_id}: ${verdict.error.message}`).toBe('valid');
			}
			const result = await writeCdmRows(sink, modelId, rows, { runId: 'sim-run', endpointId: ENDPOINT, batchSize: 40 });
			expect(result.inserted).toBe(new Set(rows.map((row) => row.cdm_id)).size);
			written[modelId] = result.inserted;
		}
		expect(written['cdm.work.item']).toBe(60);

		const [orphans] = await ts.store.sequelize.query<Record<string, number>>(
			`SELECT
			   (SELECT count(*)::int FROM cdm_work.cdm_work_item i WHERE NOT EXISTS (SELECT 1 FROM cdm_work.cdm_work_project p WHERE p.cdm_id = i.project_cdm_id)) AS items_without_project,
			   (SELECT count(*)::int FROM cdm_work.cdm_work_item i WHERE i.reporter_cdm_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cdm_work.cdm_work_user u WHERE u.cdm_id = i.reporter_cdm_id)) AS items_without_reporter,
			   (SELECT count(*)::int FROM cdm_work.cdm_work_comment c WHERE NOT EXISTS (SELECT 1 FROM cdm_work.cdm_work_item i WHERE i.cdm_id = c.item_cdm_id)) AS comments_without_item,
			   (SELECT count(*)::int FROM cdm_work.cdm_work_worklog w WHERE NOT EXISTS (SELECT 1 FROM cdm_work.cdm_work_item i WHERE i.cdm_id = w.item_cdm_id)) AS worklogs_without_item,
			   (SELECT count(*)::int FROM cdm_work.cdm_work_item WHERE status_category IS NULL) AS items_without_category`,
			{ type: QueryTypes.SELECT },
		);
		expect(orphans).toEqual({
			items_without_project: 0,
			items_without_reporter: 0,
			comments_without_item: 0,
			worklogs_without_item: 0,
			items_without_category: 0,
		});
	});
});
