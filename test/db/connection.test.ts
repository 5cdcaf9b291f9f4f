import mongoose from 'mongoose';
import { connectDatabase, databaseState, disconnectDatabase } from '../../src/db/connection';
import { testDatabaseUri } from '../support/db';

const Thing = mongoose.model(
  'ConnectionTestThing',
  new mongoose.Schema({ key: { type: String, required: true, unique: true }, n: Number }),
);

describe('the database is a real server over the wire', () => {
  const uri = testDatabaseUri();

  beforeAll(async () => {
    await connectDatabase(uri);
    await mongoose.connection.dropDatabase();
    await Thing.syncIndexes();
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase();
    await disconnectDatabase();
  });

  it('rejects a duplicate under a unique index with E11000', async () => {
    await Thing.create({ key: 'con-edison', n: 1 });
    await expect(Thing.create({ key: 'con-edison', n: 2 })).rejects.toMatchObject({ code: 11000 });
    expect(await Thing.countDocuments({ key: 'con-edison' })).toBe(1);
  });

  it('keeps what was written when read through a separate connection', async () => {
    await Thing.create({ key: 'national-grid', n: 7 });
    const other = new mongoose.mongo.MongoClient(uri);
    try {
      await other.connect();
      const doc = await other.db().collection('connectiontestthings').findOne({ key: 'national-grid' });
      expect(doc?.n).toBe(7);
    } finally {
      await other.close();
    }
  });

  it('reports the database as up', async () => {
    await expect(databaseState()).resolves.toBe('up');
  });
});

describe('a wrong MONGODB_URI', () => {
  it('fails quickly with a clear message instead of hanging', async () => {
    const started = Date.now();
    await expect(connectDatabase('mongodb://127.0.0.1:1/nothing')).rejects.toThrow(
      /Cannot reach MongoDB at mongodb:\/\/127\.0\.0\.1:1\/nothing/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    await mongoose.disconnect();
  });
});
