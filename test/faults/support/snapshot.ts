import { createHash } from 'node:crypto';
import mongoose from 'mongoose';

/** Per collection of the current database: how many documents, and a hash of all of them (by _id order). */
export type DatabaseSnapshot = Record<string, { count: number; hash: string }>;

export async function snapshotDatabase(): Promise<DatabaseSnapshot> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('snapshotDatabase: mongoose is not connected');
  const out: DatabaseSnapshot = {};
  const collections = (await db.collections()).sort((a, b) => a.collectionName.localeCompare(b.collectionName));
  for (const c of collections) {
    const hash = createHash('sha256');
    let count = 0;
    for await (const doc of c.find({}).sort({ _id: 1 })) {
      hash.update(JSON.stringify(doc));
      hash.update('\n');
      count += 1;
    }
    out[c.collectionName] = { count, hash: hash.digest('hex').slice(0, 16) };
  }
  return out;
}

const EMPTY = { count: 0, hash: createHash('sha256').digest('hex').slice(0, 16) };

/** The collections whose count or content differ between two snapshots (a missing collection is an empty one). */
export function changedCollections(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((n) => {
      const a = before[n] ?? EMPTY;
      const b = after[n] ?? EMPTY;
      return a.hash !== b.hash || a.count !== b.count;
    })
    .sort();
}
