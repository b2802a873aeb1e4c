import { startSimulator } from '../helpers/jira';
import { testCredential, shutdownN8n } from '../helpers/n8n-harness';
import { jiraCredential } from '../helpers/n8n-fixtures';
import { adminUrl, createTestDatabase, openTestStore, type TestDatabase, type TestStore } from '../helpers/test-database';

describe('credential tests, run the way n8n runs them', () => {
	let ts: TestStore;
	let empty: TestDatabase;

	beforeAll(async () => {
		ts = await openTestStore('n8n_credentials');
		empty = await createTestDatabase('n8n_cred_empty');
	});
	afterAll(async () => {
		await ts.cleanup();
		await empty.drop();
		shutdownN8n();
	});

	const fieldsOf = (url: string, extra: Record<string, unknown> = {}) => {
		const parsed = new URL(url);
		return {
			connectionType: 'fields',
			host: parsed.hostname,
			port: Number(parsed.port || 5432),
			database: parsed.pathname.slice(1),
			user: decodeURIComponent(parsed.username),
			password: decodeURIComponent(parsed.password),
			ssl: 'disable',
			...extra,
		};
	};

	it('Ingestion Store: connects with connection details or a URL and says whether the store is set up', async () => {
		expect(await testCredential('ingestionStoreApi', fieldsOf(ts.database.url))).toEqual({
			status: 'OK',
			message: expect.stringMatching(/^Connected to PostgreSQL [\d.]+.*; the ingestion store is set up$/),
		});
		expect(await testCredential('ingestionStoreApi', { connectionType: 'url', url: empty.url })).toEqual({
			status: 'OK',
			message: expect.stringMatching(/the ingestion store's tables are created on first use$/),
		});
	});

	it('Ingestion Store: explains a failure without showing the password', async () => {
		// The server's own password when it asks for one (the embedded Postgres), else one a trust-auth server ignores:
		// either way the login succeeds, the database is what is missing, and the password must not be shown.
		const password = decodeURIComponent(new URL(adminUrl()).password) || 'S3cret-Pass/word';
		const missing = await testCredential('ingestionStoreApi', fieldsOf(adminUrl(), { database: 'n8ni_no_such_db', password }));
		expect(missing.status).toBe('Error');
		expect(missing.message).toMatch(/n8ni_no_such_db/);
		expect(missing.message).not.toContain(password);

		const refused = await testCredential('ingestionStoreApi', fieldsOf(adminUrl(), { host: '127.0.0.1', port: 1, password: 'S3cret-Pass/word' }));
		expect(refused).toEqual({ status: 'Error', message: 'Connection refused: is Postgres running on that host and port?' });

		const incomplete = await testCredential('ingestionStoreApi', { connectionType: 'url', url: 'mysql://user:S3cret-Pass@host/db' });
		expect(incomplete).toEqual({ status: 'Error', message: 'The Ingestion Store credential is incomplete: url: must be a postgres:// or postgresql:// URL' });
	});

	it('Jira Ingestion: Cloud with email and API token (Basic) and Data Center with a personal access token (Bearer)', async () => {
		const cloud = await startSimulator({ seed: 1, issues: 1 });
		const dc = await startSimulator({ seed: 1, issues: 1, deployment: 'datacenter' });
		try {
			expect(await testCredential('jiraIngestionApi', jiraCredential(cloud))).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(await testCredential('jiraIngestionApi', jiraCredential(dc, 'datacenter'))).toEqual({ status: 'OK', message: 'Connection successful!' });
			const cloudPaths = Object.keys(cloud.control.requestCounts());
			expect(cloudPaths).toEqual(['GET /rest/api/{v}/myself']); // Data Center answers only /rest/api/2, so the DC test shows the version switch

			const wrong = await testCredential('jiraIngestionApi', { ...jiraCredential(cloud), apiToken: 'not-the-token' });
			expect(wrong.status).toBe('Error');
			expect(wrong.message).not.toContain('not-the-token');
			const wrongPat = await testCredential('jiraIngestionApi', { ...jiraCredential(dc, 'datacenter'), personalAccessToken: 'not-the-pat' });
			expect(wrongPat.status).toBe('Error');
			// a Cloud credential cannot log in to Data Center, which takes only tokens
			expect((await testCredential('jiraIngestionApi', { ...jiraCredential(cloud), siteUrl: dc.url })).status).toBe('Error');
		} finally {
			await Promise.all([cloud.stop(), dc.stop()]);
		}
	});
});
