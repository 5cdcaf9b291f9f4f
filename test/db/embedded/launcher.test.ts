import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { DEFAULT_MAX_HEAP, maxHeapArgs, startEmbeddedMongo } from '../../../src/db/embedded/launcher';
import { UNAVAILABLE_MESSAGE, userMessageFor } from '../../../src/errors';

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

  it("bounds the server's Java heap: IEC_DB_MAX_HEAP, else the default, unless JAVA_TOOL_OPTIONS gives -Xmx", () => {
    expect(maxHeapArgs({})).toEqual([`-Xmx${DEFAULT_MAX_HEAP}`]);
    expect(maxHeapArgs({ IEC_DB_MAX_HEAP: '2g' })).toEqual(['-Xmx2g']);
    expect(maxHeapArgs({ IEC_DB_MAX_HEAP: '2g', JAVA_TOOL_OPTIONS: '-Xlog:gc -Xmx3g' })).toEqual([]);
    expect(maxHeapArgs({ JAVA_TOOL_OPTIONS: '-Xlog:gc' })).toEqual([`-Xmx${DEFAULT_MAX_HEAP}`]);
    expect(() => maxHeapArgs({ IEC_DB_MAX_HEAP: 'lots' })).toThrow(/IEC_DB_MAX_HEAP must be a Java heap size/);
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

/**
 * The launcher's one change to mongo-java-server's planning (db/src/main/java/iecbot/IdLookup.java): a filter with an
 * `_id` look-up, alone or beside other conditions, is answered from the `_id` index and only the rest of the filter is
 * checked; an update's positional `$` is found without the look-up (MatchedPosition.java). The answers must be those of
 * a full scan, on both backends.
 */
interface Rec {
  _id: mongoose.Types.ObjectId | string;
  status: string;
  revision?: number;
  lease?: { holder: string };
  tags?: string[];
}

describe.each([
  ['memory', () => undefined],
  ['on-disk (H2)', () => mkdtempSync(path.join(os.tmpdir(), 'iec-h2-id-'))],
])('the embedded server (%s) with an _id condition beside others', (_backend, folder) => {
  let server: Awaited<ReturnType<typeof startEmbeddedMongo>>;
  let client: InstanceType<typeof mongoose.mongo.MongoClient>;
  let dataDir: string | undefined;
  const ids = Array.from({ length: 5 }, () => new mongoose.Types.ObjectId());
  const docs = () => client.db().collection<Rec>('records');

  beforeAll(async () => {
    dataDir = folder();
    server = await startEmbeddedMongo(dataDir ? { dataDir } : {});
    client = new mongoose.mongo.MongoClient(`${server.uri}/planner`);
    await client.connect();
    await docs().insertMany(
      ids.map((_id, i) => ({ _id, revision: i, status: i % 2 === 0 ? 'open' : 'done', lease: { holder: `h${i}` }, tags: [`t${i}`] })),
    );
    // a document without the field a filter names
    await docs().insertOne({ _id: 'plain', status: 'open' });
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds the one document only when every other condition holds', async () => {
    expect(await docs().findOne({ _id: ids[1], revision: 1 })).toMatchObject({ status: 'done' });
    expect(await docs().findOne({ _id: ids[1], revision: 2 })).toBeNull();
    expect(await docs().findOne({ _id: ids[2], 'lease.holder': 'h2', status: 'open' })).toMatchObject({ revision: 2 });
    expect(await docs().findOne({ _id: ids[2], 'lease.holder': 'h3' })).toBeNull();
    expect(await docs().findOne({ _id: ids[3], revision: { $gte: 3 }, tags: 't3' })).toMatchObject({ revision: 3 });
    expect(await docs().findOne({ _id: 'plain', revision: { $exists: false } })).toMatchObject({ status: 'open' });
    expect(await docs().findOne({ _id: new mongoose.Types.ObjectId(), revision: 0 })).toBeNull();
    expect(await docs().findOne({ _id: ids[0], $or: [{ status: 'done' }, { revision: 0 }] })).toMatchObject({ revision: 0 });
  });

  it('answers $in on _id with other conditions, sorted, counted and projected as a scan would', async () => {
    const found = await docs()
      .find({ _id: { $in: [...ids, 'plain'] }, status: 'open' }, { projection: { revision: 1 } })
      .sort({ revision: -1 })
      .toArray();
    expect(found.map((d) => d.revision)).toEqual([4, 2, 0, undefined]);
    expect(found[0]).toEqual({ _id: ids[4], revision: 4 });
    expect(await docs().countDocuments({ _id: { $in: ids }, status: 'done' })).toBe(2);
    // a range on _id is not a look-up: still answered (by a scan)
    expect(await docs().countDocuments({ _id: { $gte: ids[0] }, status: 'open' })).toBe(3);
  });

  it('answers an _id look-up alone (equality or $in) with exactly the documents it names', async () => {
    const found = await docs()
      .find({ _id: { $in: [ids[3], 'plain', new mongoose.Types.ObjectId(), ids[0]] } })
      .sort({ _id: 1 })
      .toArray();
    // strings sort before ObjectIds, as in MongoDB
    expect(found.map((d) => d._id)).toEqual(['plain', ids[0], ids[3]]);
    expect(await docs().countDocuments({ _id: { $in: [] } })).toBe(0);
    expect(await docs().findOne({ _id: 'plain' })).toEqual({ _id: 'plain', status: 'open' });
    expect(
      await docs()
        .find({ _id: { $in: ids } })
        .skip(1)
        .limit(2)
        .sort({ revision: 1 })
        .toArray(),
    ).toHaveLength(2);
  });

  it('updates many by $in on _id with a positional operator, the position found as without the look-up', async () => {
    await docs().insertMany([
      { _id: 'pos-a', status: 'open', tags: ['x', 'y', 'z'] },
      { _id: 'pos-b', status: 'open', tags: ['z', 'y'] },
      { _id: 'pos-c', status: 'open', tags: ['y'] },
    ]);
    const many = await docs().updateMany({ _id: { $in: ['pos-a', 'pos-b', 'pos-c'] }, tags: 'z' }, { $set: { 'tags.$': 'Z' } });
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    const one = await docs().findOneAndUpdate(
      { _id: { $in: ['pos-c', 'pos-a'] }, $or: [{ tags: 'y' }, { status: 'none' }], status: 'open' },
      { $set: { 'tags.$': 'Y' } },
      { sort: { _id: 1 }, returnDocument: 'after' },
    );
    expect(one).toMatchObject({ _id: 'pos-a', tags: ['x', 'Y', 'Z'] });
    const tags = await docs()
      .find({ _id: { $in: ['pos-a', 'pos-b', 'pos-c'] } })
      .sort({ _id: 1 })
      .toArray();
    expect(tags.map((d) => d.tags)).toEqual([['x', 'Y', 'Z'], ['Z', 'y'], ['y']]);
    await docs().deleteMany({ _id: { $in: ['pos-a', 'pos-b', 'pos-c'] } });
  });

  it('updates and deletes by _id and revision only when the revision matches', async () => {
    const stale = await docs().updateOne({ _id: ids[4], revision: 3 }, { $set: { status: 'x' }, $inc: { revision: 1 } });
    expect(stale.matchedCount).toBe(0);
    const fresh = await docs().updateOne({ _id: ids[4], revision: 4 }, { $set: { status: 'moved' }, $inc: { revision: 1 } });
    expect(fresh).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const bulk = await docs().bulkWrite(
      [
        { updateOne: { filter: { _id: ids[0], revision: 0 }, update: { $inc: { revision: 1 } } } },
        { updateOne: { filter: { _id: ids[1], revision: 0 }, update: { $inc: { revision: 1 } } } },
      ],
      { ordered: false },
    );
    expect(bulk.matchedCount).toBe(1);
    expect(await docs().findOne({ _id: ids[4] })).toMatchObject({ status: 'moved', revision: 5 });
    expect((await docs().deleteOne({ _id: ids[3], status: 'open' })).deletedCount).toBe(0);
    expect((await docs().deleteOne({ _id: ids[3], status: 'done' })).deletedCount).toBe(1);
    expect(await docs().countDocuments({})).toBe(5);
  });
});

/**
 * The launcher runs commands on worker threads and answers the driver's monitoring commands (a new connection's
 * handshake, the heartbeat, ping) on the connection's event loop (db/src/main/java/iecbot/WireServer.java,
 * MonitoringCommands.java), so a server busy with slow commands still answers the driver's server monitor (issue
 * #16: heartbeats that queued behind scans timed out and the driver dropped its pool). With a single worker thread
 * busy on a slow aggregation, a new client connects and is answered ping and ismaster before that aggregation ends.
 */
describe('the embedded server with its one command thread busy', () => {
  let server: Awaited<ReturnType<typeof startEmbeddedMongo>>;
  const clients: InstanceType<typeof mongoose.mongo.MongoClient>[] = [];
  const connect = async (uri: string, options: mongoose.mongo.MongoClientOptions = {}) => {
    const client = new mongoose.mongo.MongoClient(uri, options);
    clients.push(client);
    await client.connect();
    return client;
  };
  beforeAll(async () => {
    server = await startEmbeddedMongo({ commandThreads: 1 });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
  });

  it("answers the driver's handshake, heartbeat and ping before the slow command ends", async () => {
    const busy = await connect(`${server.uri}/monitoring`);
    const records = busy.db().collection('records');
    await records.insertMany(Array.from({ length: 2_500 }, (_, n) => ({ n, k: n % 50 })));
    const order: string[] = [];
    const slow = selfJoin(records).then((result) => {
      order.push('slow command');
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // it has reached the worker thread

    // connecting waits for the monitor's handshake (ismaster, legacy OP_QUERY) and its first heartbeat
    const other = await connect(`${server.uri}/monitoring`, { heartbeatFrequencyMS: 500 });
    order.push('connected');
    const queued = other
      .db()
      .collection('others')
      .findOne({})
      .then(() => order.push('ordinary command'));
    expect(await other.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    order.push('ping');
    // the heartbeat's own message (OP_MSG), answered as the library answers it
    expect(await other.db('admin').command({ ismaster: 1 })).toMatchObject({ ismaster: true, maxWireVersion: expect.any(Number), ok: 1 });
    order.push('ismaster');

    expect(await slow).toEqual([{ joined: 2_500 }]);
    await queued;
    // the monitor's commands before the slow one ended; the ordinary one answered too (when, depends on when the
    // slow one reached the worker, which the client cannot see)
    expect(order.filter((o) => o !== 'ordinary command')).toEqual(['connected', 'ping', 'ismaster', 'slow command']);
    expect(order).toContain('ordinary command');
  });
});

/** About a second of work for a command thread (more under load): every document compared with every other (no index on k). */
function selfJoin(records: mongoose.mongo.Collection) {
  return records
    .aggregate([{ $lookup: { from: 'records', localField: 'k', foreignField: 'k', as: 'same' } }, { $count: 'joined' }])
    .toArray();
}

/**
 * Commands run on a shared pool of worker threads, one connection's one after another (QueuedCommands.java), and a
 * command that has waited for a thread past its `maxTimeMS` is answered with MongoDB's MaxTimeMSExpired instead of
 * being run (MaxTime.java): its client has given up on it (the app's person read sends what its request deadline
 * leaves). With the one thread busy on a slow aggregation, commands of other connections queue behind it.
 */
describe('the embedded server with its one command thread busy, and commands with maxTimeMS', () => {
  let server: Awaited<ReturnType<typeof startEmbeddedMongo>>;
  let busy: InstanceType<typeof mongoose.mongo.MongoClient>;
  let other: InstanceType<typeof mongoose.mongo.MongoClient>;
  beforeAll(async () => {
    server = await startEmbeddedMongo({ commandThreads: 1 });
    busy = new mongoose.mongo.MongoClient(`${server.uri}/expiry`);
    other = new mongoose.mongo.MongoClient(`${server.uri}/expiry`);
    await Promise.all([busy.connect(), other.connect()]);
    await busy
      .db()
      .collection('records')
      .insertMany(Array.from({ length: 2_500 }, (_, n) => ({ n, k: n % 50 })));
  });
  afterAll(async () => {
    await Promise.all([busy.close(), other.close()]);
    await server.stop();
  });

  it('answers commands queued past their maxTimeMS with code 50 and does not run them; one without maxTimeMS runs', async () => {
    const slowStarted = Date.now();
    const slow = selfJoin(busy.db().collection('records'));
    await new Promise((resolve) => setTimeout(resolve, 200)); // it has reached the worker thread
    const db = other.db();
    const expiredInsert = db.command({ insert: 'notes', documents: [{ _id: 'limited' }], maxTimeMS: 100 }).catch((err: unknown) => err);
    const expiredRead = db
      .collection('notes')
      .findOne({ _id: 'limited' as never }, { maxTimeMS: 100 })
      .catch((err: unknown) => err);
    const plainInsert = db.collection('notes').insertOne({ _id: 'plain' as never });
    // a limit longer than the wait: runs
    const ampleInsert = db.command({ insert: 'notes', documents: [{ _id: 'ample' }], maxTimeMS: 60_000 });

    expect(await slow).toEqual([{ joined: 2_500 }]);
    const slowMs = Date.now() - slowStarted;
    expect(slowMs).toBeGreaterThan(400); // the queued commands did wait past their 100 ms
    for (const err of [await expiredInsert, await expiredRead]) {
      expect(err).toBeInstanceOf(mongoose.mongo.MongoServerError);
      expect(err).toMatchObject({ code: 50, codeName: 'MaxTimeMSExpired', errmsg: 'operation exceeded time limit' });
      // what the app tells the person: the database is too slow now, nothing was changed (src/errors.ts)
      expect(userMessageFor(err, () => undefined)).toBe(UNAVAILABLE_MESSAGE);
    }
    expect(await plainInsert).toMatchObject({ acknowledged: true });
    expect(await ampleInsert).toMatchObject({ ok: 1, n: 1 });
    const kept = await db
      .collection('notes')
      .find({ _id: { $in: ['limited', 'plain', 'ample'] as never[] } })
      .sort({ _id: 1 })
      .toArray();
    expect(kept.map((d) => d._id)).toEqual(['ample', 'plain']);
  });

  it('answers a command whose maxTimeMS passes while it waits for a thread then, not when the thread is free', async () => {
    const order: string[] = [];
    const slow = selfJoin(busy.db().collection('records')).then(() => order.push('slow command'));
    await new Promise((resolve) => setTimeout(resolve, 200)); // it has reached the worker thread
    const started = Date.now();
    const err = await other
      .db()
      .collection('notes')
      .insertOne({ _id: 'waited' as never }, { maxTimeMS: 150 })
      .catch((e: unknown) => e);
    order.push('expired');
    expect(err).toMatchObject({ code: 50, codeName: 'MaxTimeMSExpired' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await slow;
    expect(order).toEqual(['expired', 'slow command']);
    // the thread that reached it afterwards did not run it
    expect(
      await other
        .db()
        .collection('notes')
        .findOne({ _id: 'waited' as never }),
    ).toBeNull();
  });

  it('answers a command of a connection busy with a slow one with code 50 when a thread takes it past its maxTimeMS', async () => {
    const join = [{ $lookup: { from: 'records', localField: 'k', foreignField: 'k', as: 'same' } }, { $count: 'joined' }];
    const answers = await pipelined(server.port, [
      { aggregate: 'records', pipeline: join, cursor: {}, $db: 'expiry' },
      // behind the slow one on its own connection: not answered before it, and not run after it
      { insert: 'notes', documents: [{ _id: 'behind' }], maxTimeMS: 100, $db: 'expiry' },
      { insert: 'notes', documents: [{ _id: 'unlimited' }], $db: 'expiry' },
    ]);
    expect(answers.map(([answering]) => answering)).toEqual([1, 2, 3]);
    expect(answers[0][1]).toMatchObject({ ok: 1, cursor: { firstBatch: [{ joined: 2_500 }] } });
    expect(answers[1][1]).toEqual({ ok: 0, errmsg: 'operation exceeded time limit', code: 50, codeName: 'MaxTimeMSExpired' });
    expect(answers[2][1]).toMatchObject({ ok: 1, n: 1 });
    const notes = other.db().collection('notes');
    expect(await notes.findOne({ _id: 'behind' as never })).toBeNull();
    expect(await notes.findOne({ _id: 'unlimited' as never })).toEqual({ _id: 'unlimited' });
  });

  it('runs a command with maxTimeMS at once when a thread is free', async () => {
    const db = other.db();
    expect(await db.command({ insert: 'notes', documents: [{ _id: 'idle' }], maxTimeMS: 100 })).toMatchObject({ ok: 1, n: 1 });
    expect(await db.collection('notes').findOne({ _id: 'idle' as never }, { maxTimeMS: 100 })).toEqual({ _id: 'idle' });
  });
});

/**
 * Connections are not pinned to a thread: a free thread takes whichever connection's command is next. With one of two
 * threads busy, reads of several other connections (each client one connection, besides its monitor's) all answer
 * before the slow command ends; pinned, as before, every other connection would have shared the busy thread.
 */
describe('the embedded server with one of its two command threads busy', () => {
  let server: Awaited<ReturnType<typeof startEmbeddedMongo>>;
  const clients: InstanceType<typeof mongoose.mongo.MongoClient>[] = [];
  beforeAll(async () => {
    server = await startEmbeddedMongo({ commandThreads: 2 });
    for (let i = 0; i < 5; i++) clients.push(new mongoose.mongo.MongoClient(`${server.uri}/shared`, { maxPoolSize: 1 }));
    await Promise.all(clients.map((c) => c.connect()));
    await clients[0]
      .db()
      .collection('records')
      .insertMany(Array.from({ length: 2_500 }, (_, n) => ({ n, k: n % 50 })));
    await clients[0]
      .db()
      .collection('people')
      .insertOne({ _id: 'U1' as never, admin: true });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
  });

  it("answers other connections' reads on the free thread before the slow command ends", async () => {
    const order: string[] = [];
    const slow = selfJoin(clients[0].db().collection('records')).then(() => order.push('slow command'));
    await new Promise((resolve) => setTimeout(resolve, 200)); // it has reached a worker thread
    for (const [i, client] of clients.slice(1).entries()) {
      for (let n = 0; n < 3; n++) {
        expect(
          await client
            .db()
            .collection('people')
            .findOne({ _id: 'U1' as never }),
        ).toMatchObject({ admin: true });
        order.push(`read ${i}.${n}`);
      }
    }
    await slow;
    expect(order).toHaveLength(13);
    expect(order.at(-1)).toBe('slow command');
  });
});

/**
 * Sends OP_MSG commands (the wire protocol's message, opcode 2013) on one socket back to back, without waiting for
 * answers, and resolves with the answers in the order they arrived: [the request id each answers, its document].
 */
async function pipelined(port: number, commands: mongoose.mongo.Document[]): Promise<[number, mongoose.mongo.Document][]> {
  const { BSON } = mongoose.mongo;
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const frames = commands.map((command, i) => {
    const body = BSON.serialize(command);
    const header = Buffer.alloc(21);
    header.writeInt32LE(21 + body.length, 0);
    header.writeInt32LE(i + 1, 4); // requestID
    header.writeInt32LE(0, 8); // responseTo
    header.writeInt32LE(2013, 12); // OP_MSG
    header.writeUInt32LE(0, 16); // flags: an answer is expected
    header.writeUInt8(0, 20); // section kind 0: the command document
    return Buffer.concat([header, body]);
  });
  socket.write(Buffer.concat(frames));
  const answers: [number, mongoose.mongo.Document][] = [];
  let pending = Buffer.alloc(0);
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const length = pending.readInt32LE(0);
        answers.push([pending.readInt32LE(8), BSON.deserialize(pending.subarray(21, length))]);
        pending = pending.subarray(length);
      }
      if (answers.length === commands.length) resolve();
    });
  });
  socket.destroy();
  return answers;
}

/**
 * One connection's commands run in the order they arrived and are answered in that order, whichever of the shared
 * threads run them. The driver waits for each answer; a client that sends several commands at once on one
 * connection (the wire protocol allows it) shows the order.
 */
describe('the embedded server with several command threads, one connection', () => {
  let server: Awaited<ReturnType<typeof startEmbeddedMongo>>;
  let client: InstanceType<typeof mongoose.mongo.MongoClient>;
  beforeAll(async () => {
    server = await startEmbeddedMongo({ commandThreads: 8 });
    client = new mongoose.mongo.MongoClient(`${server.uri}/ordered`);
    await client.connect();
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('applies the commands it sent at once in the order it sent them, and answers them in that order', async () => {
    const log = client.db().collection<{ _id: string; seq: number[] }>('log');
    await log.insertOne({ _id: 'seq', seq: [] });
    const count = 300;
    const commands = Array.from({ length: count }, (_, i) =>
      i % 3 === 2
        ? // counted when it runs: the write sent just before it is applied, the one just after it not yet
          { count: 'log', query: { _id: 'seq', $and: [{ seq: i - 1 }, { seq: { $ne: i + 1 } }] }, $db: 'ordered' }
        : { update: 'log', updates: [{ q: { _id: 'seq' }, u: { $push: { seq: i } } }], $db: 'ordered' },
    );
    const answers = await pipelined(server.port, commands);
    expect(answers.map(([answering]) => answering)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    for (const [answering, answer] of answers) {
      if ((answering - 1) % 3 !== 2) expect(answer).toMatchObject({ ok: 1, n: 1, nModified: 1 });
      else expect(answer).toMatchObject({ ok: 1, n: 1 });
    }
    const pushed = Array.from({ length: count }, (_, i) => i).filter((i) => i % 3 !== 2);
    expect((await log.findOne({ _id: 'seq' }))?.seq).toEqual(pushed);
  });
});
