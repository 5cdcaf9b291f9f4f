/**
 * One app replica's scheduler in its own OS process, for the SIGKILL test (test/faults/replicas.test.ts):
 * connects to the test database and runs ticks against the fake Slack until every notification of the
 * test source is final, then exits 0. Each tick's summary is printed as a JSON line. Configured by environment:
 * REPLICA_DB_URI, REPLICA_API_URL, REPLICA_TOKEN (distinct per process: the fake's calls show who posted),
 * REPLICA_NOW (the business instant every tick runs as of), REPLICA_COUNT, REPLICA_CLOCK_START and REPLICA_TIME_FACTOR
 * (the clock the replicas and the fake Slack share: `fastTime` in test/support/time.ts). The scheduler's settings
 * are production's (lease, retry delay, backoffs, time budget, client timeout), on that clock.
 */
import mongoose from 'mongoose';
import { NotificationModel } from '../../../src/scheduler/model';
import { tick } from '../../../src/scheduler/scheduler';
import type { NotificationSource, PlannedNotification } from '../../../src/scheduler/types';
import { requiredEnv, startReplicaScheduler } from '../../scheduler/support/replica-process';

export const REPLICA_KIND = 'replica-test';

/** The notifications due: spread over channels and DMs, all due by `now`, none expiring during the test. */
export function replicaItems(now: Date, count: number): PlannedNotification[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `${REPLICA_KIND}:${i}`,
    kind: REPLICA_KIND,
    dueAt: new Date(now.getTime() - (i + 1) * 100),
    expiresAt: new Date(now.getTime() + 24 * 3_600_000),
    recipient: i % 10 === 0 ? { user: `UREP${String(i % 40).padStart(4, '0')}` } : { channel: `CREP${i % 24}` },
    ref: { i },
  }));
}

const env = requiredEnv;

async function main(): Promise<void> {
  const now = new Date(env('REPLICA_NOW'));
  const count = Number(env('REPLICA_COUNT'));
  const items = replicaItems(now, count);
  const source: NotificationSource = {
    kind: REPLICA_KIND,
    plan: async (w) => items.filter((n) => n.dueAt > w.from && n.dueAt <= w.to),
    render: async (n) => ({ message: { text: `notification ${n.key}` } }),
  };
  const deps = await startReplicaScheduler('REPLICA', [source], { warn: (m) => console.error(m) });
  console.log('ready');
  for (;;) {
    const summary = await tick(now, deps);
    console.log(
      JSON.stringify({ sent: summary.sent, takenOver: summary.takenOver, claimed: summary.claimed, errors: summary.errors.length }),
    );
    const open = await NotificationModel.countDocuments({ kind: REPLICA_KIND, status: 'claimed' });
    const total = await NotificationModel.countDocuments({ kind: REPLICA_KIND });
    if (total === count && open === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await mongoose.disconnect();
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: Error) => {
      console.error(err.stack ?? err.message);
      process.exit(1);
    },
  );
}
