import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded/launcher';
import { referenceAvailable, SLACK_REFERENCE_DIR } from '../../tools/slack-standin/reference';

/**
 * One embedded MongoDB-compatible server for the whole test run (memory backend). Each test file uses
 * its own database on it (see ./db.ts). Set TEST_MONGODB_URI to run the suite against a real MongoDB.
 * Refuses to start without Slack's reference data (tools/slack-standin/reference.ts).
 */
export default async function globalSetup(): Promise<void> {
  // without it the fake Slack answers every call with an error, and each test fails on a timeout far from the cause
  if (!referenceAvailable()) {
    throw new Error(
      `Slack's reference data is not at ${SLACK_REFERENCE_DIR}: the tests check every Slack call against it. ` +
        'Check out ../shared beside the project, or set SLACK_REFERENCE_DIR.',
    );
  }
  if (process.env.TEST_MONGODB_URI) {
    process.env.IEC_TEST_MONGO_URI = process.env.TEST_MONGODB_URI.replace(/\/+$/, '');
    return;
  }
  const server = await startEmbeddedMongo();
  process.env.IEC_TEST_MONGO_URI = server.uri;
  (globalThis as { __IEC_EMBEDDED_MONGO__?: EmbeddedMongo }).__IEC_EMBEDDED_MONGO__ = server;
}
