import { commissionZone, findCommissions, isActiveCommission } from '../commissions';
import { sharedRead, type NotificationSource, type PlannedNotification, type Rendered } from '../scheduler';
import { assessPrograms } from './evidence';
import { REVIEW_REMINDER_KIND } from './ids';
import { getProgram, programsReviewedOrRenewingOn, type ProgramRecord } from './service';
import { renewalReminderMessage, reviewReminderMessage } from './views';
import { addDays, localDatesInWindow, zonedDates, type ZonedDates } from '../domain/dates';

/**
 * DMs to the leads of a program's commission 30 and 14 days before its external review, at 09:00 in the
 * commission's zone, naming the gaps (from fresh data when sent). Key `program-review:<id>:<review date>:<days>d:to-<lead>`:
 * the scheduler claims each key once across replicas; a review moved to another date gets reminders for the new date
 * only, and one no longer scheduled gets none (render skips it).
 */

export const REVIEW_REMINDER_DAYS = [30, 14] as const;
export const REVIEW_REMINDER_TIME = '09:00';
const DAY = 86_400_000;

export function reviewReminderKey(programId: string, reviewDate: string, days: number, lead: string): string {
  return `program-review:${programId}:${reviewDate}:${days}d:to-${lead}`;
}

/** DMs to the leads 90 and 30 days before an approved program's approval is due for renewal. */
export const RENEWAL_REMINDER_DAYS = [90, 30] as const;

export function renewalReminderKey(programId: string, renewalDate: string, days: number, lead: string): string {
  return `program-renewal:${programId}:${renewalDate}:${days}d:to-${lead}`;
}

type Event = 'review' | 'renewal';
const EVENTS: Array<{ event: Event; days: readonly number[]; dateOf: (p: ProgramRecord) => string | undefined | null }> = [
  { event: 'review', days: REVIEW_REMINDER_DAYS, dateOf: (p) => p.reviewDate },
  { event: 'renewal', days: RENEWAL_REMINDER_DAYS, dateOf: (p) => p.renewalDate },
];

/** The dates (review or renewal) whose reminders may be due in `window`, `days` before them. */
function datesDueIn(window: { from: Date; to: Date }, days: readonly number[]): string[] {
  // local dates of every zone lie within a day of the UTC ones
  const dates = localDatesInWindow(window, 'UTC');
  const around = [addDays(dates[0], -1), ...dates, addDays(dates[dates.length - 1], 1)];
  return [...new Set(days.flatMap((n) => around.map((d) => addDays(d, n))))];
}

/**
 * The reminders of one kind of date (the external review, the renewal) due in `window` for these programs: a DM per
 * lead of the program's commission, at 09:00 in its zone, `days` before the date.
 */
function planEvent(
  e: (typeof EVENTS)[number],
  programs: readonly ProgramRecord[],
  window: { from: Date; to: Date },
  zoneOf: (key: string) => string | undefined,
  leadsOf: (key: string) => readonly string[],
  zoned: ZonedDates,
): PlannedNotification[] {
  const out: PlannedNotification[] = [];
  for (const p of programs) {
    const zone = zoneOf(p.commissionKey);
    const date = e.dateOf(p);
    if (!zone || !date) continue;
    for (const days of e.days) {
      const dueAt = zoned.zonedDateTime(addDays(date, -days), REVIEW_REMINDER_TIME, zone);
      if (dueAt <= window.from || dueAt > window.to) continue;
      for (const lead of leadsOf(p.commissionKey)) {
        const key =
          e.event === 'review' ? reviewReminderKey(String(p._id), date, days, lead) : renewalReminderKey(String(p._id), date, days, lead);
        out.push({
          key,
          kind: REVIEW_REMINDER_KIND,
          dueAt,
          expiresAt: new Date(dueAt.getTime() + 3 * DAY),
          commissionKey: p.commissionKey,
          recipient: { user: lead },
          ref: { programId: String(p._id), event: e.event, date, days },
        });
      }
    }
  }
  return out;
}

export const reviewReminderSource: NotificationSource = {
  kind: REVIEW_REMINDER_KIND,

  async plan(window, ctx): Promise<PlannedNotification[]> {
    // the active ones of every commission, read once for all the sources of this planning run
    const commissions = new Map((await sharedRead(ctx, findCommissions)).filter(isActiveCommission).map((c) => [c.key, c]));
    const zoneOf = (key: string) => (commissions.has(key) ? commissionZone(commissions.get(key), ctx.timeZone) : undefined);
    const leadsOf = (key: string) => commissions.get(key)?.leads ?? [];
    const dates = zonedDates();
    const [review, renewal] = EVENTS;
    const { reviewed, renewing } = await programsReviewedOrRenewingOn(datesDueIn(window, review.days), datesDueIn(window, renewal.days));
    return [
      ...planEvent(review, reviewed, window, zoneOf, leadsOf, dates),
      ...planEvent(renewal, renewing, window, zoneOf, leadsOf, dates),
    ];
  },

  async render(n, ctx): Promise<Rendered> {
    const program = await getProgram(String(n.ref.programId)).catch(() => undefined);
    if (!program) return { skip: 'the program was removed' };
    // reminders planned before renewals had them carry `reviewDate`
    const event: Event = n.ref.event === 'renewal' ? 'renewal' : 'review';
    const date = String(n.ref.date ?? n.ref.reviewDate);
    if (event === 'review' && (program.stage !== 'review_scheduled' || program.reviewDate !== date)) {
      return { skip: `the external review is no longer on ${date}` };
    }
    if (event === 'renewal' && (program.stage !== 'approved' || program.renewalDate !== date)) {
      return { skip: `the renewal is no longer due on ${date}` };
    }
    const [assessed] = await assessPrograms([program], ctx.now, ctx.timeZone);
    const days = Number(n.ref.days);
    return { message: event === 'review' ? reviewReminderMessage(assessed, days) : renewalReminderMessage(assessed, days) };
  },
};
