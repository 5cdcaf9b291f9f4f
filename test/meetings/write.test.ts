import type { Actor } from '../../src/access/actor';
import { CommissionModel } from '../../src/commissions/model';
import { StaleRevision } from '../../src/errors';
import { events, type EventMap } from '../../src/events';
import { MeetingModel } from '../../src/meetings/model';
import { cancelMeeting, rescheduleMeeting, scheduleMeeting } from '../../src/meetings/service';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const NOW = new Date('2026-10-01T14:00:00Z');
const LATER = new Date('2026-10-02T14:00:00Z');
const ZONE = 'America/New_York';
const lead = (userId: string): Actor => ({ userId, isAdmin: false, leads: ['construction'], partnerIds: [] });
const input = {
  commissionKey: 'construction',
  title: 'October meeting',
  place: 'Room 4',
  agenda: '',
  date: '2026-10-13',
  time: '10:00',
  durationMinutes: 60,
};

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  await CommissionModel.create({ key: 'construction', name: 'Construction', leads: ['U0ANA', 'U0BO'] });
});

describe('the meetings write path', () => {
  it('schedules, reschedules and cancels with a history entry and revision each, and emits meeting.changed', async () => {
    const seen: Array<EventMap['meeting.changed']> = [];
    const off = events.on('meeting.changed', (e) => {
      seen.push(e);
    });
    const m = await scheduleMeeting(lead('U0ANA'), input, NOW, ZONE, 'V1:abc');
    const id = String(m._id);
    await rescheduleMeeting(lead('U0BO'), id, { date: '2026-10-14', time: '11:00', durationMinutes: 90 }, 0, LATER, ZONE);
    // a reschedule from a form that showed revision 0: refused, naming who moved it
    const refused = rescheduleMeeting(lead('U0ANA'), id, { date: '2026-10-15', time: '09:00', durationMinutes: 60 }, 0, LATER, ZONE);
    await expect(refused).rejects.toBeInstanceOf(StaleRevision);
    await expect(refused).rejects.toMatchObject({ changedBy: 'U0BO' });
    await cancelMeeting(lead('U0ANA'), id, LATER);
    await expect(cancelMeeting(lead('U0BO'), id, LATER)).rejects.toThrow('already cancelled');
    await events.idle();
    off();

    const stored = await MeetingModel.findById(id).lean();
    expect(stored).toMatchObject({ revision: 2, status: 'cancelled', durationMinutes: 90, revisedAt: LATER, cancelledBy: 'U0ANA' });
    expect(stored?.history.map((e) => [e.by, e.action, e.changes.map((c) => c.field).join(',')])).toEqual([
      ['U0ANA', 'scheduled', 'commissionKey,title,startsAt,durationMinutes,location,link,agenda,formal,organiserId'],
      ['U0BO', 'rescheduled', 'startsAt,durationMinutes'],
      ['U0ANA', 'cancelled', 'status,cancelledAt,cancelledBy'],
    ]);
    expect(seen.map((e) => [e.action, e.by, e.changes[0].after?.revision])).toEqual([
      ['scheduled', 'U0ANA', 0],
      ['rescheduled', 'U0BO', 1],
      ['cancelled', 'U0ANA', 2],
    ]);
  });
});
