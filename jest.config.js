/**
 * `npm test` runs the pure unit tests once, the integration tests twice (against SQLite and
 * against PostgreSQL; TEST_DATABASE selects which, see test/support/harness.ts) and the
 * end-to-end tests in Chromium against the built web app, and the benchmarks at a tiny size.
 */
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] },
};

module.exports = {
  testTimeout: 60_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...base,
      displayName: 'sqlite',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/use-sqlite.ts'],
    },
    {
      ...base,
      displayName: 'postgres',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/use-postgres.ts'],
    },
    {
      ...base,
      displayName: 'bench',
      testMatch: ['<rootDir>/test/bench/**/*.test.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/use-sqlite.ts'],
    },
  ],
};
