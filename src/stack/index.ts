export { ensureN8nInstalled, defaultN8nCacheDir, DEFAULT_N8N_VERSION, type N8nInstallation, type N8nInstallOptions } from './n8n-install';
export { startN8n, postgresEnv, type N8nStack, type StartN8nOptions } from './n8n-process';
export { N8nApi, N8nApiError, type N8nExecution, type N8nOwner, type ListExecutionsQuery } from './n8n-api';
export { stageCommunityPackage, COMMUNITY_TYPE_PREFIX, PACKAGE_NAME } from './community-package';
export { installWorkerWorkflow, type JiraCredentialInput, type WorkerWorkflow, type WorkerWorkflowOptions } from './worker-workflow';
