import { type ChangeBy, recordAudit } from '../audit';
import { addDays, isValidDate, isWeekend } from '../domain/dates';
import { conflict, invalidInput, notFound } from '../errors';
import { NoSchoolDayModel } from './model';

/**
 * The school calendar: weekends and the no-school dates and ranges IECs record (breaks, testing days).
 * Digests and due-date reminders that fall on a no-school day move to the next school day.
 * All dates are `YYYY-MM-DD` strings; no time zone is involved (a date is a date).
 */

export interface NoSchoolRange {
  startDate: string;
  endDate: string;
  label: string;
}

function assertDate(value: string): void {
  if (!isValidDate(value)) throw new Error(`not a YYYY-MM-DD date: ${value}`);
}

/** Longest stretch of consecutive no-school days we follow before giving up (a summer is ~90 days). */
const MAX_SEARCH_DAYS = 400;

/**
 * A loaded slice of the calendar with synchronous look-ups, for code that checks many dates at once
 * (planning reminders for hundreds of deliverables costs one query).
 */
export class SchoolCalendar {
  /** Answers of nextSchoolDay: a planner asks for the same dates for many deliverables (the calendar does not change). */
  private readonly next = new Map<string, string>();

  constructor(readonly ranges: readonly NoSchoolRange[]) {}

  /** The no-school range covering `date`, if any. */
  noSchoolRange(date: string): NoSchoolRange | undefined {
    return this.ranges.find((r) => r.startDate <= date && date <= r.endDate);
  }

  /** A weekday that is not in a no-school range. */
  isSchoolDay(date: string): boolean {
    assertDate(date);
    return !isWeekend(date) && !this.noSchoolRange(date);
  }

  /** `date` itself when it is a school day, otherwise the first school day after it. */
  nextSchoolDay(date: string): string {
    const known = this.next.get(date);
    if (known !== undefined) return known;
    assertDate(date);
    let d = date;
    for (let i = 0; i < MAX_SEARCH_DAYS && !this.isSchoolDay(d); i++) d = addDays(d, 1);
    this.next.set(date, d);
    return d;
  }
}

/**
 * Loads the no-school ranges that may matter for dates from `from` onwards: those ending on or after it.
 * (A range far in the future is cheap to include, and moving a date forward may cross several ranges.)
 */
export async function loadSchoolCalendar(from: string): Promise<SchoolCalendar> {
  assertDate(from);
  const ranges = await NoSchoolDayModel.find({ endDate: { $gte: from } }, { startDate: 1, endDate: 1, label: 1 })
    .sort({ startDate: 1 })
    .lean();
  return new SchoolCalendar(ranges.map((r) => ({ startDate: r.startDate, endDate: r.endDate, label: r.label })));
}

/** A weekday not in any no-school range. */
export async function isSchoolDay(date: string): Promise<boolean> {
  return (await loadSchoolCalendar(date)).isSchoolDay(date);
}

/** `date` itself when it is a school day, otherwise the first school day after it (skips weekends and no-school ranges). */
export async function nextSchoolDay(date: string): Promise<string> {
  return (await loadSchoolCalendar(date)).nextSchoolDay(date);
}

// --- changes, for /iec calendar -------------------------------------------------------------------

/** Records a no-school date or inclusive range. Overlapping an existing range is refused, with the range named. */
export async function addNoSchool(input: {
  startDate: string;
  endDate?: string;
  label: string;
  createdBy: string;
  at: Date;
}): Promise<NoSchoolRange> {
  const startDate = input.startDate;
  const endDate = input.endDate ?? input.startDate;
  if (!isValidDate(startDate)) throw invalidInput(`\`${startDate}\` is not a date. Write it as YYYY-MM-DD, e.g. \`2026-11-26\`.`);
  if (!isValidDate(endDate)) throw invalidInput(`\`${endDate}\` is not a date. Write it as YYYY-MM-DD, e.g. \`2026-11-27\`.`);
  if (endDate < startDate) throw invalidInput(`The range ends (${endDate}) before it starts (${startDate}). Put the first day first.`);
  const label = input.label.trim();
  if (!label) throw invalidInput('Give the no-school days a label, e.g. `/iec calendar add 2026-11-26 2026-11-27 Thanksgiving break`.');
  if (label.length > 100) throw invalidInput('Keep the label under 100 characters.');
  const overlap = await NoSchoolDayModel.findOne({ startDate: { $lte: endDate }, endDate: { $gte: startDate } }).lean();
  if (overlap) {
    throw conflict(
      `That overlaps *${overlap.label}* (${describeRange(overlap)}). Remove it first with \`/iec calendar remove ${overlap.startDate}\`, then add the combined range.`,
    );
  }
  try {
    await NoSchoolDayModel.create({ startDate, endDate, label, createdBy: input.createdBy });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw conflict(`${describeRange({ startDate, endDate })} is already on the calendar.`);
    throw err;
  }
  await recordAudit({
    by: input.createdBy,
    at: input.at,
    action: 'calendar.add',
    subject: 'no-school days',
    changes: [{ field: label, from: null, to: describeRange({ startDate, endDate }) }],
  });
  return { startDate, endDate, label };
}

/** Removes the no-school range that contains `date`. */
export async function removeNoSchool(date: string, change: ChangeBy): Promise<NoSchoolRange> {
  if (!isValidDate(date)) throw invalidInput(`\`${date}\` is not a date. Write it as YYYY-MM-DD, e.g. \`2026-11-26\`.`);
  const removed = await NoSchoolDayModel.findOneAndDelete({ startDate: { $lte: date }, endDate: { $gte: date } }).lean();
  if (!removed) throw notFound(`No no-school day or range contains ${date}. See them with \`/iec calendar list\`.`);
  await recordAudit({
    ...change,
    action: 'calendar.remove',
    subject: 'no-school days',
    changes: [{ field: removed.label, from: describeRange(removed), to: null }],
  });
  return { startDate: removed.startDate, endDate: removed.endDate, label: removed.label };
}

/** No-school ranges ending on or after `from`, in date order, at most `limit`, with the total count. */
export async function listNoSchool(from: string, limit: number): Promise<{ ranges: NoSchoolRange[]; total: number }> {
  const filter = { endDate: { $gte: from } };
  const [docs, total] = await Promise.all([
    NoSchoolDayModel.find(filter).sort({ startDate: 1 }).limit(limit).lean(),
    NoSchoolDayModel.countDocuments(filter),
  ]);
  return { ranges: docs.map((r) => ({ startDate: r.startDate, endDate: r.endDate, label: r.label })), total };
}

export function describeRange(r: { startDate: string; endDate: string }): string {
  return r.startDate === r.endDate ? r.startDate : `${r.startDate} to ${r.endDate}`;
}
