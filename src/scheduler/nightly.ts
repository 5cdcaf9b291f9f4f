import { NotificationModel } from './model';
import { localDate, zonedDateTime } from '../domain/dates';

/**
 * Work done once a night across all replicas (the reconcile), through the scheduler's exactly-once store: each
 * night's run is a document keyed `<kind>:<YYYY-MM-DD>`, claimed by a unique INSERT like every scheduled message;
 * only the replica whose insert succeeded runs it, and it records what the work reported as the reason (`/iec
 * status` lists it as skipped: nothing is sent). Tried on every cron tick from `time` (app's time zone) for
 * `windowMs`; a night missed entirely (the app was down) is left to the next night. A replica that dies while
 * running leaves the claim: that night's run is not repeated (the work must be safe to lose and redo the next night).
 */
export interface NightlyJob {
  kind: string;
  /** `HH:mm` in the app's time zone. */
  time: string;
  /** Does the work; returns what it did, in words. */
  run(now: Date): Promise<string>;
}

const WINDOW_MS = 6 * 60 * 60_000;

export type NightlyOutcome = { kind: string; status: 'ran' | 'done already' | 'not due'; reason?: string };

export async function runNightly(
  jobs: readonly NightlyJob[],
  now: Date,
  opts: { timeZone: string; owner: string; wallClock?: () => Date },
): Promise<NightlyOutcome[]> {
  const outcomes: NightlyOutcome[] = [];
  for (const job of jobs) {
    const date = localDate(now, opts.timeZone);
    const dueAt = zonedDateTime(date, job.time, opts.timeZone);
    const expiresAt = new Date(dueAt.getTime() + WINDOW_MS);
    if (now < dueAt || now > expiresAt) {
      outcomes.push({ kind: job.kind, status: 'not due' });
      continue;
    }
    const key = `${job.kind}:${date}`;
    const wall = opts.wallClock?.() ?? new Date();
    try {
      await NotificationModel.create({
        key,
        kind: job.kind,
        status: 'claimed',
        owner: opts.owner,
        leaseUntil: new Date(wall.getTime() + WINDOW_MS),
        dueAt,
        expiresAt,
        recipient: {},
        ref: { date },
      });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      outcomes.push({ kind: job.kind, status: 'done already' });
      continue;
    }
    let reason: string;
    try {
      reason = `ran: ${await job.run(now)}`;
    } catch (err) {
      reason = `failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    await NotificationModel.updateOne(
      { key, owner: opts.owner },
      {
        $set: {
          status: reason.startsWith('failed') ? 'failed' : 'skipped',
          reason,
          finishedAt: opts.wallClock?.() ?? new Date(),
          runAt: now,
        },
      },
    );
    outcomes.push({ kind: job.kind, status: 'ran', reason });
  }
  return outcomes;
}
