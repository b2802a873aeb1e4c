import { runIngestionUnit } from '../../src/ingestion/run-unit';
import { MAX_ERROR_LENGTH, sanitizeError } from '../../src/ingestion/sanitize-error';
import type { Store } from '../../src/store';
import { seedUnit } from '../helpers/engine-fixtures';
import { MemoryDataset, MemorySource } from '../helpers/memory-source';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('sanitizeError', () => {
	it.each([
		['keeps a plain message', new Error('Jira answered 503 Service Unavailable'), 'Jira answered 503 Service Unavailable'],
		['drops the stack and every line after the first', Object.assign(new Error('boom\n    at foo (/app/x.js:1:2)\nmore'), {}), 'boom'],
		[
			'removes a SQL statement',
			new Error('insert failed: INSERT INTO ingest_raw.t (pk_id, record) VALUES ($1, $2) ON CONFLICT DO NOTHING'),
			'insert failed: [SQL removed]',
		],
		[
			'removes the password of a connection URL',
			new Error('cannot connect to postgres://ingest:s3cr3t-pw@db.internal:5432/store'),
			'cannot connect to postgres://ingest:****@db.internal:5432/store',
		],
		['removes an Authorization header', new Error('request with Authorization: Basic am9objpzZWNyZXQ= failed'), 'request with Authorization: **** **** failed'],
		['removes a bearer token', new Error('401 for Bearer abcdef1234567890'), '401 for Bearer ****'],
		['removes token=... pairs', new Error('GET /rest?api_token=xyz123&jql=a failed'), 'GET /rest?api_token=****&jql=a failed'],
		['removes an Atlassian API token', new Error('bad token ATATT3xFfGF0abcdefghijklmnop'), 'bad token ****'],
		['keeps a string error', 'plain text', 'plain text'],
	])('%s', (_label, error, expected) => {
		expect(sanitizeError(error)).toBe(expected);
	});

	it('removes given secrets wherever they appear, and the SQL that Sequelize attaches', () => {
		const error = Object.assign(new Error('relation "x" does not exist: SELECT * FROM x WHERE token = \'hunter2-secret\''), {
			sql: "SELECT * FROM x WHERE token = 'hunter2-secret'",
			parent: { code: '42P01' },
		});
		expect(sanitizeError(error, { secrets: ['hunter2-secret'] })).toBe('Database error 42P01: relation "x" does not exist:');
	});

	it('caps long messages', () => {
		expect(sanitizeError(new Error('x '.repeat(1000))).length).toBeLessThanOrEqual(MAX_ERROR_LENGTH);
	});
});

describe('a failing source', () => {
	let ctx: TestStore;
	let store: Store;

	beforeAll(async () => {
		ctx = await openTestStore('sanitize_run');
		store = ctx.store;
	});
	afterAll(() => ctx.cleanup());

	it('ends the run FAILED with a clean error: no token, no SQL, no stack', async () => {
		const fixture = await seedUnit(store, { endpointId: 'leaky-1', mode: 'INCREMENTAL' });
		const token = 'tok-5f1d2c3b4a-VERYSECRET';
		const dataset = MemoryDataset.generate(61, 100);
		const result = await runIngestionUnit(fixture, {
			store,
			credentials: () => ({ email: 'bot@example.com', apiToken: token }),
			sourceFactory: () =>
				new MemorySource(dataset, {
					pageSize: 20,
					beforePage: (page) => {
						if (page === 3) {
							throw new Error(
								`Jira request failed (token ${token}): DELETE FROM ingestion_unit_states WHERE id = 1\n    at JiraClient.get (/app/jira/client.js:10:5)`,
							);
						}
					},
				}),
		});
		expect(result.status).toBe('FAILED');
		expect(result.error).toBe('Jira request failed (token ****): [SQL removed]');
		expect(result.stats).toMatchObject({ pages: 2, recordsRead: 40 });
		const run = await store.models.IngestionRun.findByPk(result.runId);
		const state = await store.models.IngestionUnitState.findOne({ where: { endpointId: 'leaky-1' } });
		for (const text of [run?.error, state?.lastError]) {
			expect(text).toBe(result.error);
			expect(text).not.toContain(token);
			expect(text).not.toMatch(/DELETE|ingestion_unit_states|client\.js/);
		}
	});
});
