import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { NotificationModel } from '../../src/scheduler/model';
import { connectTestDatabase, disconnectTestDatabase } from '../support/db';
import { FakeSlack } from '../support/fake-slack';
import { deliveredKeys } from './support/scheduler-fixtures';

/**
 * Three scheduler replicas as separate OS processes on one database and one fake Slack, each with several
 * messages in flight: every notification is sent exactly once, also when one replica is killed with SIGKILL in
 * the middle of sending, while Slack has accepted posts whose answers it never got.
 */

const WORKER = path.join(__dirname, 'support', 'worker.ts');
const COUNT = 120;
const NOW = '2026-05-04T13:00:00.000Z';

interface Worker {
  token: string;
  child: ChildProcess;
  output: string;
  exited: Promise<number | null>;
}

let fake: FakeSlack;
let dbUri: string;

beforeAll(async () => {
  dbUri = await connectTestDatabase();
});
afterAll(async () => {
  await disconnectTestDatabase();
});
beforeEach(async () => {
  await NotificationModel.deleteMany({});
  fake = await FakeSlack.start();
});
afterEach(async () => {
  await fake.stop();
});

interface WorkerOptions {
  leaseMs: number;
  concurrency: number;
  timeoutMs: number;
}

function startWorker(n: number, opts: WorkerOptions): Worker {
  const token = `xoxb-worker-${n}`;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', WORKER], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: {
      ...process.env,
      WORKER_DB_URI: dbUri,
      WORKER_API_URL: fake.apiUrl,
      WORKER_TOKEN: token,
      WORKER_NOW: NOW,
      WORKER_COUNT: String(COUNT),
      WORKER_LEASE_MS: String(opts.leaseMs),
      WORKER_CONCURRENCY: String(opts.concurrency),
      WORKER_TIMEOUT_MS: String(opts.timeoutMs),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const w: Worker = { token, child, output: '', exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  child.stdout?.on('data', (d: Buffer) => (w.output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (w.output += d.toString()));
  return w;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Starts the replicas and lets them go together once all are loaded and connected. */
async function startWorkers(opts: WorkerOptions): Promise<Worker[]> {
  const workers = [1, 2, 3].map((n) => startWorker(n, opts));
  await until(() => workers.every((w) => w.output.includes('ready')), 20_000);
  for (const w of workers) w.child.stdin?.end('go\n');
  return workers;
}

/** The token of the request that posted the message with `ts` (answered or not). */
function poster(ts: string): string | undefined {
  return fake.callsTo('chat.postMessage').find((c) => c.ok && c.response?.ts === ts)?.token;
}

/**
 * Counted in Slack, by the key in each message's metadata: every notification exactly once. Counted in the
 * database: every notification sent, naming that very message by its ts, no two naming the same one.
 */
async function expectEachSentOnce(): Promise<void> {
  const keys = deliveredKeys(fake);
  expect(keys.length).toBe(COUNT);
  expect(new Set(keys).size).toBe(COUNT);
  const docs = await NotificationModel.find({ kind: 'mp' }).lean();
  expect(docs).toHaveLength(COUNT);
  expect(docs.filter((d) => d.status !== 'sent')).toEqual([]);
  const byTs = new Map(fake.messages().map((m) => [m.ts, m]));
  for (const d of docs) {
    const message = byTs.get(d.slack?.ts ?? '');
    expect({ key: d.key, metadata: message?.metadata, channel: message?.channel }).toEqual({
      key: d.key,
      metadata: { event_type: 'iec_notification', event_payload: { key: d.key } },
      channel: d.slack?.channel,
    });
  }
  expect(new Set(docs.map((d) => d.slack?.ts)).size).toBe(COUNT);
}

it('three processes send every notification exactly once', async () => {
  fake.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
  fake.fail('chat.postMessage', { status: 500 }, 3);
  const workers = await startWorkers({ leaseMs: 10_000, concurrency: 8, timeoutMs: 5_000 });
  const codes = await Promise.all(workers.map((w) => w.exited));
  expect({ codes, output: workers.map((w) => w.output) }).toMatchObject({ codes: [0, 0, 0] });
  await expectEachSentOnce();
  // the work was shared: more than one process sent something
  const senders = new Set(fake.callsTo('chat.postMessage').filter((c) => c.ok).map((c) => c.token));
  expect(senders.size).toBeGreaterThan(1);
});

it('a process killed with SIGKILL while Slack holds posts it accepted but never answered: each sent once', async () => {
  // The first posts reach Slack but their answers never come back (the ack window); a few others never reach it.
  const ACCEPTED_UNANSWERED = 9;
  fake.fail('chat.postMessage', { acceptThenHang: true }, ACCEPTED_UNANSWERED);
  fake.fail('chat.postMessage', { hang: true }, 2);
  fake.fail('chat.postMessage', { status: 500 }, 2);
  const unanswered = () => fake.callsTo('chat.postMessage').filter((c) => c.status === 0);
  // Normal concurrency: up to 8 recipients in flight per process. A lost answer takes 1.5 s to time out;
  // the lease (renewed before every post) outlasts it.
  const workers = await startWorkers({ leaseMs: 2_500, concurrency: 8, timeoutMs: 1_500 });
  await until(() => unanswered().length >= ACCEPTED_UNANSWERED, 20_000);
  // kill the process with the most accepted-but-unanswered posts in flight, while they are in flight
  const inFlight = (w: Worker) => unanswered().filter((c) => c.ok && c.token === w.token).length;
  const victim = [...workers].sort((a, b) => inFlight(b) - inFlight(a))[0];
  const victimInFlight = inFlight(victim);
  victim.child.kill('SIGKILL');
  expect(victimInFlight).toBeGreaterThanOrEqual(2);

  const survivors = workers.filter((w) => w !== victim);
  const codes = await Promise.all(survivors.map((w) => w.exited));
  expect({ codes, output: survivors.map((w) => w.output) }).toMatchObject({ codes: [0, 0] });
  expect(await victim.exited).toBeNull();
  await expectEachSentOnce();

  // What the victim had posted without recording it, a survivor found in the channel and recorded: not re-posted.
  const docs = await NotificationModel.find({ kind: 'mp' }).lean();
  const recovered = docs.filter((d) => poster(d.slack?.ts ?? '') === victim.token && d.owner !== victim.token);
  expect(recovered.length).toBeGreaterThanOrEqual(victimInFlight);
  expect(fake.callsTo('conversations.history').length).toBeGreaterThan(0);
});
