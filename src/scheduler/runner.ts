import type { Logger } from '@slack/logger';
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../config';
import { createDeliveryClient } from './delivery';
import { replicaId, tick, type SchedulerDeps, type TickSummary } from './scheduler';
import { runNightly, type NightlyJob } from './nightly';

/**
 * The cron side: every minute, one tick as of the clock. Ticks never overlap in one process (a slow tick makes
 * the next one skip); what each tick does is decided from the database, so a restart loses nothing.
 */

export interface RunningScheduler {
  owner: string;
  /** Stops the cron and waits (at most `graceMs`) for a tick in progress to end. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The scheduler's dependencies as the app and `npm run job` build them. The sources come from the app's
 * composition (`notificationSources` in src/scheduled.ts, each feature's from its index): the engine knows no feature.
 */
export function schedulerDeps(
  config: Config,
  logger: Logger,
  given: Pick<SchedulerDeps, 'sources'> & Partial<SchedulerDeps>,
): SchedulerDeps {
  return {
    client: createDeliveryClient(config.slack.botToken, { apiUrl: config.slack.apiUrl }),
    logger,
    timeZone: config.timeZone,
    admins: config.admins,
    owner: replicaId(),
    ...given,
  };
}

export function describeSummary(s: TickSummary): string {
  const parts = [`${s.sent} sent`, `${s.skipped} skipped`, `${s.failed} failed`];
  if (s.retrying > 0) parts.push(`${s.retrying} to retry`);
  if (s.takenOver > 0) parts.push(`${s.takenOver} taken over`);
  if (s.errors.length > 0) parts.push(`${s.errors.length} errors`);
  return parts.join(', ');
}

/** Runs `deps`' sources every minute, and the `nightly` jobs (`nightlyJobs` in src/scheduled.ts) once a night across replicas. */
export function startScheduler(
  deps: SchedulerDeps,
  clock: () => Date,
  nightly: readonly NightlyJob[],
  expression = '* * * * *',
): RunningScheduler {
  let running: Promise<unknown> | undefined;
  const task: ScheduledTask = cron.schedule(
    expression,
    async () => {
      if (running) return;
      const now = clock();
      running = tick(now, deps)
        .then((summary) => {
          if (summary.sent + summary.skipped + summary.failed + summary.retrying > 0 || summary.errors.length > 0) {
            deps.logger.info(`scheduler tick: ${describeSummary(summary)}`);
          }
        })
        .then(() => runNightly(nightly, now, { timeZone: deps.timeZone, owner: deps.owner, wallClock: deps.wallClock }))
        .then((outcomes) => {
          for (const o of outcomes) if (o.status === 'ran') deps.logger.info(`nightly ${o.kind} ${o.reason}`);
        })
        .catch((err: unknown) => deps.logger.error('scheduler tick failed (the next tick retries):', err))
        .finally(() => {
          running = undefined;
        });
      await running;
    },
    { noOverlap: true, name: `iec-scheduler-${deps.owner}` },
  );
  return {
    owner: deps.owner,
    async stop(graceMs = 10_000) {
      await task.stop();
      await task.destroy();
      // a tick still delivering after the grace period keeps its claims under their lease: another replica
      // (or this one after a restart) finishes them
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    },
  };
}
