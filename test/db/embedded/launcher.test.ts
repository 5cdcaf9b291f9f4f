import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../../src/db/embedded/launcher';

describe('the embedded server launcher', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'iec-h2-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps data in its data folder across a restart (H2 backend)', async () => {
    const first = await startEmbeddedMongo({ dataDir });
    const client = new mongoose.mongo.MongoClient(`${first.uri}/durable`);
    await client.connect();
    await client.db().collection('partners').insertOne({ name: 'Con Edison' });
    await client.close();
    await first.stop();

    const second = await startEmbeddedMongo({ dataDir });
    const again = new mongoose.mongo.MongoClient(`${second.uri}/durable`);
    try {
      await again.connect();
      const doc = await again.db().collection('partners').findOne({ name: 'Con Edison' });
      expect(doc?.name).toBe('Con Edison');
    } finally {
      await again.close();
      await second.stop();
    }
  });

  it('explains why when it cannot listen on the port', async () => {
    const holder = await startEmbeddedMongo();
    try {
      await expect(startEmbeddedMongo({ port: holder.port })).rejects.toThrow(/did not start[\s\S]*cannot listen/);
    } finally {
      await holder.stop();
    }
  });
});
