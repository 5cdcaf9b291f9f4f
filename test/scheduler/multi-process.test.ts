import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { NotificationModel } from '../../src/scheduler/model';
import { connectTestDatabase, disconnectTestDatabase } from '../support/db';
import { FakeSlack } from '../support/fake-slack';
import { deliveredKeys } from './support/scheduler-fixtures';

/**
 * Three scheduler replicas as separate OS processes on one database and one fake Slack: every notification
 * is sent exactly once, also when one replica is killed with SIGKILL in the middle of sending.
 */

const WORKER = path.join(__dirname, 'support', 'worker.ts');
const COUNT = 60;
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

function startWorker(n: number, opts: { leaseMs: number; concurrency: number }): Worker {
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
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts the replicas and lets them go together once all are loaded and connected. */
async function startWorkers(opts: { leaseMs: number; concurrency: number }): Promise<Worker[]> {
  const workers = [1, 2, 3].map((n) => startWorker(n, opts));
  await until(() => workers.every((w) => w.output.includes('ready')), 20_000);
  for (const w of workers) w.child.stdin?.end('go\n');
  return workers;
}

async function expectEachSentOnce(): Promise<void> {
  const keys = deliveredKeys(fake);
  expect(keys.length).toBe(COUNT);
  expect(new Set(keys).size).toBe(COUNT);
  const docs = await NotificationModel.find({ kind: 'mp' }).lean();
  expect(docs).toHaveLength(COUNT);
  expect(docs.filter((d) => d.status !== 'sent')).toEqual([]);
}

it('three processes send every notification exactly once', async () => {
  fake.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
  fake.fail('chat.postMessage', { status: 500 }, 3);
  const workers = await startWorkers({ leaseMs: 10_000, concurrency: 8 });
  const codes = await Promise.all(workers.map((w) => w.exited));
  expect({ codes, output: workers.map((w) => w.output) }).toMatchObject({ codes: [0, 0, 0] });
  await expectEachSentOnce();
  // the work was shared: more than one process sent something
  const senders = new Set(fake.callsTo('chat.postMessage').filter((c) => c.ok).map((c) => c.token));
  expect(senders.size).toBeGreaterThan(1);
});

it('a process killed with SIGKILL in the middle of sending: its claims are taken over after the lease, each sent once', async () => {
  fake.fail('chat.postMessage', { hang: true }, 1); // the first send never gets an answer
  // One recipient at a time per process, so the kill lands while the victim has exactly one message in flight
  // (the hung one). With several in flight, a kill between Slack accepting a message and the database recording
  // it could repeat that message: see the scheduler's notes on the ack window.
  const workers = await startWorkers({ leaseMs: 2_000, concurrency: 1 });
  await until(() => fake.calls.some((c) => c.error === 'hang'), 20_000);
  const hung = fake.calls.find((c) => c.error === 'hang');
  const victim = workers.find((w) => w.token === hung?.token);
  expect(victim).toBeDefined();
  victim!.child.kill('SIGKILL');
  const survivors = workers.filter((w) => w !== victim);
  const codes = await Promise.all(survivors.map((w) => w.exited));
  expect({ codes, output: survivors.map((w) => w.output) }).toMatchObject({ codes: [0, 0] });
  expect(await victim!.exited).toBeNull();
  await expectEachSentOnce();
  // the message that hung was sent later by a survivor, under the same key
  const hungText = String(hung!.args.text);
  const delivered = fake.callsTo('chat.postMessage').filter((c) => c.ok && c.args.text === hungText);
  expect(delivered).toHaveLength(1);
  expect(delivered[0].token).not.toBe(victim!.token);
  const doc = await NotificationModel.findOne({ key: hungText.replace('notification ', '') }).lean();
  expect(doc?.owner).not.toBe(victim!.token);
  expect(doc?.attempts).toBe(2);
});
