import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { NotificationModel } from '../../src/scheduler/model';
import { connectTestDatabase, disconnectTestDatabase } from '../support/db';
import { FakeSlack } from '../support/fake-slack';
import { fastTime, REPLICA_TIME_FACTOR } from '../support/time';
import { faultsSeed, seededRandom } from './support/random';
import { REPLICA_KIND, replicaItems } from './support/replica';

/**
 * Three replicas of the app's scheduler as OS processes on one database, while 1,000 notifications are due; every
 * couple of seconds one of them is killed with SIGKILL (wherever it is: claiming, posting, recording) and a fresh
 * one takes its place (up to MAX_KILLS times). Each notification reaches Slack exactly once and ends recorded as sent.
 * The replicas run production's settings on a clock REPLICA_TIME_FACTOR times as fast that they and the fake Slack
 * share: a killed replica's claims wait out the 5-minute lease, 15 s real.
 */

const WORKER = path.join(__dirname, 'support', 'replica.ts');
const COUNT = 1000;
const NOW = '2026-05-04T13:00:00.000Z';
const KILL_EVERY_MS = 2_000;
/** Enough to land kills while claiming, posting and recording; not so many that every claim keeps waiting out a lease. */
const MAX_KILLS = 6;
const SEED = faultsSeed(5);

interface Replica {
  name: string;
  child: ChildProcess;
  output: string;
  ready: boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let fake: FakeSlack;
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

function startReplica(name: string): Replica {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', WORKER], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: {
      ...process.env,
      REPLICA_DB_URI: dbUri,
      REPLICA_API_URL: fake.apiUrl,
      REPLICA_TOKEN: `xoxb-replica-${name}`,
      REPLICA_NOW: NOW,
      REPLICA_COUNT: String(COUNT),
      REPLICA_CLOCK_START: String(time.start),
      REPLICA_TIME_FACTOR: String(time.factor),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const r: Replica = {
    name,
    child,
    output: '',
    ready: false,
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  const collect = (d: Buffer) => {
    r.output += d.toString();
    if (r.output.includes('ready')) r.ready = true;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return r;
}

const finalCount = () => NotificationModel.countDocuments({ kind: REPLICA_KIND, status: { $in: ['sent', 'skipped', 'failed'] } });
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it(`three replicas, one killed with SIGKILL every ${KILL_EVERY_MS / 1000} s, send each of ${COUNT} due notifications exactly once (seed ${SEED})`, async () => {
  const random = seededRandom(SEED);
  const replicas = [1, 2, 3].map((n) => startReplica(`r${n}`));
  const killed: string[] = [];
  const deadline = Date.now() + 100_000;
  while ((await finalCount()) < COUNT && Date.now() < deadline && killed.length < MAX_KILLS) {
    await wait(KILL_EVERY_MS);
    const live = replicas.filter((r) => r.ready && r.child.exitCode === null && r.child.signalCode === null);
    if (live.length === 0 || (await finalCount()) >= COUNT) continue;
    const victim = live[random.int(live.length)];
    victim.child.kill('SIGKILL');
    killed.push(victim.name);
    replicas.push(startReplica(`r${replicas.length + 1}`));
  }
  // the survivors stop by themselves once everything is final (the last victim's claims after its lease, 15 s real);
  // one that does not is killed after 60 s
  const stragglers = setTimeout(() => {
    for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGTERM');
  }, 60_000);
  const outcomes = await Promise.all(replicas.map(async (r) => ({ name: r.name, ...(await r.exited) })));
  clearTimeout(stragglers);

  // the survivors finished normally; the victims died by the signal
  const survivors = outcomes.filter((o) => !killed.includes(o.name));
  expect({ survivors, output: replicas.filter((r) => !killed.includes(r.name)).map((r) => r.output.slice(-500)) }).toMatchObject({
    survivors: survivors.map((o) => ({ name: o.name, code: 0 })),
  });
  expect(outcomes.filter((o) => killed.includes(o.name)).every((o) => o.signal === 'SIGKILL')).toBe(true);
  expect(killed.length).toBeGreaterThanOrEqual(3);

  // exactly once, as Slack saw it
  const texts = fake
    .callsTo('chat.postMessage')
    .filter((c) => c.ok)
    .map((c) => String(c.args.text).replace(/^notification /, ''));
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  const expected = replicaItems(new Date(NOW), COUNT).map((n) => n.key);
  expect({
    missing: expected.filter((k) => !counts.has(k)),
    duplicated: [...counts].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`),
  }).toEqual({ missing: [], duplicated: [] });

  // and as the database recorded it
  const docs = await NotificationModel.find({ kind: REPLICA_KIND }, { key: 1, status: 1, reason: 1 }).lean();
  expect(docs).toHaveLength(COUNT);
  expect(docs.filter((d) => d.status !== 'sent').map((d) => `${d.key}: ${d.status} ${d.reason ?? ''}`)).toEqual([]);

  // the kills landed while work was claimed: other replicas took claims over
  const takenOver = replicas
    .flatMap((r) => r.output.split('\n'))
    .filter((l) => l.startsWith('{'))
    .reduce((sum, l) => sum + (JSON.parse(l) as { takenOver: number }).takenOver, 0);
  expect(takenOver).toBeGreaterThan(0);
}, 180_000);
