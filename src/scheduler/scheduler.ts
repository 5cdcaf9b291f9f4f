import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import { DEFAULT_DELIVERY_OPTIONS, deliver, findEarlierPost, type DeliveryOptions } from './delivery';
import { FAILURE_REPORT_KIND, describeRecipient, failureReportKey, failureReportRecipients, failureReportSource } from './failure-report';
import { NotificationModel, type NotificationStatus } from './model';
import { planningReads } from './planning-reads';
import type { NotificationSource, PlannedNotification, Recipient, Rendered, SchedulerContext } from './types';

/**
 * One scheduler tick, as of `now`: plan → claim by insert → render → deliver → record. Replicas run it
 * concurrently on one database; the unique key and conditional updates decide who sends what:
 * 1. every source plans the notifications due in (now − look-back, now]; keys that already exist are ignored
 *    (one `$in` query);
 * 2. each new one is INSERTED (claimed by this replica under a lease; E11000 = another replica has it), or
 *    recorded as skipped when it is already past its `expiresAt` (missed while the app was down);
 * 3. claims whose lease has passed (their sender died, or Slack kept failing) are taken over atomically; when
 *    a post had been attempted, the channel's history is searched for it first (by the key in its metadata), so
 *    a message Slack accepted just before its sender died is recorded, not sent twice;
 * 4. each claim is rendered from fresh data and delivered — serially per recipient, so a 429 on one
 *    channel delays only that channel — and ends sent, skipped or failed (with the reason), or stays claimed
 *    with a lease for a later tick when Slack is failing transiently.
 * `now` is business time (the cron's clock, or `npm run job -- --at`); leases use the wall clock, because
 * they are about live processes.
 */

/**
 * Recipients served at once. Slack limits posts per channel (about one a second), so a recipient waiting out a
 * Retry-After must not hold up the others: with a small pool, rate-limited recipients fill it (the bench's
 * fan-out took 4× its minimum at 8, 1.16× with every recipient at once).
 */
export const DEFAULT_CONCURRENCY = 64;

export interface SchedulerDeps {
  client: WebClient;
  sources: readonly NotificationSource[];
  logger: Logger;
  /** The app's default time zone. */
  timeZone: string;
  /** IEC_ADMINS: who hears about failures of notifications without a commission (or without leads). */
  admins: readonly string[];
  /** This replica's id (see `replicaId()`). */
  owner: string;
  /** Only these kinds (e.g. `['digest']` for `npm run job -- digest`); failure reports always go out. */
  kinds?: readonly string[];
  /**
   * How long a claim is ours before another replica may take it over (default 5 minutes). Renewed just before
   * each post, it must outlast one Slack request (the client's timeout, 20 s by default): a replica that takes a
   * claim over searches the channel for an earlier post, and a post still in flight could land after that search.
   */
  leaseMs?: number;
  /** How far back each tick looks for notifications (default 3 days: longer than any catch-up window). */
  lookBackMs?: number;
  /** After a tick gives up on a transient Slack failure, when a later tick tries again (default 2 minutes). */
  retryDelayMs?: number;
  /** Attempts (over all ticks) before a notification that keeps failing transiently is recorded as failed. */
  maxAttempts?: number;
  /** Recipients served in parallel (each recipient serially); default DEFAULT_CONCURRENCY. */
  concurrency?: number;
  delivery?: Partial<DeliveryOptions>;
  /** The wall clock for leases, and for delivery's bounds unless `delivery.clock` is given (default: the real one). */
  wallClock?: () => Date;
}

