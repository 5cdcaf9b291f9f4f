import { DateTime } from 'luxon';

/**
 * Dates, times and school years, in one place (on luxon). Calendar dates are `YYYY-MM-DD` strings; instants are
 * `Date`s. Time-zone arithmetic for schedules: Wall-clock times are always interpreted in an IANA
 * zone; instants are `Date`s. Daylight-saving rules:
 * - a wall-clock time that does not exist (spring forward, e.g. 02:30 on 2026-03-08 in New York) is moved
 *   forward by the gap (→ 03:30), so it still happens, once;
 * - a wall-clock time that exists twice (fall back, 01:30 on 2026-11-01) means its FIRST occurrence, once.
 */

function parseDate(date: string, zone: string): DateTime {
  const dt = DateTime.fromISO(date, { zone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !dt.isValid) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return dt;
}

function parseTime(time: string): { hour: number; minute: number } {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time);
  const hour = m ? Number(m[1]) : NaN;
  const minute = m ? Number(m[2]) : NaN;
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) throw new Error(`not an HH:mm time: ${time}`);
  return { hour, minute };
}

/** The instant of `date` (`YYYY-MM-DD`) at `time` (`HH:mm`) on the wall clock of `zone`. */
export function zonedDateTime(date: string, time: string, zone: string): Date {
  const { hour, minute } = parseTime(time);
  // luxon resolves a non-existent local time forward and an ambiguous one to the earlier offset
  return parseDate(date, zone).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** The calendar date (`YYYY-MM-DD`) of `instant` in `zone`. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() as string;
}

/** The wall-clock time (`HH:mm`) of `instant` in `zone`. */
export function localTime(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
}

/** The ISO week of `instant` in `zone`, e.g. `2026-W48` (weeks start on Monday; week-years, not calendar years). */
export function isoWeekKey(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("kkkk-'W'WW");
}

/** The date (`YYYY-MM-DD`) of ISO weekday `weekday` (1 = Monday … 7 = Sunday) in the ISO week containing `date`. */
export function dateInIsoWeek(date: string, weekday: number): string {
  if (!(Number.isInteger(weekday) && weekday >= 1 && weekday <= 7)) throw new Error(`not an ISO weekday: ${weekday}`);
  return parseDate(date, 'utc')
    .set({ weekday: weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7 })
    .toISODate() as string;
}

/** The ISO week key (`2026-W48`) of a calendar date. */
export function isoWeekKeyOfDate(date: string): string {
  return parseDate(date, 'utc').toFormat("kkkk-'W'WW");
}

/** The first instant of `date` in `zone` (local midnight, or the first existing minute after it). */
export function startOfLocalDay(date: string, zone: string): Date {
  return parseDate(date, zone).startOf('day').toJSDate();
}

/** The first instant after `date` in `zone` (the next day's local midnight). */
export function endOfLocalDay(date: string, zone: string): Date {
  return parseDate(date, zone).plus({ days: 1 }).startOf('day').toJSDate();
}

/** The conversions of `zonedDates`: the same answers as `zonedDateTime`, `endOfLocalDay` and `localDate`. */
export interface ZonedDates {
  zonedDateTime(date: string, time: string, zone: string): Date;
  endOfLocalDay(date: string, zone: string): Date;
  localDate(instant: Date, zone: string): string;
}

/**
 * Date-and-zone conversions remembered for one planning run. A planner converts the same few dates of the window in
 * the same few zones for every deliverable, commitment or program it looks at (`/iec status` plans a week of them),
 * and each conversion on luxon works out the zone's offset anew: in a profile of `/iec status` on the bench's
 * district (s16) the deliverable reminders' conversions were most of the app's time in the call. Make one per run and
 * drop it after: it reads no clock and holds no data, only answers (each a fresh `Date`), so it never goes stale.
 */
export function zonedDates(): ZonedDates {
  const instants = new Map<string, number>();
  const dates = new Map<string, string>();
  const instant = (key: string, compute: () => Date): Date => {
    let ms = instants.get(key);
    if (ms === undefined) {
      ms = compute().getTime();
      instants.set(key, ms);
    }
    return new Date(ms);
  };
  return {
    zonedDateTime: (date, time, zone) => instant(`${date}T${time} ${zone}`, () => zonedDateTime(date, time, zone)),
    endOfLocalDay: (date, zone) => instant(`${date} end ${zone}`, () => endOfLocalDay(date, zone)),
    localDate: (at, zone) => {
      const key = `${at.getTime()} ${zone}`;
      let date = dates.get(key);
      if (date === undefined) {
        date = localDate(at, zone);
        dates.set(key, date);
      }
      return date;
    },
  };
}

