import { NoSchoolDayModel } from '../../src/calendar/model';
import {
  SchoolCalendar,
  addNoSchool,
  isSchoolDay,
  listNoSchool,
  loadSchoolCalendar,
  nextSchoolDay,
  removeNoSchool,
} from '../../src/calendar/service';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';
import { addDays, isValidDate } from '../../src/domain/dates';

const AT = new Date('2026-11-02T15:00:00Z');

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(clearCollections);

describe('SchoolCalendar (pure)', () => {
  const cal = new SchoolCalendar([
    { startDate: '2026-11-26', endDate: '2026-11-27', label: 'Thanksgiving' },
    { startDate: '2026-11-30', endDate: '2026-11-30', label: 'Testing day' },
    { startDate: '2026-12-21', endDate: '2027-01-01', label: 'Winter break' },
  ]);

  it('knows weekends and no-school ranges', () => {
    expect(cal.isSchoolDay('2026-11-25')).toBe(true); // Wednesday
    expect(cal.isSchoolDay('2026-11-26')).toBe(false); // Thanksgiving
    expect(cal.isSchoolDay('2026-11-28')).toBe(false); // Saturday
    expect(cal.isSchoolDay('2026-11-29')).toBe(false); // Sunday
    expect(cal.noSchoolRange('2026-12-25')?.label).toBe('Winter break');
  });

  it('moves to the next school day across weekends and consecutive ranges', () => {
    expect(cal.nextSchoolDay('2026-11-25')).toBe('2026-11-25');
    expect(cal.nextSchoolDay('2026-11-26')).toBe('2026-12-01'); // Thu, Fri, weekend, testing Monday → Tuesday
    expect(cal.nextSchoolDay('2026-12-21')).toBe('2027-01-04'); // break ends on a Friday
  });

  it('answers the same when asked again (it remembers its answers)', () => {
    for (let i = 0; i < 2; i++) {
      expect(cal.nextSchoolDay('2026-11-26')).toBe('2026-12-01');
      expect(cal.nextSchoolDay('2026-11-28')).toBe('2026-12-01');
      expect(cal.nextSchoolDay('2026-12-01')).toBe('2026-12-01');
    }
    for (let i = 0; i < 2; i++) expect(() => cal.nextSchoolDay('2026-02-30')).toThrow('not a YYYY-MM-DD date');
  });

  it('rejects what is not a date', () => {
    expect(() => cal.isSchoolDay('2026-02-30')).toThrow('not a YYYY-MM-DD date');
    expect(isValidDate('2026-2-3')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('calendar service', () => {
  it('adds, lists, checks and removes no-school ranges', async () => {
    await addNoSchool({ startDate: '2026-11-26', endDate: '2026-11-27', label: ' Thanksgiving break ', createdBy: 'U1', at: AT });
    await addNoSchool({ startDate: '2026-11-30', label: 'Testing day', createdBy: 'U1', at: AT });
    expect(await isSchoolDay('2026-11-27')).toBe(false);
    expect(await nextSchoolDay('2026-11-27')).toBe('2026-12-01');
    expect((await loadSchoolCalendar('2026-11-01')).ranges.map((r) => r.label)).toEqual(['Thanksgiving break', 'Testing day']);
    // ranges that ended before `from` are not listed
    expect(await listNoSchool('2026-11-28', 10)).toEqual({
      ranges: [{ startDate: '2026-11-30', endDate: '2026-11-30', label: 'Testing day' }],
      total: 1,
    });
    expect(await removeNoSchool('2026-11-27', { by: 'U1', at: AT })).toMatchObject({ label: 'Thanksgiving break' });
    expect(await isSchoolDay('2026-11-27')).toBe(true);
    expect(await NoSchoolDayModel.countDocuments()).toBe(1);
  });

  it('refuses overlaps, reversed ranges, bad dates and missing labels with actionable messages', async () => {
    await addNoSchool({ startDate: '2026-12-21', endDate: '2027-01-01', label: 'Winter break', createdBy: 'U1', at: AT });
    await expect(
      addNoSchool({ startDate: '2026-12-31', endDate: '2027-01-02', label: 'New year', createdBy: 'U1', at: AT }),
    ).rejects.toThrow(/overlaps \*Winter break\*.*\/iec calendar remove 2026-12-21/);
    await expect(addNoSchool({ startDate: '2026-12-05', endDate: '2026-12-01', label: 'x', createdBy: 'U1', at: AT })).rejects.toThrow(
      'before it starts',
    );
    await expect(addNoSchool({ startDate: '2026-13-01', label: 'x', createdBy: 'U1', at: AT })).rejects.toThrow('is not a date');
    await expect(addNoSchool({ startDate: '2026-10-01', label: '  ', createdBy: 'U1', at: AT })).rejects.toThrow('label');
    await expect(removeNoSchool('2026-10-01', { by: 'U1', at: AT })).rejects.toThrow('No no-school day or range contains 2026-10-01');
  });
});
