/**
 * End-to-end tests in a real n8n (installed on first use into ~/.cache/n8n-nodes-ingestion): single instance, queue
 * mode with workers, and `n8n-ingestion start --demo`. Files run one at a time: each starts n8n processes, and
 * they share the machine's cores.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/global-teardown.ts',
	testTimeout: 600_000,
	maxWorkers: 1,
};
