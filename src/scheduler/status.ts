import { NotificationModel, type NotificationStatus } from './model';
import { planningReads } from './planning-reads';
import type { NotificationSource, SchedulerContext } from './types';

/** What `/iec status` shows: the last 7 days of scheduled messages, the recent failures, and what is due next. */

export const STATUS_WINDOW_DAYS = 7;
const DAY_MS = 24 * 60 * 60_000;

export interface StatusFailure {
  key: string;
  kind: string;
  dueAt: Date;
  reason: string;
  target: { channel?: string; user?: string };
}

export interface StatusUpcoming {
  key: string;
  kind: string;
  /** What it is about (see PlannedNotification.about). */
  about?: string;
  dueAt: Date;
  target: { channel?: string; user?: string };
}

/** The scheduler run that finished a message last (by the wall clock), whatever business time it ran as of. */
export interface LatestRun {
  /** Its business time: the cron's clock, the sandbox's, or `npm run job -- --at`. */
  at: Date;
  counts: Record<Exclude<NotificationStatus, 'claimed'>, number>;
}

export interface SchedulerStatus {
  now: Date;
  /** By the business time of the run that handled them (the due date for those still being sent). */
  counts: Record<NotificationStatus, number>;
  latestRun?: LatestRun;
  failures: StatusFailure[];
  failuresTotal: number;
  upcoming: StatusUpcoming[];
  upcomingTotal: number;
  /** Sources that could not say what is due next (their error). */
  planningErrors: string[];
}

function target(r: { channel?: string | null; user?: string | null } | null | undefined): { channel?: string; user?: string } {
  return r?.channel ? { channel: r.channel } : r?.user ? { user: r.user } : {};
}

/** Finished messages read to find the latest run: those an erasure skips carry no run time. */
const LATEST_RUN_LOOKBACK = 20;

/** What the run that finished a message last did (the messages finished as of its business time). */
async function latestRunOf(): Promise<LatestRun | undefined> {
  // The newest finished messages by the finishedAt index; every run sets runAt with finishedAt, so the first with one
  // is the latest run's (a filter on runAt with this sort walked every message without one until it found it). A
  // range, not $exists, so the index bounds leave out the messages still unfinished (no finishedAt).
  const newest = await NotificationModel.find({ finishedAt: { $gte: new Date(0) } }, { runAt: 1 })
    .sort({ finishedAt: -1 })
    .limit(LATEST_RUN_LOOKBACK)
    .lean();
  const last = newest.find((n) => n.runAt);
  if (!last?.runAt) return undefined;
  const grouped = await NotificationModel.aggregate<{ _id: NotificationStatus; n: number }>([
    { $match: { runAt: last.runAt } },
    { $group: { _id: '$status', n: { $sum: 1 } } },
  ]);
  const counts = { sent: 0, skipped: 0, failed: 0 };
  for (const g of grouped) if (g._id !== 'claimed') counts[g._id] = g.n;
  return { at: last.runAt, counts };
}

export async function schedulerStatus(
  now: Date,
  sources: readonly NotificationSource[],
  ctx: SchedulerContext,
  opts: { maxFailures: number; maxUpcoming: number; upcomingDays: number },
): Promise<SchedulerStatus> {
  const since = new Date(now.getTime() - STATUS_WINDOW_DAYS * DAY_MS);
  const within = { $gt: since, $lte: now };
  // handled by a run as of these 7 days (a run's `--at` may be far from its due dates), or still being sent
  const recent = { $or: [{ runAt: within }, { runAt: { $exists: false }, dueAt: within }] };
  const [grouped, failures, latestRun] = await Promise.all([
    NotificationModel.aggregate<{ _id: NotificationStatus; n: number }>([
      { $match: recent },
      { $group: { _id: '$status', n: { $sum: 1 } } },
    ]),
    NotificationModel.find({ ...recent, status: 'failed' })
      .sort({ dueAt: -1 })
      .limit(opts.maxFailures)
      .lean(),
    latestRunOf(),
  ]);
  const counts: Record<NotificationStatus, number> = { claimed: 0, sent: 0, skipped: 0, failed: 0 };
  for (const g of grouped) counts[g._id] = g.n;
  // the failures of these 7 days are counted by the grouping already
  const failuresTotal = counts.failed;

  // what is due next: planned by the sources for the coming days, minus what is already recorded
  const window = { from: now, to: new Date(now.getTime() + opts.upcomingDays * DAY_MS) };
  const planningErrors: string[] = [];
  // one planning run: the sources share what they all read (every commission, the meetings around the window)
  const run: SchedulerContext = { ...ctx, reads: planningReads() };
  const planned = (
    await Promise.all(
      sources.map((s) =>
        s.plan(window, run).catch((err: unknown) => {
          planningErrors.push(`${s.kind}: ${err instanceof Error ? err.message : String(err)}`);
          return [];
        }),
      ),
    )
  ).flat();
  const recorded = new Set(
    (await NotificationModel.find({ key: { $in: planned.map((n) => n.key) } }, { key: 1 }).lean()).map((d) => d.key),
  );
  const upcoming = planned
    .filter((n) => !recorded.has(n.key) && n.dueAt > window.from && n.dueAt <= window.to)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  return {
    now,
    counts,
    ...(latestRun ? { latestRun } : {}),
    failures: failures.map((f) => ({
      key: f.key,
      kind: f.kind,
      dueAt: f.dueAt,
      reason: f.reason ?? 'unknown',
      target: target(f.recipient),
    })),
    failuresTotal,
    upcoming: upcoming.slice(0, opts.maxUpcoming).map((n) => ({
      key: n.key,
      kind: n.kind,
      ...(n.about ? { about: n.about } : {}),
      dueAt: n.dueAt,
      target: target(n.recipient as { channel?: string; user?: string }),
    })),
    upcomingTotal: upcoming.length,
    planningErrors,
  };
}
