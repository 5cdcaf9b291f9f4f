import { spawn } from 'node:child_process';
import path from 'node:path';
import { CommissionModel } from '../../src/commissions/model';
import { ATTENDANCE_KIND, AttendanceActions } from '../../src/meetings/ids';
import { MeetingModel } from '../../src/meetings/model';
import { NotificationModel } from '../../src/scheduler/model';
import { connectTestDatabase, disconnectTestDatabase } from '../support/db';
import { checkMessage, FakeSlack } from '../support/fake-slack';
import { fastTime, REPLICA_TIME_FACTOR } from '../support/time';

/**
 * Three app replicas as OS processes, each running the scheduler with the real attendance source on one database
 * and one fake Slack, all ticking as of just after a meeting ends: exactly one "I attended" post in the channel and
 * exactly one prompt to each lead reach Slack.
 */

const WORKER = path.join(__dirname, 'support', 'attendance-worker.ts');
const ROOT = path.resolve(__dirname, '..', '..');
const START = new Date('2026-03-10T14:00:00Z');
const NOW = new Date(START.getTime() + 61 * 60_000);

let fake: FakeSlack;
/** Production's scheduler settings on a clock the replicas and the fake share, REPLICA_TIME_FACTOR times as fast. */
const time = fastTime(REPLICA_TIME_FACTOR);
let dbUri: string;
beforeAll(async () => {
  dbUri = await connectTestDatabase();
  fake = await FakeSlack.start({ clock: () => time.clock().getTime() });
});
afterAll(async () => {
  await fake.stop();
  await disconnectTestDatabase();
});

function startReplica(n: number) {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', WORKER], {
    cwd: ROOT,
    env: {
      ...process.env,
      WORKER_DB_URI: dbUri,
      WORKER_API_URL: fake.apiUrl,
      WORKER_TOKEN: `xoxb-attendance-${n}`,
      WORKER_NOW: NOW.toISOString(),
      WORKER_EXPECTED: '3',
      WORKER_CLOCK_START: String(time.start),
      WORKER_TIME_FACTOR: String(time.factor),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const r = { child, output: '', exited: new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))) };
  child.stdout?.on('data', (d: Buffer) => (r.output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (r.output += d.toString()));
  return r;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('three replicas: one "I attended" post and one prompt to each of the two leads, exactly once', async () => {
  await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', channelId: 'C0HEALTH', leads: ['ULEAD0001', 'ULEAD0002'] });
  const m = await MeetingModel.create({
    commissionKey: 'healthcare',
    title: 'Spring meeting',
    startsAt: START,
    durationMinutes: 60,
    createdBy: 'ULEAD0001',
    revisedAt: new Date(START.getTime() - 86_400_000),
  });
  const replicas = [1, 2, 3].map(startReplica);
  await until(() => replicas.every((r) => r.output.includes('ready')), 60_000);
  for (const r of replicas) r.child.stdin?.end('go\n');
  const codes = await Promise.all(replicas.map((r) => r.exited));
  expect({ codes, output: replicas.map((r) => r.output.slice(-300)) }).toMatchObject({ codes: [0, 0, 0] });

  const posts = fake.callsTo('chat.postMessage').filter((c) => c.ok);
  for (const p of posts) expect(checkMessage(p.args)).toEqual([]);
  const channelPosts = posts.filter((p) => p.args.channel === 'C0HEALTH');
  expect(channelPosts).toHaveLength(1);
  expect(JSON.stringify(channelPosts[0].args.blocks)).toContain(AttendanceActions.claim);
  for (const lead of ['ULEAD0001', 'ULEAD0002']) {
    const dms = posts.filter((p) => p.args.channel === fake.dmChannelFor(lead));
    expect(dms).toHaveLength(1);
    expect(JSON.stringify(dms[0].args.blocks)).toContain(AttendanceActions.record);
  }
  expect(posts).toHaveLength(3);
  const docs = await NotificationModel.find({ kind: ATTENDANCE_KIND }, { key: 1, status: 1, _id: 0 }).sort({ key: 1 }).lean();
  const id = String(m._id);
  expect(docs).toEqual([
    { key: `attendance:${id}:r0:channel`, status: 'sent' },
    { key: `attendance:${id}:r0:to-ULEAD0001`, status: 'sent' },
    { key: `attendance:${id}:r0:to-ULEAD0002`, status: 'sent' },
  ]);
}, 120_000);
