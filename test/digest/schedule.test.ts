import { DateTime } from 'luxon';
import { SchoolCalendar } from '../../src/calendar/service';
import { addWeeks, dateOfIsoWeekday, digestSlot, isoWeekRange, weeksForWindow } from '../../src/digest/schedule';

const NY = 'America/New_York';
const monday9 = { weekday: 1, hour: 9, minute: 0 };
const noBreaks = new SchoolCalendar([]);

function local(instant: Date, zone = NY): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm ZZ");
}

describe('digest schedule', () => {
  it('finds the dates of an ISO week, across year boundaries', () => {
    expect(dateOfIsoWeekday('2026-W48', 1)).toBe('2026-11-23');
    expect(dateOfIsoWeekday('2026-W53', 7)).toBe('2027-01-03');
    expect(addWeeks('2026-W53', 1)).toBe('2027-W01');
    expect(addWeeks('2027-W01', -1)).toBe('2026-W53');
    expect(() => dateOfIsoWeekday('2026-48', 1)).toThrow('not an ISO week');
  });

  it('is Monday 09:00 local in a normal week', () => {
    const slot = digestSlot('2026-W48', monday9, NY, noBreaks);
    expect(local(slot.dueAt)).toBe('2026-11-23T09:00 -05:00');
    expect(slot.dueAt.toISOString()).toBe('2026-11-23T14:00:00.000Z');
    expect(slot.movedFrom).toBeUndefined();
  });

  it('is 09:00 local on both sides of the spring-forward and fall-back Sundays', () => {
    // 2026-03-08 (spring forward) is the Sunday of W10; 2026-11-01 (fall back) is the Sunday of W44
    expect(digestSlot('2026-W10', monday9, NY, noBreaks).dueAt.toISOString()).toBe('2026-03-02T14:00:00.000Z'); // EST
    expect(digestSlot('2026-W11', monday9, NY, noBreaks).dueAt.toISOString()).toBe('2026-03-09T13:00:00.000Z'); // EDT
    expect(digestSlot('2026-W44', monday9, NY, noBreaks).dueAt.toISOString()).toBe('2026-10-26T13:00:00.000Z'); // EDT
    expect(digestSlot('2026-W45', monday9, NY, noBreaks).dueAt.toISOString()).toBe('2026-11-02T14:00:00.000Z'); // EST
  });

  it('keeps a digest set inside the DST change once: a missing time moves forward, a doubled one is the first', () => {
    const sunday = (hour: number, minute: number) => ({ weekday: 7, hour, minute });
    expect(local(digestSlot('2026-W10', sunday(2, 30), NY, noBreaks).dueAt)).toBe('2026-03-08T03:30 -04:00');
    expect(local(digestSlot('2026-W44', sunday(1, 30), NY, noBreaks).dueAt)).toBe('2026-11-01T01:30 -04:00');
  });

  it('moves a Friday holiday digest to the next Monday, before the next Friday digest', () => {
    const calendar = new SchoolCalendar([{ startDate: '2026-11-27', endDate: '2026-11-27', label: 'Thanksgiving' }]);
    const slot = digestSlot('2026-W48', { weekday: 5, hour: 15, minute: 0 }, NY, calendar);
    expect(local(slot.dueAt)).toBe('2026-11-30T15:00 -05:00');
    expect(slot.skip).toBeUndefined();
  });

  it('moves a no-school Monday to Tuesday, same local time, and says why', () => {
    const calendar = new SchoolCalendar([{ startDate: '2026-11-23', endDate: '2026-11-23', label: 'PD day' }]);
    const slot = digestSlot('2026-W48', monday9, NY, calendar);
    expect(local(slot.dueAt)).toBe('2026-11-24T09:00 -05:00');
    expect(slot.movedFrom).toEqual({ date: '2026-11-23', label: 'PD day' });
    expect(slot.skip).toBeUndefined();
  });

  it('skips the week when no school day comes before the next digest', () => {
    const calendar = new SchoolCalendar([{ startDate: '2026-12-21', endDate: '2027-01-01', label: 'Winter break' }]);
    const first = digestSlot('2026-W52', monday9, NY, calendar);
    expect(first.skip).toMatch(/Winter break/);
    expect(local(first.dueAt)).toBe('2026-12-21T09:00 -05:00');
    expect(digestSlot('2026-W53', monday9, NY, calendar).skip).toBe(
      'no school from 2026-12-28 until 2027-01-04 (Winter break): no digest this week',
    );
    const after = digestSlot('2027-W01', monday9, NY, calendar);
    expect(after.skip).toBeUndefined();
    expect(local(after.dueAt)).toBe('2027-01-04T09:00 -05:00');
  });

  it('covers a week from local midnight to local midnight, 167 hours in the spring-forward week', () => {
    const w = isoWeekRange('2026-W10', NY);
    expect(w.start.toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect((w.end.getTime() - w.start.getTime()) / 3_600_000).toBe(167);
  });

  it('looks at every week whose (possibly moved) digest can fall in a window', () => {
    const weeks = weeksForWindow({ from: new Date('2026-11-30T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') }, NY);
    expect(weeks).toEqual(['2026-W47', '2026-W48', '2026-W49']);
  });
});
