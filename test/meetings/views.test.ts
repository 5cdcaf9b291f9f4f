import { Types } from 'mongoose';
import type { MeetingRecord } from '../../src/meetings/service';
import {
  agendaFromDeliverables,
  formatOffset,
  meetingListMessage,
  meetingReminderMessage,
  meetingRescheduleModal,
  meetingScheduleModal,
  listOfMeetingRow,
  meetingRowBlockId,
} from '../../src/meetings/views';
import { checkMessage, checkView, validateMessage, validateView } from '../support/fake-slack';

const ZONE = 'America/Chicago';
const huge = 'y<&>*'.repeat(1000);

function meeting(over: Partial<MeetingRecord> = {}): MeetingRecord {
  return {
    _id: new Types.ObjectId(),
    commissionKey: 'healthcare',
    title: 'Spring meeting',
    startsAt: new Date('2026-03-10T20:00:00Z'),
    durationMinutes: 90,
    location: 'Room 204',
    link: 'https://meet.example.org/abc',
    agenda: 'Review externships',
    status: 'scheduled',
    revision: 0,
    createdBy: 'U0LEAD',
    ...over,
  } as MeetingRecord;
}

describe('meeting views', () => {
  it('the schedule modal is valid with 150 commissions and a 3000-character agenda, and says which time zone', () => {
    const commissions = Array.from({ length: 150 }, (_, i) => ({ key: `c${i}`, name: `Commission ${i} ${huge}`.slice(0, 300) }));
    const view = meetingScheduleModal({ commissions, commissionKey: 'c1', zone: ZONE, agendaBlockId: 'meeting_agenda:c1', agenda: huge });
    expect(checkView(view)).toEqual([]);
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain(ZONE);
  });

  it('the reschedule modal is prefilled with the current date and time in the zone', () => {
    const view = meetingRescheduleModal(meeting({ title: huge.slice(0, 150) }), 'Healthcare', ZONE);
    expect(checkView(view)).toEqual([]);
    expect(validateView(view)).toEqual([]);
    expect(checkView(meetingRescheduleModal(meeting({}), huge, ZONE))).toEqual([]);
    const json = JSON.stringify(view);
    expect(json).toContain('Healthcare');
    expect(json).toContain('"initial_date":"2026-03-10"');
    expect(json).toContain('"initial_time":"15:00"');
  });

  it('the list stays under 50 blocks with many meetings and counts the rest', () => {
    const items = Array.from({ length: 40 }, () => meeting({ title: huge.slice(0, 150), location: huge.slice(0, 500) }));
    const msg = meetingListMessage({ items, total: 75, zoneOf: () => ZONE });
    expect(checkMessage(msg)).toEqual([]);
    expect(validateMessage(msg)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain('and 55 more');
  });

  it('the reminder has the time as <!date>, the place, the link and the agenda, within limits', () => {
    const msg = meetingReminderMessage(meeting({ agenda: huge.slice(0, 3000), title: huge.slice(0, 150) }), 7 * 24 * 60, ZONE);
    expect(checkMessage(msg)).toEqual([]);
    expect(validateMessage(msg)).toEqual([]);
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain(`<!date^${Date.parse('2026-03-10T20:00:00Z') / 1000}^`);
    expect(json).toContain('https://meet.example.org/abc');
    expect(json).toContain('Agenda');
    expect(msg.text).toContain('in 7 days');
  });

  it('formats offsets and builds an agenda that fits a text input', () => {
    expect([10080, 1440, 60, 120, 30].map(formatOffset)).toEqual(['in 7 days', 'tomorrow', 'in 1 hour', 'in 2 hours', 'in 30 minutes']);
    const agenda = agendaFromDeliverables(
      Array.from({ length: 100 }, (_, i) => ({ title: `Deliverable ${i} ${'z'.repeat(100)}`, dueDate: '2026-03-20' })),
    );
    expect(agenda.length).toBeLessThanOrEqual(3000);
    expect(agenda).toMatch(/and \d+ more/);
    expect(agendaFromDeliverables([])).toBe('');
  });
});

describe('a meeting row carries its list (#17)', () => {
  it('reads back the commission of the list a row was on; any other block id carries none', () => {
    const id = String(new Types.ObjectId());
    expect(listOfMeetingRow(meetingRowBlockId(id, { commissionKey: 'healthcare' }))).toEqual({ commissionKey: 'healthcare' });
    expect(listOfMeetingRow(meetingRowBlockId(id, {}))).toEqual({});
    expect(listOfMeetingRow(`meeting_row_${id}`)).toBeUndefined();
    expect(listOfMeetingRow(`meeting_row_${id}|Health Care`)).toBeUndefined();
    expect(listOfMeetingRow(undefined)).toBeUndefined();
  });
});
