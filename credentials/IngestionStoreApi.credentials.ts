import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The Postgres database of the ingestion store. Not an HTTP credential: n8n tests it through the nodes'
 * `methods.credentialTest.ingestionStoreConnectionTest` (see nodes/shared/methods/credentialTest.ts).
 */
export class IngestionStoreApi implements ICredentialType {
	name = 'ingestionStoreApi';

	displayName = 'Ingestion Store API';

	icon = 'file:ingestionStore.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-ingestion/n8n-nodes-ingestion#n8n-nodes';

	properties: INodeProperties[] = [
		{
			displayName: 'Connect With',
			name: 'connectionType',
			type: 'options',
			options: [
				{ name: 'Connection Details', value: 'fields', description: 'Host, port, database, user and password' },
				{ name: 'Connection URL', value: 'url', description: 'One postgres:// URL' },
			],
			default: 'fields',
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
			displayOptions: { show: { connectionType: ['fields'] } },
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 5432,
			displayOptions: { show: { connectionType: ['fields'] } },
		},
		{
			displayName: 'Database',
			name: 'database',
			type: 'string',
			default: 'postgres',
			description: 'Database that holds the ingestion store; its tables are created on first use',
			displayOptions: { show: { connectionType: ['fields'] } },
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: 'postgres',
			displayOptions: { show: { connectionType: ['fields'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { connectionType: ['fields'] } },
		},
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'options',
			options: [
				{ name: 'Disable', value: 'disable' },
				{ name: 'Require', value: 'require', description: 'Encrypt and verify the server certificate' },
				{
					name: 'Require Without Verifying the Certificate',
					value: 'allowUnauthorized',
					description: 'Encrypt, but accept self-signed certificates',
				},
			],
			default: 'disable',
			displayOptions: { show: { connectionType: ['fields'] } },
		},
		{
			displayName: 'Connection URL',
			name: 'url',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'e.g. postgres://user:password@db.example.com:5432/ingestion?sslmode=verify-full',
			description: 'A postgres:// URL; add sslmode=verify-full (or no-verify) to encrypt the connection',
			// `hide` rather than `show`: see the note on personalAccessToken in JiraIngestionApi.credentials.ts.
			displayOptions: { hide: { connectionType: ['fields'] } },
		},
	];
}
