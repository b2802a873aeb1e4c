import { QueryTypes } from 'sequelize';

import comments from '../fixtures/jira/comments.json';
import issuesPage from '../fixtures/jira/issues-search-jql.json';
import projectsPage from '../fixtures/jira/projects-search.json';
import users from '../fixtures/jira/users-search.json';
import worklogs from '../fixtures/jira/worklogs-list.json';
import { jiraCdmId } from '../../src/cdm/cdm-id';
import { CdmError, CdmRowValidationError } from '../../src/cdm/errors';
import { mapJiraComment, mapJiraIssue, mapJiraProject, mapJiraUser, mapJiraWorklog } from '../../src/cdm/mappers/jira';
import type { CdmWorkItem } from '../../src/cdm/models';
import { provisionAllCdmModels } from '../../src/cdm/provision';
import { openCdmSink, type CdmSink } from '../../src/cdm/sink-connection';
import { registerCdmSinkEndpoint } from '../../src/cdm/sink-registration';
import { softDeleteByIds, softDeleteMissing, writeCdmBatch, writeCdmRows } from '../../src/cdm/writer';
import type { Store } from '../../src/store';
import { rejection } from '../helpers/rejection';
import { openTestStore, type TestStore } from '../helpers/test-database';

const SOURCE = 'acme-cloud';
const ctx = { endpointId: SOURCE };

function item(n: number, overrides: Partial<CdmWorkItem> = {}): CdmWorkItem {
	return {
		cdm_id: `jira:${SOURCE}:issue:${n}`,
		source_system: 'jira',
		source_issue_key: `PROJ-${n}`,
		project_cdm_id: `jira:${SOURCE}:project:10000`,
		reporter_cdm_id: null,
		assignee_cdm_id: null,
		issue_type: 'Task',
		status: 'To Do',
		status_category: 'todo',
		priority: 'Medium',
		summary: `Item ${n}`,
		description: null,
		labels: [],
		created_at: '2024-01-01T00:00:00.000Z',
		updated_at: '2024-01-02T00:00:00.000Z',
		closed_at: null,
		properties: {},
		...overrides,
	};
}


