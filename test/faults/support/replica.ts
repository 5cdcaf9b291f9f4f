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
import { connectDatabase } from '../../../src/db/connection';
import { createDeliveryClient, DEFAULT_CLIENT_TIMEOUT_MS } from '../../../src/scheduler/delivery';
import { NotificationModel } from '../../../src/scheduler/model';
import { tick, type SchedulerDeps } from '../../../src/scheduler/scheduler';
import type { NotificationSource, PlannedNotification } from '../../../src/scheduler/types';
import { fastTime } from '../../support/time';

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

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

async function main(): Promise<void> {
  const now = new Date(env('REPLICA_NOW'));
  const count = Number(env('REPLICA_COUNT'));
  const items = replicaItems(now, count);
  const source: NotificationSource = {
    kind: REPLICA_KIND,
    plan: async (w) => items.filter((n) => n.dueAt > w.from && n.dueAt <= w.to),
    render: async (n) => ({ message: { text: `notification ${n.key}` } }),
  };
  await connectDatabase(env('REPLICA_DB_URI'));
  const token = env('REPLICA_TOKEN');
  const time = fastTime(Number(env('REPLICA_TIME_FACTOR')), Number(env('REPLICA_CLOCK_START')));
  const quiet = () => undefined;
  const deps: SchedulerDeps = {
    // the HTTP client's timer is real: production's timeout is given in real milliseconds of the fast clock
    client: createDeliveryClient(token, { apiUrl: env('REPLICA_API_URL'), timeoutMs: time.real(DEFAULT_CLIENT_TIMEOUT_MS) }),
    sources: [source],
    logger: {
      debug: quiet,
      info: quiet,
      warn: quiet,
      error: (...m: unknown[]) => console.error(...m),
      setLevel: quiet,
      getLevel: () => 'info',
      setName: quiet,
    } as never,
    timeZone: 'America/New_York',
    admins: [],
    owner: token,
    concurrency: 8,
    wallClock: time.clock,
    delivery: { sleep: time.sleep, warn: (m) => console.error(m) },
  };
  await deps.client.auth.test(); // load what is loaded lazily before the first claim
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
