import {
  addDays,
  dateInIsoWeek,
  datesBetween,
  daysBetween,
  endOfLocalDay,
  isoWeekKey,
  isoWeekKeyOfDate,
  isValidDate,
  isWeekend,
  localDate,
  localDatesInWindow,
  localTime,
  parseSchoolYear,
  schoolYearOf,
  schoolYearOfDate,
  startOfLocalDay,
  zonedDateTime,
  zonedDates,
} from '../../src/domain/dates';
import { DateTime } from 'luxon';

const NY = 'America/New_York';

describe('time helpers', () => {
  it('zonedDateTime interprets wall-clock times in the zone, across daylight saving', () => {
    expect(zonedDateTime('2026-03-06', '09:00', NY).toISOString()).toBe('2026-03-06T14:00:00.000Z'); // EST
    expect(zonedDateTime('2026-03-09', '09:00', NY).toISOString()).toBe('2026-03-09T13:00:00.000Z'); // EDT
    expect(zonedDateTime('2026-03-08', '02:30', NY).toISOString()).toBe('2026-03-08T07:30:00.000Z'); // does not exist → 03:30 EDT
    expect(zonedDateTime('2026-11-01', '01:30', NY).toISOString()).toBe('2026-11-01T05:30:00.000Z'); // twice → the first (EDT)
    expect(zonedDateTime('2026-11-02', '09:00', NY).toISOString()).toBe('2026-11-02T14:00:00.000Z');
    expect(() => zonedDateTime('2026-11-02', '25:00', NY)).toThrow('HH:mm');
    expect(() => zonedDateTime('2026-02-30', '09:00', NY)).toThrow('YYYY-MM-DD');
  });

  it('localDate, localTime and the day bounds follow the zone', () => {
    const instant = new Date('2026-03-09T03:00:00Z');
    expect(localDate(instant, NY)).toBe('2026-03-08');
    expect(localDate(instant, 'UTC')).toBe('2026-03-09');
    expect(localTime(instant, NY)).toBe('23:00');
    expect(startOfLocalDay('2026-03-08', NY).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(endOfLocalDay('2026-03-08', NY).toISOString()).toBe('2026-03-09T04:00:00.000Z'); // a 23-hour day
  });

  it('ISO weeks use week-years', () => {
    expect(isoWeekKey(new Date('2026-11-30T14:00:00Z'), NY)).toBe('2026-W49');
    expect(isoWeekKey(new Date('2027-01-01T14:00:00Z'), NY)).toBe('2026-W53');
    expect(isoWeekKey(new Date('2027-01-04T04:00:00Z'), NY)).toBe('2026-W53'); // still Sunday evening in New York
    expect(isoWeekKeyOfDate('2027-01-04')).toBe('2027-W01');
    expect(dateInIsoWeek('2026-11-26', 1)).toBe('2026-11-23');
    expect(dateInIsoWeek('2026-11-26', 7)).toBe('2026-11-29');
  });

  it('lists dates and the local dates a window touches', () => {
    expect(datesBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(localDatesInWindow({ from: new Date('2026-03-08T03:00:00Z'), to: new Date('2026-03-09T05:00:00Z') }, NY)).toEqual([
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
    ]);
  });
});

describe('school years', () => {
  it('an instant belongs to the school year of its date in the zone: the evening of June 30 in New York is still the old year', () => {
    expect(schoolYearOf(new Date('2027-07-01T02:00:00Z'), 'America/New_York')).toBe('2026-27');
    expect(schoolYearOf(new Date('2027-07-01T02:00:00Z'), 'UTC')).toBe('2027-28');
    expect(schoolYearOf(new Date('2027-01-15T12:00:00Z'), 'America/New_York')).toBe('2026-27');
  });

  it('a calendar date, and the names people type', () => {
    expect(schoolYearOfDate('2026-06-30')).toBe('2025-26');
    expect(schoolYearOfDate('2026-07-01')).toBe('2026-27');
    expect(parseSchoolYear('2026-2027')).toBe('2026-27');
    expect(parseSchoolYear('2026')).toBe('2026-27');
    expect(parseSchoolYear('2026-28')).toBeUndefined();
  });

  it('days between two dates and after one', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(daysBetween('2026-03-02', '2026-02-27')).toBe(-3);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isWeekend('2026-12-05')).toBe(true);
  });

  it('calendar arithmetic without luxon gives the answers luxon gave: every day of 1990-2039, impossible dates, century leap years, the edges of years 1000 and 9999', () => {
    const luxonValid = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v, { zone: 'utc' }).isValid;
    const luxonAdd = (d: string, n: number) => DateTime.fromISO(d, { zone: 'utc' }).plus({ days: n }).toISODate();
    const luxonWeekend = (d: string) => DateTime.fromISO(d, { zone: 'utc' }).weekday >= 6;
    const samples = [
      '0999-12-31',
      '1000-01-01',
      '9999-12-31',
      '2024-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      'abcd',
      '2026-1-01',
      '0099-06-15',
      // the century rules of leap years
      '1900-02-29',
      '2000-02-29',
      '2100-02-28',
      '2100-02-29',
      '2400-02-29',
      '1600-03-01',
      '8800-02-29',
    ];
    for (let y = 1990; y < 2040; y++)
      for (let m = 1; m <= 12; m++)
        for (let d = 1; d <= 32; d++) samples.push(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    const differences: string[] = [];
    for (const s of samples) {
      if (isValidDate(s) !== luxonValid(s)) differences.push(`isValidDate ${s}`);
      if (!luxonValid(s)) continue;
      if (isWeekend(s) !== luxonWeekend(s)) differences.push(`isWeekend ${s}`);
      for (const k of [-400, -121, -7, -1, 0, 1, 3, 7, 365, 10_000])
        if (addDays(s, k) !== luxonAdd(s, k)) differences.push(`addDays ${s} ${k}`);
    }
    expect(samples.length).toBeGreaterThan(19_000);
    expect(differences).toEqual([]);
  });
});

