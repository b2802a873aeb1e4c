import { QueryTypes } from 'sequelize';

import { provisionCdmSink } from '../../src/cdm/provision';
import { runInputFromConfig } from '../../src/ingestion/run-input';
import { runIngestionUnit } from '../../src/ingestion/run-unit';
import { configureUnit, engineDeps, openJiraE2E, runUnit, type JiraE2E } from '../helpers/jira-e2e';

/** A CDM run against a sink that cannot take the model fails before a single Jira request, and writes nothing. */
describe('CDM data mode against an unprovisioned sink (real Jira source)', () => {
	let env: JiraE2E;

	beforeAll(async () => {
		env = await openJiraE2E('e2e_preflight', { sim: { seed: 31, issues: 40 }, provision: false });
	});
	afterAll(() => env.close());

	const tables = (schema: string) =>
		env.store.sequelize.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', {
			bind: [schema],
			type: QueryTypes.SELECT,
		});

	async function expectNothingWritten(runId: string, unitId: string) {
		expect(await tables('ingest_raw')).toEqual([]);
		const state = await env.store.models.IngestionUnitState.findOne({ where: { endpointId: env.endpointId, unitId } });
		expect(state).toMatchObject({ checkpoint: null, leaseOwner: null, lastStatus: 'FAILED' });
		expect(await env.store.models.IngestionRun.findByPk(runId)).toMatchObject({ status: 'FAILED', dataMode: 'CDM' });
	}

	it('the config service refuses the config, and a run given that config fails at once without asking Jira', async () => {
		await expect(configureUnit(env, { unitId: 'jira.issues', mode: 'INCREMENTAL', dataMode: 'CDM' })).rejects.toThrow(
			'cdmModelId: CDM model cdm.work.item is not provisioned on sink "cdm" (run provisionCdmSink first)',
		);
		// The n8n node and the bridge pass a stored config as is; a stale one may name a sink that lost the model.
		await configureUnit(env, { unitId: 'jira.issues', mode: 'INCREMENTAL', dataMode: 'RAW' });
		const config = await env.store.models.IngestionUnitConfig.findOne({ where: { endpointId: env.endpointId, unitId: 'jira.issues' } });
		if (!config) throw new Error('the config was not stored');
		const before = env.sim.control.totalRequests();
		const result = await runIngestionUnit({ ...runInputFromConfig(config), sinkId: 'cdm', dataMode: 'CDM' }, engineDeps(env));
		expect(result).toMatchObject({
			status: 'FAILED',
			error: 'CDM model cdm.work.item is not provisioned on sink "cdm": provision the sink first, then run the unit again (nothing was written)',
			stats: { recordsRead: 0, rowsWritten: 0, pages: 0, jiraRequests: 0 },
		});
		expect(env.sim.control.totalRequests()).toBe(before);
		expect(await tables('cdm_work')).toEqual([]);
		await expectNothingWritten(result.runId, 'jira.issues');
	});

	it('a model whose table was dropped after provisioning fails the run before any Jira request, naming the fix', async () => {
		await provisionCdmSink(env.store, 'cdm', 'cdm.work.comment');
		await configureUnit(env, { unitId: 'jira.comments', mode: 'INCREMENTAL', dataMode: 'CDM' });
		await env.store.sequelize.query('DROP TABLE cdm_work.cdm_work_comment');
		const before = env.sim.control.totalRequests();
		const result = await runUnit(env, 'jira.comments');
		expect(result).toMatchObject({
			status: 'FAILED',
			error: 'cdm.work.comment is not provisioned on sink "cdm": run provisioning first (n8n-ingestion provision --sink cdm --model cdm.work.comment)',
			stats: { recordsRead: 0, pages: 0, jiraRequests: 0 },
		});
		expect(env.sim.control.totalRequests()).toBe(before);
		await expectNothingWritten(result.runId, 'jira.comments');

		// Provisioning again brings the table back, and the same config then runs.
		await provisionCdmSink(env.store, 'cdm', 'cdm.work.comment');
		expect((await runUnit(env, 'jira.comments')).status).toBe('SUCCEEDED');
		expect(env.sim.control.totalRequests()).toBeGreaterThan(before);
	});
});