export interface TickSummary {
  planned: number;
  claimed: number;
  takenOver: number;
  sent: number;
  skipped: number;
  failed: number;
  /** Still claimed: Slack failed transiently and a later tick retries. */
  retrying: number;
  /** Sources or renders that threw (logged; their notifications are retried by later ticks). */
  errors: string[];
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
export const DEFAULT_LOOK_BACK_MS = 3 * 24 * 60 * 60_000;
export const DEFAULT_RETRY_DELAY_MS = 2 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 30;
const TAKEOVER_BATCH = 200;

/** A replica id: host, pid and a random suffix (a restarted process never reuses its predecessor's claims). */
export function replicaId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The reason recorded for a notification that was due while nothing was running and is no longer useful. */
export function missedReason(dueAt: Date, expiresAt: Date): string {
  return `missed while the app was down; was due ${dueAt.toISOString()} and no longer useful after ${expiresAt.toISOString()}`;
}

interface Claim {
  _id: unknown;
  key: string;
  kind: string;
  dueAt: Date;
  expiresAt: Date;
  recipient?: { channel?: string | null; user?: string | null } | null;
  commissionKey?: string | null;
  ref?: Record<string, string | number> | null;
  attempts?: number | null;
  lastError?: string | null;
  attempt?: { channel?: string | null; startedAt?: Date | null } | null;
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

function toRecipient(r: Claim['recipient']): Recipient | undefined {
  if (r?.channel) return { channel: r.channel };
  if (r?.user) return { user: r.user };
  return undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(runners);
}

export async function tick(now: Date, deps: SchedulerDeps): Promise<TickSummary> {
  return new Tick(now, deps).run();
}

class Tick {
  private readonly summary: TickSummary = { planned: 0, claimed: 0, takenOver: 0, sent: 0, skipped: 0, failed: 0, retrying: 0, errors: [] };
  private readonly ctx: SchedulerContext;
  private readonly sources: Map<string, NotificationSource>;
  private readonly leaseMs: number;
  private readonly delivery: DeliveryOptions;

  constructor(
    private readonly now: Date,
    private readonly deps: SchedulerDeps,
  ) {
    this.ctx = { now, timeZone: deps.timeZone, logger: deps.logger, client: deps.client, admins: deps.admins };
    const wanted = deps.sources.filter((s) => !deps.kinds || deps.kinds.includes(s.kind));
    this.sources = new Map([...wanted, failureReportSource].map((s) => [s.kind, s]));
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
    this.delivery = {
      ...DEFAULT_DELIVERY_OPTIONS,
      warn: (message) => deps.logger.warn(message),
      ...(deps.wallClock ? { clock: deps.wallClock } : {}),
      ...deps.delivery,
    };
  }

  private wall(): Date {
    return this.deps.wallClock?.() ?? new Date();
  }

  private leaseUntil(ms = this.leaseMs): Date {
    return new Date(this.wall().getTime() + ms);
  }

  async run(): Promise<TickSummary> {
    const fresh = await this.claimNew(await this.plan());
    const takenOver = await this.takeOver();
    await this.process([...fresh, ...takenOver]);
    return this.summary;
  }

  /** Everything the sources want sent in (now − look-back, now], one per key. */
  private async plan(): Promise<PlannedNotification[]> {
    const from = new Date(this.now.getTime() - (this.deps.lookBackMs ?? DEFAULT_LOOK_BACK_MS));
    const window = { from, to: this.now };
    // one planning run: the sources share what they all read; rendering later reads afresh (this.ctx has no reads)
    const run: SchedulerContext = { ...this.ctx, reads: planningReads() };
    const lists = await Promise.all(
      [...this.sources.values()].map(async (source) => {
        try {
          const planned = await source.plan(window, run);
          return planned.map((n) => ({ ...n, kind: source.kind }));
        } catch (err) {
          this.deps.logger.error(`scheduler: source "${source.kind}" could not plan:`, err);
          this.summary.errors.push(`${source.kind}: ${errorMessage(err)}`);
          return [];
        }
      }),
    );
    const byKey = new Map<string, PlannedNotification>();
    for (const n of lists.flat()) {
      if (n.dueAt > from && n.dueAt <= this.now && !byKey.has(n.key)) byKey.set(n.key, n);
    }
    this.summary.planned = byKey.size;
    return [...byKey.values()];
  }

