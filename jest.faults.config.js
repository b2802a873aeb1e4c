/** Fault suite (`npm run test:faults`): SIGKILLed workers, a 429 storm, a Postgres restart, two workers on one unit. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/faults'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/global-setup.ts',
	globalTeardown: '<rootDir>/test/global-teardown.ts',
	testTimeout: 420_000,
	maxWorkers: process.env.JEST_MAX_WORKERS || 2,
	verbose: true,
};