describe('zonedDates: the conversions of one planning run, remembered', () => {
  const zones = ['America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu', 'UTC'];
  // around both of 2026's daylight-saving changes in the US, and a year end
  const days = [...datesBetween('2026-03-06', '2026-03-10'), ...datesBetween('2026-10-30', '2026-11-03'), '2026-12-31'];

  it('answers as zonedDateTime, endOfLocalDay and localDate do, asked once or again', () => {
    const zoned = zonedDates();
    const differences: string[] = [];
    for (let round = 0; round < 2; round++)
      for (const zone of zones)
        for (const day of days) {
          for (const time of ['00:00', '01:30', '02:30', '09:00', '23:59'])
            if (zoned.zonedDateTime(day, time, zone).getTime() !== zonedDateTime(day, time, zone).getTime())
              differences.push(`zonedDateTime ${day} ${time} ${zone}`);
          if (zoned.endOfLocalDay(day, zone).getTime() !== endOfLocalDay(day, zone).getTime())
            differences.push(`endOfLocalDay ${day} ${zone}`);
          const instant = new Date(`${day}T04:30:00Z`);
          if (zoned.localDate(instant, zone) !== localDate(instant, zone)) differences.push(`localDate ${day} ${zone}`);
        }
    expect(differences).toEqual([]);
  });

  it('keeps apart what differs only in the time or the zone, and gives each caller its own Date', () => {
    const zoned = zonedDates();
    expect(zoned.zonedDateTime('2026-03-08', '09:00', 'America/New_York').toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(zoned.zonedDateTime('2026-03-08', '09:00', 'America/Los_Angeles').toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(zoned.zonedDateTime('2026-03-08', '10:00', 'America/New_York').toISOString()).toBe('2026-03-08T14:00:00.000Z');
    const first = zoned.endOfLocalDay('2026-03-08', 'America/New_York');
    first.setTime(0);
    expect(zoned.endOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(zoned.localDate(new Date('2026-03-08T03:00:00Z'), 'America/New_York')).toBe('2026-03-07');
    expect(zoned.localDate(new Date('2026-03-08T03:00:00Z'), 'UTC')).toBe('2026-03-08');
  });

  it('still refuses what is not a date, every time it is asked', () => {
    const zoned = zonedDates();
    for (let i = 0; i < 2; i++) expect(() => zoned.zonedDateTime('2026-02-30', '09:00', 'UTC')).toThrow('not a YYYY-MM-DD date');
  });
});
