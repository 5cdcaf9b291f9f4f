/**
 * What the scheduler replicas of the multi-process tests share (test/scheduler/support/worker.ts,
 * test/faults/support/replica.ts, test/meetings/support/attendance-worker.ts): each runs in its own OS process,
 * configured by environment variables under its own prefix, with production's scheduler settings (lease, retry
 * delay, attempts, concurrency, backoffs, time budget, client timeout) on the fast clock the replicas and the fake
 * Slack share (`fastTime`).
 */
import { connectDatabase } from '../../../src/db/connection';
import { createDeliveryClient, DEFAULT_CLIENT_TIMEOUT_MS } from '../../../src/scheduler/delivery';
import { NotificationModel } from '../../../src/scheduler/model';
import type { SchedulerDeps } from '../../../src/scheduler/scheduler';
import type { NotificationSource } from '../../../src/scheduler/types';
import { fastTime } from '../../support/time';

/** The environment variable `name`, or an error saying it is not set. */
export function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

/** Only errors are printed (to stderr, which the test shows when a replica fails). */
const quietLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (...m: unknown[]) => console.error(...m),
  setLevel: () => undefined,
  getLevel: () => 'info',
  setName: () => undefined,
} as unknown as SchedulerDeps['logger'];

/**
 * Connects to `${prefix}_DB_URI` and returns the scheduler's deps for `sources`, posting to `${prefix}_API_URL`
 * as `${prefix}_TOKEN` (distinct per replica: the fake's calls show who posted, and it is the replica's owner id),
 * on the clock of `${prefix}_TIME_FACTOR` and `${prefix}_CLOCK_START`. Lazily loaded code is loaded before it returns,
 * so the replicas start the race together.
 */
export async function startReplicaScheduler(
  prefix: string,
  sources: NotificationSource[],
  options: { warn?: (message: string) => void } = {},
): Promise<SchedulerDeps> {
  const env = (name: string) => requiredEnv(`${prefix}_${name}`);
  await connectDatabase(env('DB_URI'));
  const token = env('TOKEN');
  const time = fastTime(Number(env('TIME_FACTOR')), Number(env('CLOCK_START')));
  const deps: SchedulerDeps = {
    // the HTTP client's timer is real: production's timeout is given in real milliseconds of the fast clock
    client: createDeliveryClient(token, { apiUrl: env('API_URL'), timeoutMs: time.real(DEFAULT_CLIENT_TIMEOUT_MS) }),
    sources,
    logger: quietLogger,
    timeZone: 'America/New_York',
    admins: [],
    owner: token,
    wallClock: time.clock,
    delivery: { sleep: time.sleep, ...(options.warn ? { warn: options.warn } : {}) },
  };
  // its answer does not matter (on a loaded machine it can outlast the 1 s real client timeout): it loads the code
  await deps.client.auth.test().catch(() => undefined);
  await NotificationModel.exists({ key: 'warm-up' });
  return deps;
}
