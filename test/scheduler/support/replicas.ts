import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_CLIENT_TIMEOUT_MS, NOTIFICATION_EVENT_TYPE } from '../../../src/scheduler/delivery';
import { NotificationModel } from '../../../src/scheduler/model';
import { connectTestDatabase, disconnectTestDatabase } from '../../support/db';
import { FakeSlack } from '../../support/fake-slack';
import { fastTime, REPLICA_TIME_FACTOR } from '../../support/time';
import { deliveredKeys } from './scheduler-fixtures';

/**
 * Scheduler replicas as separate OS processes (`worker.ts`) on this file's database and one fake Slack, for the
 * multi-process tests. Each replica has its own token, so the fake's calls tell who made each request.
 */

const WORKER = path.join(__dirname, 'worker.ts');
const ROOT = path.resolve(__dirname, '..', '..', '..');
export const NOW = '2026-05-04T13:00:00.000Z';

export interface Replica {
  token: string;
  child: ChildProcess;
  output: string;
  exited: Promise<number | null>;
}

/**
 * What a test varies. The scheduler's settings are production's (lease, retry delay, backoffs, time budget,
 * client timeout), on a clock REPLICA_TIME_FACTOR times as fast that the replicas and the fake Slack share (its
 * message timestamps follow it, as Slack's follow the real clock): the 5-minute lease lasts 15 s real.
 */
export interface ReplicaOptions {
  /** Notifications due (the worker's source plans `mp:0` … `mp:<count − 1>`). */
  count: number;
  /** How long (real) a replica may take to see everything final (default 60 s: leases of killed replicas last 15 s). */
  deadlineMs?: number;
}

/** Production's client timeout (20 s) on the replicas' clock, in real milliseconds: a hung post ends after this. */
export const REPLICA_TIMEOUT_REAL_MS = DEFAULT_CLIENT_TIMEOUT_MS / REPLICA_TIME_FACTOR;

export async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Registers this file's database and a fresh fake Slack per test. Returns getters. */
export function useReplicas(): { fake: () => FakeSlack; start: (n: number, opts: ReplicaOptions) => Replica } {
  let fake: FakeSlack | undefined;
  let time = fastTime(REPLICA_TIME_FACTOR);
  let dbUri = '';
  beforeAll(async () => {
    dbUri = await connectTestDatabase();
  });
  afterAll(async () => {
    await disconnectTestDatabase();
  });
  beforeEach(async () => {
    await NotificationModel.deleteMany({});
    time = fastTime(REPLICA_TIME_FACTOR);
    const clock = time.clock;
    fake = await FakeSlack.start({ clock: () => clock().getTime() });
  });
  afterEach(async () => {
    await fake?.stop();
  });
  const current = (): FakeSlack => {
    if (!fake) throw new Error('the fake Slack is not started yet');
    return fake;
  };
  /** Starts replica `n`; it prints `ready` once loaded and connected, and starts on `go()`. */
  const start = (n: number, opts: ReplicaOptions): Replica => {
    const token = `xoxb-worker-${n}`;
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', WORKER], {
      cwd: ROOT,
      env: {
        ...process.env,
        WORKER_DB_URI: dbUri,
        WORKER_API_URL: current().apiUrl,
        WORKER_TOKEN: token,
        WORKER_NOW: NOW,
        WORKER_COUNT: String(opts.count),
        WORKER_CLOCK_START: String(time.start),
        WORKER_TIME_FACTOR: String(time.factor),
        WORKER_DEADLINE_MS: String(opts.deadlineMs ?? 60_000),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const r: Replica = { token, child, output: '', exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
    child.stdout?.on('data', (d: Buffer) => (r.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (r.output += d.toString()));
    return r;
  };
  return { fake: current, start };
}

/** Lets a replica go once it is loaded and connected. */
export async function go(replica: Replica): Promise<void> {
  await until(() => replica.output.includes('ready'), 90_000);
  replica.child.stdin?.end('go\n');
}

/** Starts replicas 1..n and lets them go together once all are loaded and connected. */
export async function startTogether(
  start: (n: number, opts: ReplicaOptions) => Replica,
  n: number,
  opts: ReplicaOptions,
): Promise<Replica[]> {
  const replicas = Array.from({ length: n }, (_, i) => start(i + 1, opts));
  // loading ts-node takes seconds of CPU per process: on a loaded machine, many more
  await until(() => replicas.every((r) => r.output.includes('ready')), 90_000).catch((err: Error) => {
    throw new Error(`${err.message}; the replicas said:\n${replicas.map((r) => r.output).join('\n')}`);
  });
  for (const r of replicas) r.child.stdin?.end('go\n');
  return replicas;
}

/**
 * Posts (of `replica`, or of all) that Slack accepted (`ok`) or not but never answered. With `sinceMs`, only those
 * made that recently: their sender is still waiting for the answer (not yet timed out).
 */
export function unanswered(fake: FakeSlack, replica?: Replica, sinceMs = Infinity) {
  const after = Date.now() - sinceMs;
  return fake
    .callsTo('chat.postMessage')
    .filter((c) => c.status === 0 && c.at > after && (replica === undefined || c.token === replica.token));
}

/** The token of the request that posted the message with `ts` (answered or not). */
export function poster(fake: FakeSlack, ts: string): string | undefined {
  return fake.callsTo('chat.postMessage').find((c) => c.ok && c.response?.ts === ts)?.token;
}

/**
 * Counted in Slack, by the key in each message's metadata: every notification exactly once. Counted in the
 * database: every notification sent, naming that very message by its ts, no two naming the same one.
 */
export async function expectEachSentOnce(fake: FakeSlack, count: number): Promise<void> {
  const keys = deliveredKeys(fake);
  expect(keys.length).toBe(count);
  expect(new Set(keys).size).toBe(count);
  const docs = await NotificationModel.find({ kind: 'mp' }).lean();
  expect(docs).toHaveLength(count);
  expect(docs.filter((d) => d.status !== 'sent')).toEqual([]);
  const byTs = new Map(fake.messages().map((m) => [m.ts, m]));
  for (const d of docs) {
    const message = byTs.get(d.slack?.ts ?? '');
    expect({ key: d.key, metadata: message?.metadata, channel: message?.channel }).toEqual({
      key: d.key,
      metadata: { event_type: NOTIFICATION_EVENT_TYPE, event_payload: { key: d.key } },
      channel: d.slack?.channel,
    });
  }
  expect(new Set(docs.map((d) => d.slack?.ts)).size).toBe(count);
}
