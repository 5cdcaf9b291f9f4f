/**
 * One scheduler replica in its own OS process, for the multi-process tests: connects to the test database,
 * then runs the tick loop against the fake Slack until every notification of its test source is final.
 * Configured by environment: WORKER_DB_URI, WORKER_API_URL, WORKER_TOKEN (distinct per worker, so the test
 * can tell from the fake's calls who made a request), WORKER_NOW, WORKER_COUNT, WORKER_CLOCK_START and WORKER_TIME_FACTOR (the clock all replicas and the fake Slack share:
 * `fastTime` in test/support/time.ts), WORKER_DEADLINE_MS (optional: how long it may take, real, default 60 s).
 * The scheduler's settings are production's, on that clock. It prints `ready`,
 * then starts when a line arrives on stdin (so all workers start together, once ts-node has loaded them).
 */
import mongoose from 'mongoose';
import { NotificationModel } from '../../../src/scheduler/model';
import { tick } from '../../../src/scheduler/scheduler';
import type { NotificationSource, PlannedNotification } from '../../../src/scheduler/types';
import { requiredEnv, startReplicaScheduler } from './replica-process';

const env = requiredEnv;

export function multiProcessItems(now: Date, count: number): PlannedNotification[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `mp:${i}`,
    kind: 'mp',
    dueAt: new Date(now.getTime() - i * 1000),
    expiresAt: new Date(now.getTime() + 24 * 60 * 60_000),
    recipient: i % 5 === 0 ? { user: `UMP${i}` } : { channel: `CMP${i % 6}` },
    ref: { i },
  }));
}

async function main(): Promise<void> {
  const now = new Date(env('WORKER_NOW'));
  const count = Number(env('WORKER_COUNT'));
  const items = multiProcessItems(now, count);
  const source: NotificationSource = {
    kind: 'mp',
    plan: async (w) => items.filter((n) => n.dueAt > w.from && n.dueAt <= w.to),
    render: async (n) => ({ message: { text: `notification ${n.key}` } }),
  };
  const deps = await startReplicaScheduler('WORKER', [source]);
  console.log('ready');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  const deadline = Date.now() + Number(process.env.WORKER_DEADLINE_MS ?? 60_000);
  let sent = 0;
  while (Date.now() < deadline) {
    const summary = await tick(now, deps);
    sent += summary.sent;
    const final = await NotificationModel.countDocuments({ kind: 'mp', status: { $in: ['sent', 'skipped', 'failed'] } });
    if (final === count) {
      console.log(`done sent=${sent}`);
      await mongoose.disconnect();
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('not every notification was final in time');
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: Error) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