/** Every calendar date from `from` to `to` inclusive (`YYYY-MM-DD`), in order. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let d = parseDate(from, 'utc');
  const end = parseDate(to, 'utc');
  while (d <= end) {
    out.push(d.toISODate() as string);
    d = d.plus({ days: 1 });
  }
  return out;
}

/** The local dates (in `zone`) touched by the window (from, to], oldest first: what a planner must look at. */
export function localDatesInWindow(window: { from: Date; to: Date }, zone: string): string[] {
  return datesBetween(localDate(window.from, zone), localDate(window.to, zone));
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/*
 * Calendar-date arithmetic on `YYYY-MM-DD` strings needs no time zone, so it is plain UTC milliseconds rather than
 * luxon: planners call these for every date of every deliverable (`/iec status` plans the coming days). In a bench
 * profile (s15, embedded engine, quick data, load 7) luxon was 11 % of the app's samples; 200,000 addDays took
 * 1,967 ms with a DateTime per call and 228 ms like this.
 */

/** The dates the fast path handles; others (years before 1000) keep luxon's answers. */
const FIRST_MS = Date.UTC(1000, 0, 1);
const LAST_MS = Date.UTC(9999, 11, 31);

const DAY_MS = 86_400_000;

/** Days in `month` (1–12) of `year` (Gregorian). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Midnight UTC of a real `YYYY-MM-DD` date in milliseconds; NaN when it is not one (e.g. `2026-02-29`) or before 1000. */
function utcDayMs(value: string): number {
  if (!DATE_RE.test(value)) return NaN;
  const year = Number(value.slice(0, 4));
  if (year < 1000) return NaN;
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return Date.UTC(year, month - 1, day);
}

/**
 * `YYYY-MM-DD` of midnight UTC `ms` (years 1000–9999), by integer arithmetic (the civil-from-days algorithm of
 * H. Hinnant's date library): a planning run converts tens of thousands of dates, and `toISOString().slice(0, 10)`
 * was a quarter of `/iec status`'s own CPU in a profile (s20, 100,000 commitments, 2,000 deliverables).
 */
function utcDate(ms: number): string {
  const z = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isValidDate(value: string): boolean {
  return Number.isFinite(utcDayMs(value)) || (DATE_RE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const ms = utcDayMs(date);
  if (!Number.isFinite(ms) || !Number.isInteger(days)) {
    return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() as string;
  }
  const out = ms + days * DAY_MS;
  // outside years 1000–9999: luxon's answer, as before
  return out >= FIRST_MS && out <= LAST_MS ? utcDate(out) : (DateTime.fromMillis(out, { zone: 'utc' }).toISODate() as string);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const ms = utcDayMs(date);
  if (!Number.isFinite(ms)) return DateTime.fromISO(date, { zone: 'utc' }).weekday >= 6;
  const day = new Date(ms).getUTCDay();
  return day === 0 || day === 6;
}

/*
 * School years run July to June and are named like `2026-27`. The school year of an instant is computed in the
 * district's time zone, so a date on the evening of June 30 belongs to the year that is ending.
 */

/** The school year of `date` as seen in `timeZone`. */
export function schoolYearOf(date: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(date, { zone: timeZone });
  return formatSchoolYear(local.month >= 7 ? local.year : local.year - 1);
}

/** The school year of a calendar date (`YYYY-MM-DD`). */
export function schoolYearOfDate(date: string): string {
  const [year, month] = date.split('-').map(Number);
  return formatSchoolYear(month >= 7 ? year : year - 1);
}

/** The school year starting in `startYear`: 2026 → `2026-27`. */
export function formatSchoolYear(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** `2026-27`, `2026-2027` or `2026` (the year it starts) → `2026-27`; undefined when it is not a school year. */
export function parseSchoolYear(input: string): string | undefined {
  const m = /^(\d{4})(?:\s*[-/–]\s*(\d{2}|\d{4}))?$/.exec(input.trim());
  if (!m) return undefined;
  const start = Number(m[1]);
  if (start < 2000 || start > 2100) return undefined;
  if (m[2]) {
    const end = Number(m[2].length === 2 ? `${String(start + 1).slice(0, 2)}${m[2]}` : m[2]);
    if (end !== start + 1) return undefined;
  }
  return formatSchoolYear(start);
}