  /** Inserts the notifications nobody has recorded yet: claimed by us, or skipped when already stale. */
  private async claimNew(planned: PlannedNotification[]): Promise<Claim[]> {
    if (planned.length === 0) return [];
    const existing = new Set(
      (await NotificationModel.find({ key: { $in: planned.map((n) => n.key) } }, { key: 1 }).lean()).map((d) => d.key),
    );
    const claims: Claim[] = [];
    await eachLimited(
      planned.filter((n) => !existing.has(n.key)),
      16,
      async (n) => {
        const stale = this.now > n.expiresAt;
        const doc = {
          key: n.key,
          kind: n.kind,
          dueAt: n.dueAt,
          expiresAt: n.expiresAt,
          recipient: n.recipient,
          commissionKey: n.commissionKey,
          ref: n.ref,
          attempts: 0,
          ...(stale
            ? {
                status: 'skipped' as NotificationStatus,
                reason: missedReason(n.dueAt, n.expiresAt),
                finishedAt: this.wall(),
                runAt: this.now,
              }
            : { status: 'claimed' as NotificationStatus, owner: this.deps.owner, leaseUntil: this.leaseUntil() }),
        };
        try {
          const created = await NotificationModel.create(doc);
          if (stale) {
            this.summary.skipped += 1;
          } else {
            this.summary.claimed += 1;
            claims.push(created.toObject() as Claim);
          }
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      },
    );
    return claims;
  }

  /** Claims whose lease has passed (sender died, or Slack failed and the retry delay is over), taken atomically. */
  private async takeOver(): Promise<Claim[]> {
    const wall = this.wall();
    const kinds = [...this.sources.keys()];
    const candidates = await NotificationModel.find(
      { status: 'claimed', leaseUntil: { $lt: wall }, ...(this.deps.kinds ? { kind: { $in: kinds } } : {}) },
      { _id: 1 },
    )
      .sort({ leaseUntil: 1 })
      .limit(TAKEOVER_BATCH)
      .lean();
    const taken: Claim[] = [];
    for (const c of candidates) {
      const doc = await NotificationModel.findOneAndUpdate(
        { _id: c._id, status: 'claimed', leaseUntil: { $lt: wall } },
        { $set: { owner: this.deps.owner, leaseUntil: this.leaseUntil() } },
        { new: true },
      ).lean();
      if (doc) taken.push(doc as unknown as Claim);
    }
    this.summary.takenOver = taken.length;
    return taken;
  }

  /** Serially per recipient, recipients in parallel. */
  private async process(claims: Claim[]): Promise<void> {
    const groups = new Map<string, Claim[]>();
    // by due time, then key: claims arrive in whatever order their inserts finished
    for (const c of claims.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key))) {
      const k = describeRecipient(c.recipient ?? {});
      groups.set(k, [...(groups.get(k) ?? []), c]);
    }
    await eachLimited([...groups.values()], this.deps.concurrency ?? DEFAULT_CONCURRENCY, async (group) => {
      for (const claim of group) await this.processOne(claim);
    });
  }

  private async processOne(claim: Claim): Promise<void> {
    try {
      await this.sendClaim(claim);
    } catch (err) {
      // the database or a bug: the claim stays ours until its lease passes, then a later tick retries it
      this.deps.logger.error(`scheduler: ${claim.key} could not be processed:`, err);
      this.summary.errors.push(`${claim.key}: ${errorMessage(err)}`);
    }
  }

