import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded/launcher';

/**
 * One embedded MongoDB-compatible server for the whole test run (memory backend). Each test file uses
 * its own database on it (see ./db.ts). Set TEST_MONGODB_URI to run the suite against a real MongoDB.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_MONGODB_URI) {
    process.env.IEC_TEST_MONGO_URI = process.env.TEST_MONGODB_URI.replace(/\/+$/, '');
    return;
  }
  const server = await startEmbeddedMongo();
  process.env.IEC_TEST_MONGO_URI = server.uri;
  (globalThis as { __IEC_EMBEDDED_MONGO__?: EmbeddedMongo }).__IEC_EMBEDDED_MONGO__ = server;
}
