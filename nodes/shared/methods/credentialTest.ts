import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { testStoreConnection } from '../../../src/n8n/store-connection-test';

/** n8n's test of the Ingestion Store credential: connect, read the server version, see whether the store exists. */
export async function ingestionStoreConnectionTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return testStoreConnection(credential.data ?? {});
}
