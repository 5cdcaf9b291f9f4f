import { DateTime, type WeekdayNumbers } from 'luxon';
import type { SchoolCalendar } from '../calendar';
import { isoWeekKeyOfDate, localDate, zonedDateTime, addDays } from '../domain/dates';

/**
 * When a commission's weekly digest goes out. The wall-clock time is computed per week with luxon in the
 * commission's zone, so a daylight-saving change neither skips nor doubles it (a time that does not exist
 * moves forward by the gap; one that exists twice means its first occurrence). A digest day that is a
 * no-school day moves to the next school day, as long as that is before the next week's digest.
 */

export interface DigestSettings {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  hour: number;
  minute: number;
}

export const DEFAULT_DIGEST_SETTINGS: DigestSettings = { weekday: 1, hour: 9, minute: 0 };

/** How long after its time a missed digest is still sent (after an outage); later it is skipped with the reason. */
export const DIGEST_CATCH_UP_MS = 24 * 60 * 60 * 1000;

export interface DigestSlot {
  /** The ISO week the digest belongs to (its key), e.g. `2026-W48`. */
  week: string;
  /** The local date it goes out on (after any move). */
  date: string;
  dueAt: Date;
  /** The configured date, when a no-school day moved it, and why. */
  movedFrom?: { date: string; label: string };
  /** Set when there is no school day left before the next week's digest: this week's is skipped. */
  skip?: string;
}

const WEEK_RE = /^(\d{4})-W(\d{2})$/;

/** The local date of ISO weekday `weekday` in ISO week `week` (`2026-W48`). */
export function dateOfIsoWeekday(week: string, weekday: number): string {
  const m = WEEK_RE.exec(week);
  const dt = m
    ? DateTime.fromObject({ weekYear: Number(m[1]), weekNumber: Number(m[2]), weekday: weekday as WeekdayNumbers }, { zone: 'utc' })
    : undefined;
  if (!dt?.isValid) throw new Error(`not an ISO week: ${week}`);
  return dt.toISODate() as string;
}

/** The ISO week `n` weeks after `week` (negative: before). */
export function addWeeks(week: string, n: number): string {
  return isoWeekKeyOfDate(addDays(dateOfIsoWeekday(week, 1), 7 * n));
}

/** The instants where an ISO week starts and ends (local midnights in `zone`) and its first and last dates. */
export function isoWeekRange(week: string, zone: string): { start: Date; end: Date; firstDate: string; lastDate: string } {
  const firstDate = dateOfIsoWeekday(week, 1);
  const lastDate = dateOfIsoWeekday(week, 7);
  return {
    start: DateTime.fromISO(firstDate, { zone }).startOf('day').toJSDate(),
    end: DateTime.fromISO(addDays(lastDate, 1), { zone }).startOf('day').toJSDate(),
    firstDate,
    lastDate,
  };
}

function hhmm(settings: DigestSettings): string {
  return `${String(settings.hour).padStart(2, '0')}:${String(settings.minute).padStart(2, '0')}`;
}

/** The digest of `week` for a commission with these settings, in `zone`, against the school calendar. */
export function digestSlot(week: string, settings: DigestSettings, zone: string, calendar: SchoolCalendar): DigestSlot {
  const configured = dateOfIsoWeekday(week, settings.weekday);
  const noSchool = calendar.noSchoolRange(configured);
  const date = noSchool ? calendar.nextSchoolDay(configured) : configured;
  const slot: DigestSlot = { week, date, dueAt: zonedDateTime(date, hhmm(settings), zone) };
  if (noSchool) {
    slot.movedFrom = { date: configured, label: noSchool.label };
    if (date >= addDays(configured, 7)) {
      slot.dueAt = zonedDateTime(configured, hhmm(settings), zone);
      slot.date = configured;
      slot.skip = `no school from ${configured} until ${date} (${noSchool.label}): no digest this week`;
    }
  }
  return slot;
}

/** The ISO weeks whose digest may fall in (from, to]: a moved digest goes out up to a week after its day. */
export function weeksForWindow(window: { from: Date; to: Date }, zone: string): string[] {
  const first = isoWeekKeyOfDate(addDays(localDate(window.from, zone), -8));
  const last = isoWeekKeyOfDate(localDate(window.to, zone));
  const weeks: string[] = [];
  for (let w = first; weeks.length < 1000; w = addWeeks(w, 1)) {
    weeks.push(w);
    if (w === last) break;
  }
  return weeks;
}
