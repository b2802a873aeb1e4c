/** n8n-side helpers of the nodes that need no n8n import: credentials → store/Jira auth, the store cache, errors, the template. */
export { storeUrlFromCredential, storeCredentialSecrets, storeCredentialSchema, STORE_SSL_MODES, type StoreCredential } from './store-credential';
export { cachedStore, cachedStoreCount, closeCachedStores, type CachedStoreOptions } from './store-pool';
export { parseJiraCredential, jiraCredentialSecrets, jiraCredentialsProvider, assertCredentialFitsEndpoint, type JiraCredential } from './jira-credential';
export { describeNodeError, type NodeErrorReport } from './error-description';
export { testStoreConnection, type ConnectionTestResult } from './store-connection-test';
export { parseRunRequestItem, type RunRequestItem } from './run-request-item';
export { ingestionWorkerTemplate, WORKER_TEMPLATE_FILE, type WorkerTemplateOptions, type WorkflowCreateBody } from './workflow-template';
