/**
 * `npm run test:secantus`: the tests that need real secondary indexes (`*.secantus.test.ts`), on secantus-mdb
 * (started by test/support/secantus-setup.ts; it fails, saying how to install it, when the server is missing).
 * `npm test` runs everything else on the embedded server.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['**/*.secantus.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/support/secantus-setup.ts',
  globalTeardown: '<rootDir>/test/support/secantus-teardown.ts',
  maxWorkers: 1,
};