  private async sendClaim(claim: Claim): Promise<void> {
    if (await this.settledByEarlierAttempt(claim)) return;
    const source = this.sources.get(claim.kind);
    if (!source) {
      await this.finish(claim, 'failed', { reason: `no source knows the kind "${claim.kind}" any more (was the feature removed?)` });
      return;
    }
    if (this.now > claim.expiresAt) {
      const reason = claim.lastError
        ? `Slack kept failing (${claim.lastError}) until it was no longer useful (after ${claim.expiresAt.toISOString()})`
        : missedReason(claim.dueAt, claim.expiresAt);
      await this.finish(claim, claim.lastError ? 'failed' : 'skipped', { reason });
      return;
    }
    if ((claim.attempts ?? 0) >= (this.deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
      await this.finish(claim, 'failed', { reason: `gave up after ${claim.attempts} attempts (last: ${claim.lastError ?? 'unknown'})` });
      return;
    }
    const planned: PlannedNotification = {
      key: claim.key,
      kind: claim.kind,
      dueAt: claim.dueAt,
      expiresAt: claim.expiresAt,
      ...(claim.commissionKey ? { commissionKey: claim.commissionKey } : {}),
      recipient: toRecipient(claim.recipient) ?? { channel: '' },
      ref: claim.ref ?? {},
    };
    let rendered: Rendered;
    try {
      rendered = await source.render(planned, this.ctx);
    } catch (err) {
      this.deps.logger.error(`scheduler: ${claim.key} could not be rendered:`, err);
      this.summary.errors.push(`${claim.key}: ${errorMessage(err)}`);
      await this.retryLater(claim, `could not be prepared: ${errorMessage(err)}`, 1);
      return;
    }
    if ('skip' in rendered) {
      await this.finish(claim, 'skipped', { reason: rendered.skip });
      return;
    }
    const recipient = rendered.recipient ?? toRecipient(claim.recipient);
    if (!recipient) {
      await this.finish(claim, 'failed', { reason: 'it has no recipient (no channel or user set)' });
      await this.reportFailure(claim, 'it has no recipient: set the commission channel');
      return;
    }
    const result = await deliver(this.deps.client, { key: claim.key, recipient, message: rendered.message }, this.delivery, (channel) =>
      this.renewLease(claim, channel),
    );
    switch (result.status) {
      case 'sent':
        if (result.recovered)
          this.deps.logger.info(`scheduler: ${claim.key} had reached Slack before its answer was lost; found it, not sent again`);
        await this.finish(claim, 'sent', { sentAt: this.wall(), slack: { channel: result.channel, ts: result.ts } });
        return;
      case 'failed':
        await this.finish(claim, 'failed', { reason: result.reason });
        await this.reportFailure(claim, result.reason);
        return;
      case 'retry':
        // a tick that never got as far as posting (the DM would not open) still counts, so it cannot retry forever
        await this.retryLater(claim, result.error, result.attempts === 0 ? 1 : 0);
        return;
      case 'abandoned':
        this.deps.logger.warn(`scheduler: ${claim.key} was taken over by another replica before it was sent`);
    }
  }

  /**
   * A claim whose earlier post may have reached Slack unrecorded (an attempt had started: its owner died, or the
   * request's outcome was unknown when it gave up for now): looks in that channel for the key first. True when
   * that settled it: found (recorded as sent, not posted again), Slack failing (tried later), or unverifiable.
   */
  private async settledByEarlierAttempt(claim: Claim): Promise<boolean> {
    const channel = claim.attempt?.channel;
    const since = claim.attempt?.startedAt;
    if (!channel || !since) return false;
    const earlier = await findEarlierPost(this.deps.client, claim.key, { channel, since }, this.delivery);
    switch (earlier.status) {
      case 'found':
        this.deps.logger.info(`scheduler: ${claim.key} had reached Slack before its sender could record it; found it, not sent again`);
        await this.finish(claim, 'sent', { sentAt: this.wall(), slack: { channel, ts: earlier.ts } });
        return true;
      case 'absent':
        return false;
      case 'retry': {
        const error = `could not check whether an earlier attempt reached Slack (${earlier.error})`;
        if (this.now > claim.expiresAt || (claim.attempts ?? 0) + 1 >= (this.deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
          await this.finish(claim, 'failed', { reason: `${error} until it was too late; it may or may not have been delivered` });
        } else {
          await this.retryLater(claim, error, 1);
        }
        return true;
      }
      case 'failed':
        await this.finish(claim, 'failed', { reason: earlier.reason });
        await this.reportFailure(claim, earlier.reason);
        return true;
    }
  }

  /**
   * Just before a post to `channel`: extends our lease, counts the attempt and records it (where, and since
   * when), so whoever takes the claim over knows a post may have reached Slack. False when no longer ours.
   */
  private async renewLease(claim: Claim, channel: string): Promise<boolean> {
    const res = await NotificationModel.updateOne(
      { _id: claim._id, owner: this.deps.owner, status: 'claimed' },
      {
        $set: { leaseUntil: this.leaseUntil(), 'attempt.channel': channel },
        $min: { 'attempt.startedAt': this.wall() },
        $inc: { attempts: 1 },
      },
    );
    return res.matchedCount === 1;
  }

  /** Keeps the claim, with a lease that ends when a later tick should try again. */
  private async retryLater(claim: Claim, error: string, countAttempt: number): Promise<void> {
    await NotificationModel.updateOne(
      { _id: claim._id, owner: this.deps.owner, status: 'claimed' },
      {
        $set: { lastError: error, leaseUntil: this.leaseUntil(this.deps.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) },
        $inc: { attempts: countAttempt },
      },
    );
    this.summary.retrying += 1;
    this.deps.logger.warn(`scheduler: ${claim.key} not sent yet (${error}); a later tick retries`);
  }

  private async finish(claim: Claim, status: Exclude<NotificationStatus, 'claimed'>, fields: Record<string, unknown>): Promise<void> {
    const res = await NotificationModel.updateOne(
      { _id: claim._id, owner: this.deps.owner, status: 'claimed' },
      { $set: { status, finishedAt: this.wall(), runAt: this.now, ...fields }, $unset: { leaseUntil: 1 } },
    );
    if (res.matchedCount !== 1) {
      this.deps.logger.warn(`scheduler: ${claim.key} was taken over by another replica while this one finished it (${status})`);
      return;
    }
    this.summary[status] += 1;
    if (status !== 'sent') this.deps.logger.info(`scheduler: ${claim.key} ${status}: ${String(fields.reason ?? '')}`);
  }

  /** Tells the commission's leads (or the admins) once, by DM, itself an exactly-once notification. */
  private async reportFailure(claim: Claim, reason: string): Promise<void> {
    if (claim.kind === FAILURE_REPORT_KIND) return; // a failed report is visible in /iec status; no report of a report
    const leads = await failureReportRecipients(claim.commissionKey ?? undefined, this.deps.admins);
    if (leads.length === 0) {
      this.deps.logger.warn(`scheduler: ${claim.key} failed (${reason}) and there is nobody to tell (no leads, no IEC_ADMINS)`);
      return;
    }
    const reports: Claim[] = [];
    for (const lead of leads) {
      try {
        const created = await NotificationModel.create({
          key: failureReportKey(claim.key, lead),
          kind: FAILURE_REPORT_KIND,
          status: 'claimed',
          owner: this.deps.owner,
          leaseUntil: this.leaseUntil(),
          dueAt: this.now,
          expiresAt: new Date(this.now.getTime() + 7 * 24 * 60 * 60_000),
          recipient: { user: lead },
          ...(claim.commissionKey ? { commissionKey: claim.commissionKey } : {}),
          ref: {
            failedKey: claim.key,
            failedKind: claim.kind,
            target: describeRecipient(claim.recipient ?? {}),
            reason,
            dueAtMs: claim.dueAt.getTime(),
          },
          attempts: 0,
        });
        reports.push(created.toObject() as Claim);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    for (const report of reports) await this.processOne(report);
  }
}
