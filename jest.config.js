/** @type {import('jest').Config} */
module.exports = {
  // Tests transpile only (fast); `npm run typecheck` checks the types of src/ and test/ in strict mode.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // the index tests need real secondary indexes: `npm run test:secantus` (jest.secantus.config.js)
  testPathIgnorePatterns: ['/node_modules/', '\\.secantus\\.test\\.ts$'],
  // before any model is compiled (createApp refuses models without it): src/db/write-tracking.ts
  setupFiles: ['<rootDir>/test/support/write-tracking.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
  testEnvironmentOptions: { globalsCleanup: 'off' },
};
