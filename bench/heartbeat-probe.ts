/**
 * `npx ts-node --transpile-only bench/heartbeat-probe.ts [--docs N] [--clients N] [--seconds N] [--lookups N]
 * [--command-threads N]`: does the embedded server (on-disk backend, as `npm start` runs it) keep answering the
 * driver's server monitor, and cheap reads, while many slow scans queue on one collection? One client with the app's
 * connection settings (src/db/connection.ts) runs `--clients` loops of collection scans (a filter no index answers,
 * sorted) and `--lookups` loops of the app's person read (one `_id` look-up on another collection with `maxTimeMS`
 * LOOKUP_MAX_TIME_MS, as src/access/people.ts reads the people index) for `--seconds`; printed as one JSON line: the
 * heartbeats that failed, the pools the driver cleared, the scans that failed, the look-ups' times and how many the
 * server gave up on (MaxTimeMSExpired, code 50) or failed otherwise, and the server's peak RSS. `--command-threads`:
 * the server's worker threads (its default when not given). Not part of `npm run bench`; it isolates the stalls of
 * issue #16.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { CONNECTION_SETTINGS } from '../src/db/connection';
import { startEmbeddedMongo } from '../src/db/embedded/launcher';
import { rssOf } from './engines';

/** The people index's size, and the look-ups' server-side limit: about what the request deadline leaves a person read. */
const PEOPLE = 1_000;
const LOOKUP_MAX_TIME_MS = 1_500;

/** A failure's message without the connection's number and address, so that like failures count together. */
const reason = (err: unknown) => (err as Error).message.replace(/connection \d+ to \S+/, 'connection').slice(0, 80);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string', default: '100000' },
      clients: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '120' },
      lookups: { type: 'string', default: '10' },
      'command-threads': { type: 'string' },
    },
  });
  const docs = Number(values.docs);
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  const lookups = Number(values.lookups);
  const commandThreads = values['command-threads'] === undefined ? undefined : Number(values['command-threads']);
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const loadAtStart = load();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iec-heartbeat-probe-'));
  const server = await startEmbeddedMongo({ dataDir, ...(commandThreads === undefined ? {} : { commandThreads }) });
  const { connectTimeoutMS, socketTimeoutMS, heartbeatFrequencyMS, serverSelectionTimeoutMS } = CONNECTION_SETTINGS;
  const client = new mongoose.mongo.MongoClient(`${server.uri}/probe`, {
    connectTimeoutMS,
    socketTimeoutMS,
    heartbeatFrequencyMS,
    serverSelectionTimeoutMS,
  });
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssOf(server.pid));
  }, 1_000);
  try {
    await client.connect();
    const records = client.db().collection('records');
    const insertStarted = Date.now();
    for (let i = 0; i < docs; i += 1_000) {
      await records.insertMany(
        Array.from({ length: Math.min(1_000, docs - i) }, (_, j) => ({
          n: i + j,
          commission: `c${(i + j) % 8}`,
          status: (i + j) % 3 === 0 ? 'fulfilled' : 'open',
          note: `commitment ${i + j} of a partner to a school, with some text to make the document the size of a real one`,
        })),
      );
    }
    const people = client.db().collection<{ _id: string; admin: boolean }>('people');
    await people.insertMany(Array.from({ length: PEOPLE }, (_, i) => ({ _id: `U${i}`, admin: i % 10 === 0 })));
    const insertSeconds = (Date.now() - insertStarted) / 1_000;

    const counts = { heartbeatsSucceeded: 0, heartbeatsFailed: 0, poolsCleared: 0, scans: 0, scansFailed: 0 };
    const failures = new Map<string, number>();
    client.on('serverHeartbeatSucceeded', () => counts.heartbeatsSucceeded++);
    client.on('serverHeartbeatFailed', (e) => {
      counts.heartbeatsFailed++;
      const why = reason(e.failure);
      failures.set(why, (failures.get(why) ?? 0) + 1);
    });
    client.on('connectionPoolCleared', () => counts.poolsCleared++);
    const scanMs: number[] = [];
    const lookupMs: number[] = [];
    const looked = { lookupsExpired: 0, lookupsFailed: 0 };
    const until = Date.now() + seconds * 1_000;
    const lookupLoops = Array.from({ length: lookups }, async (_, c) => {
      for (let i = c; Date.now() < until; i += lookups) {
        const t = Date.now();
        try {
          await people.findOne({ _id: `U${i % PEOPLE}` }, { maxTimeMS: LOOKUP_MAX_TIME_MS });
          lookupMs.push(Date.now() - t);
        } catch (err) {
          if ((err as { code?: number }).code === 50) looked.lookupsExpired++;
          else {
            looked.lookupsFailed++;
            const why = `look-up: ${reason(err)}`;
            failures.set(why, (failures.get(why) ?? 0) + 1);
          }
        }
      }
    });
    const scanLoops = Array.from({ length: clients }, async (_, c) => {
      while (Date.now() < until) {
        const t = Date.now();
        try {
          await records
            .find({ status: 'open', note: { $regex: `partner ${c}` } })
            .sort({ n: -1 })
            .limit(20)
            .toArray();
          scanMs.push(Date.now() - t);
          counts.scans++;
        } catch (err) {
          counts.scansFailed++;
          const why = `scan: ${reason(err)}`;
          failures.set(why, (failures.get(why) ?? 0) + 1);
        }
      }
    });
    await Promise.all([...scanLoops, ...lookupLoops]);
    scanMs.sort((a, b) => a - b);
    lookupMs.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        docs,
        clients,
        seconds,
        lookups,
        commandThreads: commandThreads ?? 'default',
        javaToolOptions: process.env.JAVA_TOOL_OPTIONS,
        insertSeconds,
        ...counts,
        scanMedianMs: scanMs[Math.floor(scanMs.length / 2)],
        scanMaxMs: scanMs.at(-1),
        lookupsAnswered: lookupMs.length,
        ...looked,
        lookupMedianMs: lookupMs[Math.floor(lookupMs.length / 2)],
        lookupP99Ms: lookupMs[Math.floor(lookupMs.length * 0.99)],
        lookupMaxMs: lookupMs.at(-1),
        failures: Object.fromEntries(failures),
        serverPeakRssMB: Math.round(peakRss / 1024 ** 2),
        loadAverage: { start: loadAtStart, end: load() },
      }),
    );
  } finally {
    clearInterval(sampler);
    await client.close(true);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
