import { QueryTypes } from 'sequelize';
import { BridgeRequestError } from '../../src/client';
import { recordTriggerHeartbeat } from '../../src/ingestion';
import { startTestBridge, type TestBridge } from '../helpers/bridge';
import { rejectsWithoutWrites } from '../helpers/rejections';
import { seedJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('bridge mutations: startIngestion, collectMetadata, provisionCdmSink', () => {
	let ctx: TestStore;
	let bridge: TestBridge;

	beforeAll(async () => {
		ctx = await openTestStore('bridge_actions');
		await seedJiraEndpoint(ctx.store, 'jira-run');
		await seedJiraEndpoint(ctx.store, 'jira-off');
		bridge = await startTestBridge(ctx.store);
		await bridge.client.configureIngestionUnit({
			endpointId: 'jira-run',
			unitId: 'jira.worklogs',
			mode: 'SCD1',
			policy: { cursorField: 'started', filters: { projects: ['OPS'] } },
		});
		await bridge.client.configureIngestionUnit({ endpointId: 'jira-off', unitId: 'jira.issues' });
		await ctx.store.models.MetadataEndpoint.update({ enabled: false }, { where: { id: 'jira-off' } });
	});
	afterAll(async () => {
		await bridge?.close();
		await ctx.cleanup();
	});

	const refused = (call: () => Promise<unknown>) => rejectsWithoutWrites(ctx.store, call, BridgeRequestError);

	it('startIngestion queues one run carrying the stored config; a second call answers the same run', async () => {
		const config = await bridge.client.ingestionUnitConfig('jira-run', 'jira.worklogs');
		const first = await bridge.client.startIngestion({ endpointId: 'jira-run', unitId: 'jira.worklogs' });
		expect(first).toMatchObject({ ok: true, queued: true, triggerLive: false, status: { state: 'QUEUED', lastRunId: first.runId } });
		expect(first.message).toMatch(/queued; no live ingestion trigger/);
		expect(first.run).toMatchObject({
			id: first.runId,
			endpointId: 'jira-run',
			unitId: 'jira.worklogs',
			configId: config!.id,
			trigger: 'MANUAL',
			status: 'QUEUED',
			mode: 'SCD1',
			dataMode: 'RAW',
			sinkId: 'warehouse',
			cdmModelId: 'cdm.work.worklog',
			policy: config!.policy,
		});

		const second = await bridge.client.startIngestion({ endpointId: 'jira-run', unitId: 'jira.worklogs' });
		expect(second).toMatchObject({ ok: true, queued: false, runId: first.runId });
		expect(await ctx.store.models.IngestionRun.count({ where: { endpointId: 'jira-run' } })).toBe(1);

		await ctx.store.sequelize.query(`UPDATE ingestion_runs SET status = 'RUNNING', started_at = now() WHERE id = $1`, { bind: [first.runId] });
		const whileRunning = await bridge.client.startIngestion({ endpointId: 'jira-run', unitId: 'jira.worklogs' });
		expect(whileRunning).toMatchObject({ queued: false, runId: first.runId, status: { state: 'RUNNING' } });

		await ctx.store.sequelize.query(`UPDATE ingestion_runs SET status = 'SUCCEEDED', finished_at = now() WHERE id = $1`, { bind: [first.runId] });
		const next = await bridge.client.startIngestion({ endpointId: 'jira-run', unitId: 'jira.worklogs' });
		expect(next.queued).toBe(true);
		expect(next.runId).not.toBe(first.runId);
	});

	it('concurrent startIngestion calls queue a single run', async () => {
		await bridge.client.configureIngestionUnit({ endpointId: 'jira-run', unitId: 'jira.comments' });
		const results = await Promise.all(
			Array.from({ length: 12 }, () => bridge.client.startIngestion({ endpointId: 'jira-run', unitId: 'jira.comments' })),
		);
		expect(new Set(results.map((r) => r.runId)).size).toBe(1);
		expect(results.filter((r) => r.queued)).toHaveLength(1);
		expect(await ctx.store.models.IngestionRun.count({ where: { endpointId: 'jira-run', unitId: 'jira.comments' } })).toBe(1);
	});

	it('startIngestion says when a live trigger is watching', async () => {
		await recordTriggerHeartbeat(ctx.store, { instanceId: `t-${Date.now()}`, endpointId: 'jira-run' });
		await bridge.client.configureIngestionUnit({ endpointId: 'jira-run', unitId: 'jira.users' });
		const result = await bridge.client.startIngestion({ endpointId: 'jira-run', unitId: 'jira.users' });
		expect(result).toMatchObject({ queued: true, triggerLive: true });
		expect(result.message).toBe(`Run ${result.runId} queued`);
	});

	it('startIngestion refuses a disabled endpoint, an unknown endpoint or unit, and a unit without config', async () => {
		expect(await refused(() => bridge.client.startIngestion({ endpointId: 'jira-off', unitId: 'jira.issues' }))).toMatchObject({
			code: 'BAD_USER_INPUT',
			field: 'endpointId',
		});
		expect(await refused(() => bridge.client.startIngestion({ endpointId: 'ghost', unitId: 'jira.issues' }))).toMatchObject({
			code: 'NOT_FOUND',
			field: 'endpointId',
		});
		expect(await refused(() => bridge.client.startIngestion({ endpointId: 'jira-run', unitId: 'jira.boards' }))).toMatchObject({
			code: 'NOT_FOUND',
			field: 'unitId',
		});
		const unconfigured = await refused(() => bridge.client.startIngestion({ endpointId: 'jira-run', unitId: 'jira.projects' }));
		expect(unconfigured).toMatchObject({ code: 'NOT_FOUND', field: 'unitId' });
		expect(unconfigured.message).toMatch(/configure it first/);
	});

	it('collectMetadata queues one collection per endpoint and refuses sinks and unknown endpoints', async () => {
		const first = await bridge.client.collectMetadata('jira-run');
		expect(first).toMatchObject({ ok: true, queued: true, triggerLive: true, request: { endpointId: 'jira-run', status: 'QUEUED' } });
		const again = await bridge.client.collectMetadata('jira-run');
		expect(again).toMatchObject({ queued: false, request: { id: first.request.id } });
		expect(await refused(() => bridge.client.collectMetadata('warehouse'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endpointId' });
		expect(await refused(() => bridge.client.collectMetadata('ghost'))).toMatchObject({ code: 'NOT_FOUND', field: 'endpointId' });
		expect(await refused(() => bridge.client.collectMetadata('jira-off'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endpointId' });
	});

	it('provisionCdmSink checks its input', async () => {
		expect(await refused(() => bridge.client.provisionCdmSink({ sinkEndpointId: 'lake', cdmModelId: 'cdm.work.item' }))).toMatchObject({
			code: 'NOT_FOUND',
			field: 'sinkEndpointId',
		});
		expect(
			await refused(() => bridge.client.provisionCdmSink({ sinkEndpointId: 'warehouse', cdmModelId: 'cdm.work.item' })),
		).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sinkEndpointId' });
		expect(await refused(() => bridge.client.provisionCdmSink({ sinkEndpointId: 'cdm', cdmModelId: 'cdm.work.sprint' }))).toMatchObject({
			code: 'BAD_USER_INPUT',
			field: 'cdmModelId',
		});
	});

	it('provisionCdmSink creates the table, registers it, and then CDM configs for the model are accepted', async () => {
		const wired = await startTestBridge(ctx.store);
		try {
			const refusedCdm = await wired.client
				.configureIngestionUnit({ endpointId: 'jira-run', unitId: 'jira.issues', dataMode: 'CDM' })
				.catch((e: unknown) => e as BridgeRequestError);
			expect(refusedCdm).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cdmModelId' });

			const result = await wired.client.provisionCdmSink({ sinkEndpointId: 'cdm', cdmModelId: 'cdm.work.item' });
			expect(result).toMatchObject({
				ok: true,
				sinkEndpointId: 'cdm',
				cdmModelId: 'cdm.work.item',
				schema: 'cdm_work',
				table: 'cdm_work_item',
				physicalLocation: 'cdm_work.cdm_work_item',
				created: true,
				dataset: { datasetId: 'cdm.work.item', kind: 'CDM_TABLE', endpointId: 'cdm', physicalLocation: 'cdm_work.cdm_work_item' },
			});
			expect(result.dataset?.id).toBe(result.datasetId);
			const [table] = await ctx.store.sequelize.query<{ present: boolean }>(
				`SELECT to_regclass('cdm_work.cdm_work_item') IS NOT NULL AS present`,
				{ type: QueryTypes.SELECT },
			);
			expect(table.present).toBe(true);
			const again = await wired.client.provisionCdmSink({ sinkEndpointId: 'cdm', cdmModelId: 'cdm.work.item' });
			expect(again).toMatchObject({ created: false, datasetId: result.datasetId });

			const config = await wired.client.configureIngestionUnit({ endpointId: 'jira-run', unitId: 'jira.issues', dataMode: 'CDM' });
			expect(config).toMatchObject({ dataMode: 'CDM', sinkId: 'cdm', cdmModelId: 'cdm.work.item' });
		} finally {
			await wired.close();
		}
	});
});
