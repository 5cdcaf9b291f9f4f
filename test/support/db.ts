import { createHash } from 'node:crypto';
import path from 'node:path';
import mongoose from 'mongoose';
import { connectDatabase, disconnectDatabase } from '../../src/db/connection';
import { partnerNames } from '../../src/partners';
import { schoolNames } from '../../src/schools';

/** The server started by global-setup (or TEST_MONGODB_URI), without a database name. */
export function testServerUri(): string {
  const uri = process.env.IEC_TEST_MONGO_URI;
  if (!uri) throw new Error('IEC_TEST_MONGO_URI is not set: run the tests through jest (global-setup starts the database)');
  return uri;
}

/** A database name of this test file's own, so files never share state and can run in parallel. */
export function testDatabaseName(suffix = ''): string {
  const testPath = expect.getState().testPath ?? 'unknown';
  const base = path
    .basename(testPath)
    .replace(/\.test\.ts$/, '')
    .replace(/[^a-zA-Z0-9]/g, '_')
    .slice(0, 30);
  const hash = createHash('sha1')
    .update(testPath + suffix)
    .digest('hex')
    .slice(0, 8);
  return `t_${base}_${hash}`;
}

export function testDatabaseUri(suffix = ''): string {
  return `${testServerUri()}/${testDatabaseName(suffix)}`;
}

/** Connects mongoose to a fresh database of this file's own (dropped first); `query` adds connection options. */
export async function connectTestDatabase(query = ''): Promise<string> {
  const uri = `${testDatabaseUri()}${query}`;
  await connectDatabase(uri);
  await mongoose.connection.dropDatabase();
  forgetNames();
  await Promise.all(Object.values(mongoose.models).map((m) => m.syncIndexes()));
  return uri;
}

export async function disconnectTestDatabase(): Promise<void> {
  if (mongoose.connection.readyState === 1) await mongoose.connection.dropDatabase();
  // not mongoose.disconnect(): this also stops a replacement of a stuck client in progress (src/db/connection.ts)
  await disconnectDatabase();
}

/** Empties every collection (keeps indexes), for a clean slate between tests in one file. */
export async function clearCollections(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) return;
  for (const c of await db.collections()) await c.deleteMany({});
  forgetNames();
}

/** The in-memory name indexes follow the app's writes: after emptying the database behind them, they reload. */
function forgetNames(): void {
  partnerNames.invalidate();
  schoolNames.invalidate();
}
