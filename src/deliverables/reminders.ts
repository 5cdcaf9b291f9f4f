import { loadSchoolCalendar, type SchoolCalendar } from '../calendar';
import { sharedRead, type NotificationSource, type PlannedNotification, type Rendered, type SchedulerContext } from '../scheduler';
import { commissionZone, findCommissions, getCommission } from '../commissions';
import { DELIVERABLE_REMINDER_KIND } from './ids';
import { DeliverableModel, OPEN_DELIVERABLE_STATUSES } from './model';
import type { DeliverableRecord } from './service';
import { deliverableReminderMessage, type ReminderKind } from './views';
import { addDays, daysBetween, localDate, zonedDates } from '../domain/dates';

/**
 * Deliverable reminders, by DM to the owner: 3 days before the due date, on it, then every 7 days while overdue,
 * each at 09:00 in the commission's time zone. A reminder date that falls on a weekend or no-school day moves to
 * the next school day; when two reminders land on the same school day only the earlier-planned one is kept.
 *
 * Key: `deliverable:<id>:<kind>:<date>` where `date` is the NOMINAL date (before moving to a school day), so an
 * edit of the school calendar after a reminder was claimed never produces a second one. Catch-up window: the
 * reminder's own day (it expires at the next local midnight). Render skips a reminder when the deliverable is
 * done, dropped, snoozed, deleted or its due date changed.
 */

export const REMINDER_TIME = '09:00';
export const DAYS_BEFORE = 3;
export const OVERDUE_EVERY_DAYS = 7;
/** How far back a nominal date may lie and still move forward into the window (the longest break we expect). */
const MAX_SHIFT_DAYS = 120;

interface Candidate {
  kind: ReminderKind;
  nominal: string;
  actual: string;
}

/** The reminders of one deliverable whose (school-day) date lies in [fromDate, toDate]. */
export function reminderDates(dueDate: string, fromDate: string, toDate: string, calendar: SchoolCalendar): Candidate[] {
  const dueActual = calendar.nextSchoolDay(dueDate);
  const out: Candidate[] = [];
  const inRange = (d: string) => d >= fromDate && d <= toDate;
  const before = addDays(dueDate, -DAYS_BEFORE);
  const beforeActual = calendar.nextSchoolDay(before);
  if (beforeActual < dueActual && inRange(beforeActual)) out.push({ kind: 'before', nominal: before, actual: beforeActual });
  if (inRange(dueActual)) out.push({ kind: 'due', nominal: dueDate, actual: dueActual });
  const firstK = Math.max(1, Math.floor(daysBetween(dueDate, addDays(fromDate, -MAX_SHIFT_DAYS)) / OVERDUE_EVERY_DAYS));
  const lastK = Math.floor(daysBetween(dueDate, toDate) / OVERDUE_EVERY_DAYS);
  for (let k = firstK; k <= lastK; k++) {
    const nominal = addDays(dueDate, k * OVERDUE_EVERY_DAYS);
    const actual = calendar.nextSchoolDay(nominal);
    const previous = k === 1 ? dueActual : calendar.nextSchoolDay(addDays(dueDate, (k - 1) * OVERDUE_EVERY_DAYS));
    if (actual !== previous && inRange(actual)) out.push({ kind: 'overdue', nominal, actual });
  }
  return out;
}

export function deliverableReminderKey(id: string, kind: ReminderKind, nominalDate: string): string {
  return `deliverable:${id}:${kind}:${nominalDate}`;
}

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const PLANNED_FIELDS = { _id: 1, ownerId: 1, commissionKey: 1, dueDate: 1, createdAt: 1, title: 1 } as const;

export const deliverableReminderSource: NotificationSource = {
  kind: DELIVERABLE_REMINDER_KIND,

  async plan(window, ctx: SchedulerContext): Promise<PlannedNotification[]> {
    // every commission, read once for all the sources of this planning run
    const commissions = await sharedRead(ctx, findCommissions);
    const zones = new Map(commissions.map((c) => [c.key, commissionZone(c, ctx.timeZone)]));
    // Dates are compared per zone below; these bounds are only loose enough for every zone (±1 day).
    const latestDue = addDays(localDate(window.to, 'UTC'), DAYS_BEFORE + 1);
    // only what a reminder needs: not the history (every open deliverable is read on each planning run)
    const deliverables = await DeliverableModel.find(
      { status: { $in: OPEN_DELIVERABLE_STATUSES }, dueDate: { $lte: latestDue }, archivedAt: null },
      PLANNED_FIELDS,
    ).lean<Array<Pick<DeliverableRecord, keyof typeof PLANNED_FIELDS>>>();
    if (deliverables.length === 0) return [];
    const calendar = await loadSchoolCalendar(addDays(localDate(window.from, 'UTC'), -MAX_SHIFT_DAYS - 1));
    // the same few dates in the same few zones for every deliverable: each converted once
    const dates = zonedDates();
    const planned: PlannedNotification[] = [];
    for (const d of deliverables) {
      // an owner whose personal data was erased (`erased contact`) is reminded of nothing: a lead reassigns it
      if (!SLACK_USER.test(d.ownerId)) continue;
      const zone = zones.get(d.commissionKey) ?? ctx.timeZone;
      const id = String(d._id);
      for (const c of reminderDates(d.dueDate, dates.localDate(window.from, zone), dates.localDate(window.to, zone), calendar)) {
        const dueAt = dates.zonedDateTime(c.actual, REMINDER_TIME, zone);
        if (dueAt <= window.from || dueAt > window.to) continue;
        // Nothing about a day before the deliverable existed (it was just created with that due date).
        if (d.createdAt && dueAt < d.createdAt) continue;
        planned.push({
          key: deliverableReminderKey(id, c.kind, c.nominal),
          kind: DELIVERABLE_REMINDER_KIND,
          dueAt,
          expiresAt: dates.endOfLocalDay(c.actual, zone),
          commissionKey: d.commissionKey,
          recipient: { user: d.ownerId },
          about: `“${d.title}”, due ${d.dueDate}`,
          ref: { deliverableId: id, reminder: c.kind, dueDate: d.dueDate, date: c.actual },
        });
      }
    }
    return planned;
  },

  async render(n, ctx): Promise<Rendered> {
    const d = await DeliverableModel.findById(String(n.ref.deliverableId)).lean<DeliverableRecord>();
    if (!d) return { skip: 'the deliverable was deleted' };
    if (d.archivedAt) return { skip: 'the deliverable is archived' };
    if (d.status === 'done' || d.status === 'dropped') return { skip: `the deliverable is ${d.status}` };
    if (!SLACK_USER.test(d.ownerId)) return { skip: 'its owner’s personal data was erased: reassign it' };
    if (d.dueDate !== n.ref.dueDate) return { skip: `the due date changed from ${n.ref.dueDate} to ${d.dueDate}` };
    const commission = await getCommission(d.commissionKey);
    const zone = commissionZone(commission, ctx.timeZone);
    const today = localDate(ctx.now, zone);
    if (d.snoozedUntil && d.snoozedUntil > today) return { skip: `snoozed until ${d.snoozedUntil}` };
    const named = commission?.name ? { ...d, commissionName: commission.name } : d;
    return { message: deliverableReminderMessage(named, today, zone), recipient: { user: d.ownerId } };
  },
};
