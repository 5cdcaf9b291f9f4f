import { CommissionModel } from '../../src/commissions/model';
import { MeetingModel } from '../../src/meetings/model';
import { meetingReminderSource } from '../../src/meetings/reminders';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const START = new Date('2026-03-20T15:00:00Z');
const H = 3_600_000;
const ctx = (now: Date) => ({ now, timeZone: 'America/New_York' });

describe('meetingReminderSource', () => {
  beforeAll(connectTestDatabase);
  afterAll(disconnectTestDatabase);
  beforeEach(async () => {
    await clearCollections();
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', channelId: 'C0HEALTH' });
  });

  const seed = (over: Record<string, unknown> = {}) =>
    MeetingModel.create({
      commissionKey: 'healthcare',
      title: 'Spring',
      startsAt: START,
      durationMinutes: 60,
      createdBy: 'U0LEAD',
      revisedAt: new Date('2026-03-01T00:00:00Z'),
      ...over,
    });

  it('plans 7 days, 1 day and 1 hour before, each expiring when the next is due', async () => {
    const m = await seed();
    const id = String(m._id);
    const window = { from: new Date('2026-03-01T00:00:00Z'), to: START };
    const planned = await meetingReminderSource.plan(window, ctx(window.from));
    expect(planned.map((p) => [p.key, p.dueAt.toISOString(), p.expiresAt.toISOString(), p.recipient])).toEqual([
      [`meeting:${id}:r0:10080`, '2026-03-13T15:00:00.000Z', '2026-03-19T15:00:00.000Z', { channel: 'C0HEALTH' }],
      [`meeting:${id}:r0:1440`, '2026-03-19T15:00:00.000Z', '2026-03-20T14:00:00.000Z', { channel: 'C0HEALTH' }],
      [`meeting:${id}:r0:60`, '2026-03-20T14:00:00.000Z', '2026-03-20T15:00:00.000Z', { channel: 'C0HEALTH' }],
    ]);
  });

  it.each([
    [10080, 7 * 24],
    [1440, 24],
    [60, 1],
  ])('a window around the instant %i minutes before holds exactly that reminder', async (offset, hours) => {
    const m = await seed();
    const at = new Date(START.getTime() - hours * H);
    const planned = await meetingReminderSource.plan({ from: new Date(at.getTime() - 60_000), to: at }, ctx(at));
    expect(planned.map((p) => p.key)).toEqual([`meeting:${String(m._id)}:r0:${offset}`]);
    const rendered = await meetingReminderSource.render(planned[0], ctx(at));
    expect(rendered).toMatchObject({ recipient: { channel: 'C0HEALTH' } });
  });

  it('uses the commission offsets', async () => {
    await CommissionModel.updateOne({ key: 'healthcare' }, { meetingReminderOffsets: [30, 2880] });
    const m = await seed();
    const planned = await meetingReminderSource.plan({ from: new Date('2026-03-01T00:00:00Z'), to: START }, ctx(START));
    expect(planned.map((p) => p.key)).toEqual([`meeting:${String(m._id)}:r0:2880`, `meeting:${String(m._id)}:r0:30`]);
  });

  it('after a reschedule: old reminders render as skipped, new ones have the new revision; after cancel: nothing', async () => {
    const m = await seed();
    const window = { from: new Date('2026-03-01T00:00:00Z'), to: START };
    const [old7d] = await meetingReminderSource.plan(window, ctx(window.from));
    const newStart = new Date(START.getTime() + 48 * H);
    await MeetingModel.updateOne(
      { _id: m._id },
      { startsAt: newStart, $inc: { revision: 1 }, revisedAt: new Date('2026-03-02T00:00:00Z') },
    );
    expect(await meetingReminderSource.render(old7d, ctx(old7d.dueAt))).toEqual({
      skip: 'the meeting was rescheduled (revision 1, this reminder is for 0)',
    });
    const replanned = await meetingReminderSource.plan({ from: window.from, to: newStart }, ctx(window.from));
    expect(replanned.map((p) => p.key)).toEqual([10080, 1440, 60].map((o) => `meeting:${String(m._id)}:r1:${o}`));

    await MeetingModel.updateOne({ _id: m._id }, { status: 'cancelled' });
    expect(await meetingReminderSource.render(replanned[1], ctx(replanned[1].dueAt))).toEqual({ skip: 'the meeting was cancelled' });
    expect(await meetingReminderSource.plan({ from: window.from, to: newStart }, ctx(window.from))).toEqual([]);
  });

  it('does not plan reminders due before the meeting was scheduled', async () => {
    const m = await seed({ revisedAt: new Date('2026-03-18T00:00:00Z') });
    const planned = await meetingReminderSource.plan({ from: new Date('2026-03-01T00:00:00Z'), to: START }, ctx(START));
    expect(planned.map((p) => p.key)).toEqual([1440, 60].map((o) => `meeting:${String(m._id)}:r0:${o}`));
  });

  it('skips when the commission has no channel, naming it (its key only in the command that sets one)', async () => {
    await CommissionModel.updateOne({ key: 'healthcare' }, { $unset: { channelId: 1 }, name: 'Healthcare Sciences' });
    await seed();
    const at = new Date(START.getTime() - H);
    const [n] = await meetingReminderSource.plan({ from: new Date(at.getTime() - 1), to: at }, ctx(at));
    expect(await meetingReminderSource.render(n, ctx(at))).toEqual({
      skip: 'Healthcare Sciences has no channel (set one with /iec commission set-channel healthcare #channel)',
    });
  });
});
