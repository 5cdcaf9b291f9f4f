import { Types } from 'mongoose';
import type { HomeData } from '../../src/home/service';
import { HOME_MAX_BLOCKS, homeView } from '../../src/home/views';
import type { MeetingAttendance } from '../../src/meetings';
import { validateView } from '../support/fake-slack';
import { checkView } from '../support/fake-slack/limits';

/** A lead's Home lists the last meetings with their attendance: counts only, at most 8 lines, then "and N more". */

const zone = 'America/New_York';

function meetingAttendance(i: number, recorded: boolean): MeetingAttendance {
  return {
    meeting: {
      _id: new Types.ObjectId(),
      commissionKey: 'healthcare',
      title: `Meeting ${i} ${'<@U1> & '.repeat(40)}`,
      startsAt: new Date(`2027-03-0${(i % 9) + 1}T15:00:00Z`),
      durationMinutes: 60,
      formal: i % 2 === 0,
      createdBy: 'U1',
    } as never,
    attendance: recorded
      ? ({
          recorded: true,
          attendees: [
            { kind: 'industry', name: 'Dana Cho', organisation: 'Mount Sinai' },
            { kind: 'school', name: 'Sam', schoolId: 's1', schoolName: 'Clara Barton' },
          ],
        } as never)
      : null,
  };
}

function home(total: number): HomeData {
  const items = Array.from({ length: Math.min(total, 10) }, (_, i) => meetingAttendance(i, i % 3 !== 0));
  const empty = { items: [], total: 0 };
  return {
    role: 'iec',
    userId: 'U1',
    isAdmin: false,
    now: new Date('2027-03-10T15:00:00Z'),
    timeZone: zone,
    schoolYear: '2026-27',
    totalCommissions: 1,
    commissions: [
      {
        key: 'healthcare',
        name: 'Healthcare',
        zone,
        today: '2027-03-10',
        totals: [],
        overdue: empty,
        upcoming: empty,
        meetings: empty,
        pastDue: empty,
        quietPartners: empty,
        attendance: { items, total },
      },
    ],
  };
}

it('lists recent meetings with counts, not names, within the limits, and says how many more', () => {
  const view = homeView(home(14));
  expect(validateView(view)).toEqual([]);
  expect(checkView(view)).toEqual([]);
  expect(view.blocks.length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
  const json = JSON.stringify(view.blocks);
  expect(json).toContain('Recent meetings and attendance');
  expect(json).toContain('2 attended: 1 industry, 1 school staff from 1 school');
  expect(json).toContain('attendance not recorded yet');
  expect(json).toContain('/iec attendance healthcare');
  expect(json).toMatch(/and \d+ more — `\/iec attendance healthcare`/);
  expect(json).not.toContain('Mount Sinai');
});

it('shows no attendance section when no meeting ended recently', () => {
  expect(JSON.stringify(homeView(home(0)).blocks)).not.toContain('Recent meetings');
});