describe('CDM writer on the real Postgres', () => {
	let ts: TestStore;
	let store: Store;
	let sink: CdmSink;

	const rows = <T extends object>(sql: string, bind: unknown[] = []) => store.sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT });
	const itemRow = async (cdmId: string) =>
		(await rows<Record<string, unknown>>('SELECT *, xmin::text AS xmin FROM cdm_work.cdm_work_item WHERE cdm_id = $1', [cdmId]))[0];
	const count = async (table: string) => (await rows<{ n: number }>(`SELECT count(*)::int AS n FROM cdm_work.${table}`))[0].n;

	beforeAll(async () => {
		ts = await openTestStore('cdm_writer');
		store = ts.store;
		await provisionAllCdmModels(store, 'cdm');
		sink = await openCdmSink(store, 'cdm');
	});
	afterAll(() => ts.cleanup());

	it('writes mapped Jira fixtures of all five models and reads them back typed', async () => {
		const batches: Array<[string, unknown[]]> = [
			['cdm.work.project', projectsPage.values.map((r) => mapJiraProject(r, ctx))],
			['cdm.work.user', users.map((r) => mapJiraUser(r, ctx))],
			['cdm.work.item', issuesPage.issues.map((r) => mapJiraIssue(r, ctx))],
			['cdm.work.comment', comments.map((r) => mapJiraComment(r, ctx))],
			['cdm.work.worklog', worklogs.map((r) => mapJiraWorklog(r, ctx))],
		];
		for (const [modelId, batch] of batches) {
			const result = await writeCdmBatch(sink, modelId, batch, { runId: 'run-1', endpointId: SOURCE });
			expect(result).toEqual({ received: batch.length, inserted: batch.length, updated: 0, unchanged: 0 });
		}
		const proj1 = await itemRow(jiraCdmId(SOURCE, 'issue', '10001') as string);
		expect(proj1).toMatchObject({
			source_issue_key: 'PROJ-1',
			labels: ['checkout', 'customer-reported'],
			status_category: 'in_progress',
			source_endpoint_id: SOURCE,
			ingestion_run_id: 'run-1',
			deleted_at: null,
		});
		expect((proj1.updated_at as Date).toISOString()).toBe('2024-03-05T16:40:02.118Z');
		expect((proj1.properties as { description_adf: { type: string } }).description_adf.type).toBe('doc');
		const [join] = await rows<{ reporter: string; project: string; comments: number }>(
			`SELECT u.display_name AS reporter, p.name AS project,
			        (SELECT count(*)::int FROM cdm_work.cdm_work_comment c WHERE c.item_cdm_id = i.cdm_id) AS comments
			   FROM cdm_work.cdm_work_item i
			   JOIN cdm_work.cdm_work_user u ON u.cdm_id = i.reporter_cdm_id
			   JOIN cdm_work.cdm_work_project p ON p.cdm_id = i.project_cdm_id
			  WHERE i.source_issue_key = 'PROJ-1'`,
		);
		expect(join).toEqual({ reporter: 'Emma Richards', project: 'Project Phoenix', comments: 2 });
		const [worklog] = await rows<{ time_spent_seconds: number }>(`SELECT time_spent_seconds FROM cdm_work.cdm_work_worklog WHERE source_worklog_id = '10200'`);
		expect(worklog.time_spent_seconds).toBe(14400);
	});

	it('replaying a batch in the same run changes nothing; another run only records that it saw the rows', async () => {
		const batch = [item(1), item(2), item(3)];
		await writeCdmBatch(sink, 'cdm.work.item', batch, { runId: 'run-a', endpointId: SOURCE });
		const before = await itemRow(item(2).cdm_id);
		const replay = await writeCdmBatch(sink, 'cdm.work.item', batch, { runId: 'run-a', endpointId: SOURCE });
		expect(replay).toEqual({ received: 3, inserted: 0, updated: 0, unchanged: 3 });
		expect(await itemRow(item(2).cdm_id)).toEqual(before);

		const otherRun = await writeCdmBatch(sink, 'cdm.work.item', batch, { runId: 'run-b', endpointId: SOURCE });
		expect(otherRun).toEqual({ received: 3, inserted: 0, updated: 3, unchanged: 0 });
		const after = await itemRow(item(2).cdm_id);
		const { xmin: _x1, ingestion_run_id: _r1, ingested_at: _i1, ...contentAfter } = after;
		const { xmin: _x2, ingestion_run_id: _r2, ingested_at: _i2, ...contentBefore } = before;
		expect(contentAfter).toEqual(contentBefore);
		expect(after.ingestion_run_id).toBe('run-b');
	});

	it('never lets an older updated_at overwrite a newer row; equal or newer versions win', async () => {
		const id = 100;
		await writeCdmBatch(sink, 'cdm.work.item', [item(id, { summary: 'v2', updated_at: '2024-05-02T00:00:00.000Z' })], { runId: 'r1', endpointId: SOURCE });
		const stale = await writeCdmBatch(sink, 'cdm.work.item', [item(id, { summary: 'v1', updated_at: '2024-05-01T00:00:00.000Z' })], {
			runId: 'r1',
			endpointId: SOURCE,
		});
		expect(stale).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
		expect(await itemRow(item(id).cdm_id)).toMatchObject({ summary: 'v2' });

		// an older version seen by another run keeps the newer content but is recorded as seen by that run
		await writeCdmBatch(sink, 'cdm.work.item', [item(id, { summary: 'v1', updated_at: '2024-05-01T00:00:00.000Z' })], { runId: 'r2', endpointId: SOURCE });
		expect(await itemRow(item(id).cdm_id)).toMatchObject({ summary: 'v2', ingestion_run_id: 'r2' });

		await writeCdmBatch(sink, 'cdm.work.item', [item(id, { summary: 'v2-edit', updated_at: '2024-05-02T00:00:00.000Z' })], { runId: 'r2', endpointId: SOURCE });
		expect(await itemRow(item(id).cdm_id)).toMatchObject({ summary: 'v2-edit' });
		await writeCdmBatch(sink, 'cdm.work.item', [item(id, { summary: 'v3', updated_at: '2024-05-03T00:00:00.000Z' })], { runId: 'r2', endpointId: SOURCE });
		expect(await itemRow(item(id).cdm_id)).toMatchObject({ summary: 'v3' });
	});

	it.each([
		['in a transaction of its own', false, 600],
		["in the caller's transaction", true, 700],
	])('falls back to the merge when another writer inserts a new row concurrently (%s)', async (_label, callerTransaction, base) => {
		const other = await store.sequelize.transaction();
		await writeCdmBatch(sink, 'cdm.work.item', [item(base, { summary: 'theirs', updated_at: '2024-07-02T00:00:00.000Z' })], {
			transaction: other,
			runId: 'theirs',
			endpointId: SOURCE,
		});
		// our batch sees neither row yet, so both go the direct COPY way, which then waits on their uncommitted key
		const batch = [item(base, { summary: 'ours (older)', updated_at: '2024-07-01T00:00:00.000Z' }), item(base + 1, { summary: 'ours' })];
		const ours = callerTransaction
			? store.sequelize.transaction((transaction) => writeCdmBatch(sink, 'cdm.work.item', batch, { transaction, runId: 'ours', endpointId: SOURCE }))
			: writeCdmBatch(sink, 'cdm.work.item', batch, { runId: 'ours', endpointId: SOURCE });
		let blocked = false;
		for (let i = 0; i < 200 && !blocked; i++) {
			const [{ waiting }] = await rows<{ waiting: number }>(
				`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
			);
			blocked = waiting > 0;
			if (!blocked) await new Promise((resolve) => setTimeout(resolve, 25));
		}
		expect(blocked).toBe(true); // our COPY waits on their key: the unique violation, then the fallback, follow
		await other.commit();
		expect(await ours).toEqual({ received: 2, inserted: 1, updated: 1, unchanged: 0 });
		expect(await itemRow(item(base).cdm_id)).toMatchObject({ summary: 'theirs', ingestion_run_id: 'ours' });
		expect(await itemRow(item(base + 1).cdm_id)).toMatchObject({ summary: 'ours', ingestion_run_id: 'ours' });
	});

	it('keeps the newest of duplicate cdm_ids within one batch', async () => {
		const result = await writeCdmBatch(
			sink,
			'cdm.work.item',
			[item(200, { summary: 'new', updated_at: '2024-06-02T00:00:00.000Z' }), item(200, { summary: 'old', updated_at: '2024-06-01T00:00:00.000Z' })],
			{ runId: 'r', endpointId: SOURCE },
		);
		expect(result).toEqual({ received: 2, inserted: 1, updated: 0, unchanged: 1 });
		expect(await itemRow(item(200).cdm_id)).toMatchObject({ summary: 'new' });
	});

	it('rows without updated_at carry no version: the latest write wins', async () => {
		const user = mapJiraUser(users[0], ctx);
		await writeCdmBatch(sink, 'cdm.work.user', [{ ...user, display_name: 'Renamed' }], { runId: 'r', endpointId: SOURCE });
		const [row] = await rows<{ display_name: string }>('SELECT display_name FROM cdm_work.cdm_work_user WHERE cdm_id = $1', [user.cdm_id]);
		expect(row.display_name).toBe('Renamed');
	});

	it('a bad row fails the whole batch, naming its cdm_id and field; nothing is written', async () => {
		const before = await count('cdm_work_item');
		const bad = { ...item(301), summary: 42 };
		const error = await rejection(writeCdmBatch(sink, 'cdm.work.item', [item(300), bad, item(302)], { runId: 'r', endpointId: SOURCE }));
		expect(error).toBeInstanceOf(CdmRowValidationError);
		expect(error).toMatchObject({ cdmId: item(301).cdm_id, field: 'summary', rowIndex: 1, code: 'INVALID_ROW' });
		expect(error.message).toContain(item(301).cdm_id);
		expect(error.message).toContain('summary');
		expect(await count('cdm_work_item')).toBe(before);

		const checks: Array<[unknown, string]> = [
			[{ ...item(303), cdm_id: null }, 'cdm_id'],
			[{ ...item(304), status_category: 'blocked' }, 'status_category'],
			[{ ...item(305), updated_at: 'yesterday' }, 'updated_at'],
			[{ ...item(306), labels: ['ok', 7] }, 'labels.1'],
			[{ ...item(307), surprise: true }, 'surprise'],
			[(({ summary: _s, ...rest }) => rest)(item(308)), 'summary'],
		];
		for (const [row, field] of checks) {
			expect(await rejection(writeCdmBatch(sink, 'cdm.work.item', [row], { runId: 'r', endpointId: SOURCE }))).toMatchObject({ field });
		}
		expect(await count('cdm_work_item')).toBe(before);
	});

	it('round-trips text that COPY must escape', async () => {
		const nasty = 'tab\there\nnewline\r\nback\\slash \\N not null, nul\u0000gone, quote " and \' 😀';
		const labels = ['a,b', '{braces}', 'quote"d', 'back\\slash', 'NULL', '', 'tab\tnl\n'];
		const properties = { nested: { text: nasty }, list: [1, 'two', null], nul: 'x\u0000y' };
		await writeCdmBatch(sink, 'cdm.work.item', [item(400, { summary: nasty, labels, properties })], { runId: 'r', endpointId: SOURCE });
		const row = await itemRow(item(400).cdm_id);
		const clean = nasty.replace('\u0000', '');
		expect(row.summary).toBe(clean);
		expect(row.labels).toEqual(labels);
		expect(row.properties).toEqual({ nested: { text: clean }, list: [1, 'two', null], nul: 'xy' });
	});

	it('writing to a model that is not provisioned fails and says to run provisioning', async () => {
		await registerCdmSinkEndpoint(store, { id: 'cdm-unprovisioned', schema: 'cdm_unprovisioned' });
		const other = await openCdmSink(store, 'cdm-unprovisioned');
		const error = await rejection(writeCdmBatch(other, 'cdm.work.item', [item(1)], { runId: 'r', endpointId: SOURCE }));
		expect(error).toBeInstanceOf(CdmError);
		expect(error).toMatchObject({ code: 'NOT_PROVISIONED', field: 'cdmModelId' });
		expect(error.message).toMatch(/run provisioning first \(n8n-ingestion provision --sink cdm-unprovisioned --model cdm\.work\.item\)/);
		expect(await rejection(writeCdmBatch(sink, 'cdm.work.sprint', [], { runId: 'r', endpointId: SOURCE }))).toMatchObject({ code: 'MODEL_NOT_SUPPORTED' });
	});

	it("commits or rolls back with the caller's transaction (sink write + checkpoint together)", async () => {
		await rejection(
			store.sequelize.transaction(async (transaction) => {
				await writeCdmBatch(sink, 'cdm.work.item', [item(500)], { transaction, runId: 'r', endpointId: SOURCE });
				await store.models.MetadataEndpoint.update({ description: 'checkpoint stand-in' }, { where: { id: 'cdm' }, transaction });
				throw new Error('crash before commit');
			}),
		);
		expect(await itemRow(item(500).cdm_id)).toBeUndefined();
		expect((await store.models.MetadataEndpoint.findByPk('cdm'))?.description).not.toBe('checkpoint stand-in');

		await store.sequelize.transaction(async (transaction) => {
			await writeCdmBatch(sink, 'cdm.work.item', [item(500)], { transaction, runId: 'r', endpointId: SOURCE });
			await writeCdmBatch(sink, 'cdm.work.item', [item(501)], { transaction, runId: 'r', endpointId: SOURCE });
		});
		expect(await itemRow(item(500).cdm_id)).toBeDefined();
		expect(await itemRow(item(501).cdm_id)).toBeDefined();

		// two merges of the same model in one transaction: the second must not see the first one's staged rows
		await store.sequelize.transaction(async (transaction) => {
			const newer = { updated_at: '2024-08-01T00:00:00.000Z' };
			const first = await writeCdmBatch(sink, 'cdm.work.item', [item(500, { ...newer, summary: 'a' })], { transaction, runId: 'tx-1', endpointId: SOURCE });
			const second = await writeCdmBatch(sink, 'cdm.work.item', [item(501, { ...newer, summary: 'b' })], { transaction, runId: 'tx-2', endpointId: SOURCE });
			expect([first.updated, second.updated]).toEqual([1, 1]);
		});
		expect(await itemRow(item(500).cdm_id)).toMatchObject({ summary: 'a', ingestion_run_id: 'tx-1' });
		expect(await itemRow(item(501).cdm_id)).toMatchObject({ summary: 'b', ingestion_run_id: 'tx-2' });
	});

	it('refuses a transaction of another database', async () => {
		const other = await openTestStore('cdm_writer_other');
		try {
			const error = await rejection(
				other.store.sequelize.transaction((transaction) => writeCdmBatch(sink, 'cdm.work.item', [item(1)], { transaction, runId: 'r', endpointId: SOURCE })),
			);
			expect(error).toMatchObject({ field: 'transaction' });
		} finally {
			await other.cleanup();
		}
	});

	it('soft-deletes rows a FULL run did not see and rows reported deleted; a returning row is revived', async () => {
		const model = 'cdm.work.worklog';
		const wl = (id: number) => mapJiraWorklog({ ...worklogs[0], id: String(id), updated: '2024-03-04T12:05:00.000+0000' }, { endpointId: 'full-src' });
		await writeCdmBatch(sink, model, [wl(1), wl(2), wl(3)], { runId: 'full-1', endpointId: 'full-src' });
		await writeCdmBatch(sink, model, [wl(1), wl(3)], { runId: 'full-2', endpointId: 'full-src' });
		expect(await softDeleteMissing(sink, model, { endpointId: 'full-src', runId: 'full-2' })).toBe(1);
		expect(await softDeleteMissing(sink, model, { endpointId: 'full-src', runId: 'full-2' })).toBe(0);
		const state = async () =>
			Object.fromEntries(
				(
					await rows<{ source_worklog_id: string; deleted: boolean }>(
						`SELECT source_worklog_id, deleted_at IS NOT NULL AS deleted FROM cdm_work.cdm_work_worklog WHERE source_endpoint_id = 'full-src' ORDER BY 1`,
					)
				).map((r) => [r.source_worklog_id, r.deleted]),
			);
		expect(await state()).toEqual({ 1: false, 2: true, 3: false });

		expect(await softDeleteByIds(sink, model, [wl(3).cdm_id as string, 'jira:full-src:worklog:999'])).toBe(1);
		expect(await state()).toEqual({ 1: false, 2: true, 3: true });

		const revived = await writeCdmBatch(sink, model, [wl(2)], { runId: 'full-2', endpointId: 'full-src' });
		expect(revived).toMatchObject({ updated: 1 });
		expect(await state()).toEqual({ 1: false, 2: false, 3: true });
		// other endpoints' rows are never touched
		expect(await rows(`SELECT 1 FROM cdm_work.cdm_work_worklog WHERE source_endpoint_id = $1 AND deleted_at IS NOT NULL`, [SOURCE])).toEqual([]);
	});

	it('writeCdmRows writes an async iterable in batches, one transaction each', async () => {
		async function* generate() {
			for (let n = 20_000; n < 22_500; n++) yield item(n);
		}
		const result = await writeCdmRows(sink, 'cdm.work.item', generate(), { runId: 'stream', endpointId: SOURCE, batchSize: 1000 });
		expect(result).toEqual({ received: 2500, inserted: 2500, updated: 0, unchanged: 0, batches: 3 });
		const [{ n }] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM cdm_work.cdm_work_item WHERE ingestion_run_id = 'stream'`);
		expect(n).toBe(2500);
	});
});
