import { assertCredentialFitsEndpoint, jiraCredentialSecrets, jiraCredentialsProvider, parseJiraCredential } from '../../src/n8n/jira-credential';
import { storeCredentialSecrets, storeUrlFromCredential } from '../../src/n8n/store-credential';

describe('Ingestion Store credential → store URL', () => {
	it('percent-encodes every part and carries the SSL choice as sslmode', () => {
		expect(
			storeUrlFromCredential({ host: 'db.example.com', port: 6543, database: 'ingest store', user: 'etl@corp', password: 'p@ss:w/rd?#%', ssl: 'require' }),
		).toBe('postgres://etl%40corp:p%40ss%3Aw%2Frd%3F%23%25@db.example.com:6543/ingest%20store?sslmode=verify-full');
		expect(storeUrlFromCredential({ connectionType: 'fields', host: '::1', port: '5432', database: 'db', user: 'u', ssl: 'allowUnauthorized' })).toBe(
			'postgres://u@[::1]:5432/db?sslmode=no-verify',
		);
		expect(storeUrlFromCredential({ connectionType: 'fields', host: 'h', port: 5432, database: 'd', user: 'u', password: '' })).toBe(
			'postgres://u@h:5432/d?sslmode=disable',
		);
		expect(storeUrlFromCredential({ connectionType: 'url', url: 'postgresql://a:b@h/d?sslmode=verify-full' })).toBe('postgresql://a:b@h/d?sslmode=verify-full');
	});

	it('names the missing or wrong fields, never a value', () => {
		expect(() => storeUrlFromCredential({ host: '', port: 70000, database: 'd', user: 'u', password: 'hidden-secret' })).toThrow(
			'The Ingestion Store credential is incomplete: host: is required; port: must be within 1..65535',
		);
		expect(() => storeUrlFromCredential({ connectionType: 'url', url: 'http://user:hidden-secret@h/d' })).toThrow(
			'The Ingestion Store credential is incomplete: url: must be a postgres:// or postgresql:// URL',
		);
	});

	it('lists its secrets: the password, the URL and the password inside the URL', () => {
		expect(storeCredentialSecrets({ password: 'pw' })).toEqual(['pw']);
		expect(storeCredentialSecrets({ url: 'postgres://u:p%40ss@h/d' })).toEqual(['postgres://u:p%40ss@h/d', 'p@ss']);
	});
});

describe('Jira Ingestion credential', () => {
	const cloud = { deployment: 'cloud', siteUrl: 'https://Acme.atlassian.net/', email: 'me@acme.com', apiToken: 'tok-123456' };

	it('becomes Basic auth (Cloud) or Bearer auth (Data Center)', () => {
		expect(parseJiraCredential(cloud)).toEqual({
			deployment: 'cloud',
			siteUrl: 'https://Acme.atlassian.net',
			auth: { kind: 'basic', email: 'me@acme.com', apiToken: 'tok-123456' },
		});
		expect(parseJiraCredential({ deployment: 'datacenter', siteUrl: 'https://jira.corp/jira', personalAccessToken: 'pat-1' }).auth).toEqual({
			kind: 'bearer',
			token: 'pat-1',
		});
		expect(jiraCredentialSecrets(cloud)).toEqual(['tok-123456', Buffer.from('me@acme.com:tok-123456').toString('base64')]);
	});

	it('names what is missing for the chosen deployment', () => {
		expect(() => parseJiraCredential({ deployment: 'cloud', siteUrl: 'https://a.atlassian.net', email: 'me@a.com' })).toThrow(
			'The Jira Ingestion credential is incomplete: apiToken: is required for Jira Cloud',
		);
		expect(() => parseJiraCredential({ deployment: 'datacenter', siteUrl: 'jira.corp' })).toThrow(
			'siteUrl: must be an http(s) URL such as https://your-domain.atlassian.net; personalAccessToken: is required for Jira Data Center',
		);
	});

	it('is only handed to endpoints of its own site and deployment', () => {
		const credential = parseJiraCredential(cloud);
		expect(() => assertCredentialFitsEndpoint(credential, { id: 'e', parameters: { baseUrl: 'https://acme.atlassian.net' } })).not.toThrow();
		expect(() => assertCredentialFitsEndpoint(credential, { id: 'e', parameters: { baseUrl: 'https://evil.example.com' } })).toThrow(
			'The Jira credential is for https://Acme.atlassian.net, but endpoint "e" reads https://evil.example.com: choose the credential of that site',
		);
		expect(() =>
			assertCredentialFitsEndpoint(credential, { id: 'e', parameters: { baseUrl: 'https://acme.atlassian.net', deployment: 'datacenter' } }),
		).toThrow('The Jira credential is for Jira Cloud, but endpoint "e" is a Data Center endpoint');

		const provide = jiraCredentialsProvider(credential);
		expect(provide({ id: 'e', templateId: 'jira.cloud', parameters: { baseUrl: 'https://acme.atlassian.net' } })).toEqual(credential.auth);
		expect(provide({ id: 's', templateId: 'pg.raw', parameters: {} })).toEqual({});
	});
});
