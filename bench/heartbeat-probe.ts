/**
 * `npx ts-node --transpile-only bench/heartbeat-probe.ts [--docs N] [--clients N] [--seconds N]`: does the embedded
 * server (on-disk backend, as `npm start` runs it) keep answering the driver's server monitor while many slow scans
 * queue on one collection? One client with the app's connection settings (src/db/connection.ts) runs `--clients`
 * loops of collection scans (a filter no index answers, sorted) for `--seconds`; printed as one JSON line: the
 * heartbeats that failed, the pools the driver cleared, the scans that failed, and the server's peak RSS.
 * Not part of `npm run bench`; it isolates the stall of issue #16.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { CONNECTION_SETTINGS } from '../src/db/connection';
import { startEmbeddedMongo } from '../src/db/embedded/launcher';
import { rssOf } from './engines';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string', default: '100000' },
      clients: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '120' },
    },
  });
  const docs = Number(values.docs);
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const loadAtStart = load();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iec-heartbeat-probe-'));
  const server = await startEmbeddedMongo({ dataDir });
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
    const insertSeconds = (Date.now() - insertStarted) / 1_000;

    const counts = { heartbeatsSucceeded: 0, heartbeatsFailed: 0, poolsCleared: 0, scans: 0, scansFailed: 0 };
    const failures = new Map<string, number>();
    client.on('serverHeartbeatSucceeded', () => counts.heartbeatsSucceeded++);
    client.on('serverHeartbeatFailed', (e) => {
      counts.heartbeatsFailed++;
      const why = e.failure.message.slice(0, 80);
      failures.set(why, (failures.get(why) ?? 0) + 1);
    });
    client.on('connectionPoolCleared', () => counts.poolsCleared++);
    const scanMs: number[] = [];
    const until = Date.now() + seconds * 1_000;
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
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
            const why = `scan: ${(err as Error).message.slice(0, 80)}`;
            failures.set(why, (failures.get(why) ?? 0) + 1);
          }
        }
      }),
    );
    scanMs.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        docs,
        clients,
        seconds,
        javaToolOptions: process.env.JAVA_TOOL_OPTIONS,
        insertSeconds,
        ...counts,
        scanMedianMs: scanMs[Math.floor(scanMs.length / 2)],
        scanMaxMs: scanMs.at(-1),
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
