import { commissionZone, listActiveCommissions } from '../commissions';
import type { NotificationSource, PlannedNotification, Rendered } from '../scheduler';
import { assessPrograms } from './evidence';
import { REVIEW_REMINDER_KIND } from './ids';
import { getProgram, programsReviewedOn } from './service';
import { reviewReminderMessage } from './views';
import { localDatesInWindow, zonedDateTime, addDays } from '../domain/dates';

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

export const reviewReminderSource: NotificationSource = {
  kind: REVIEW_REMINDER_KIND,

  async plan(window, ctx): Promise<PlannedNotification[]> {
    // local dates of every zone lie within a day of the UTC ones
    const dates = localDatesInWindow(window, 'UTC');
    const around = [addDays(dates[0], -1), ...dates, addDays(dates[dates.length - 1], 1)];
    const reviewDates = REVIEW_REMINDER_DAYS.flatMap((n) => around.map((d) => addDays(d, n)));
    const programs = await programsReviewedOn([...new Set(reviewDates)]);
    if (programs.length === 0) return [];
    const commissions = new Map((await listActiveCommissions()).map((c) => [c.key, c]));
    const out: PlannedNotification[] = [];
    for (const p of programs) {
      const commission = commissions.get(p.commissionKey);
      if (!commission || !p.reviewDate) continue;
      const zone = commissionZone(commission, ctx.timeZone);
      for (const days of REVIEW_REMINDER_DAYS) {
        const dueAt = zonedDateTime(addDays(p.reviewDate, -days), REVIEW_REMINDER_TIME, zone);
        if (dueAt <= window.from || dueAt > window.to) continue;
        for (const lead of commission.leads) {
          out.push({
            key: reviewReminderKey(String(p._id), p.reviewDate, days, lead),
            kind: REVIEW_REMINDER_KIND,
            dueAt,
            expiresAt: new Date(dueAt.getTime() + 3 * DAY),
            commissionKey: p.commissionKey,
            recipient: { user: lead },
            about: `${p.name} at ${p.schoolName}, reviewed ${p.reviewDate}`,
            ref: { programId: String(p._id), reviewDate: p.reviewDate, days },
          });
        }
      }
    }
    return out;
  },

  async render(n, ctx): Promise<Rendered> {
    const program = await getProgram(String(n.ref.programId)).catch(() => undefined);
    if (!program) return { skip: 'the program was removed' };
    if (program.stage !== 'review_scheduled' || program.reviewDate !== String(n.ref.reviewDate)) {
      return { skip: `the external review is no longer on ${n.ref.reviewDate}` };
    }
    const [assessed] = await assessPrograms([program], ctx.now, ctx.timeZone);
    return { message: reviewReminderMessage(assessed, Number(n.ref.days)) };
  },
};
