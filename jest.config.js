/** Unit, property and node-level tests. They run offline against the loopback Scavio mock. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: { warnOnly: false } }] },
	setupFiles: ['<rootDir>/test/setup-fast-check.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setup-run-guard.ts'],
	testTimeout: 30000,
	maxWorkers: 2,
};
