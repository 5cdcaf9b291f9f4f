import { SchoolCalendar } from '../../src/calendar/service';
import { NoSchoolDayModel } from '../../src/calendar/model';
import { CommissionModel } from '../../src/commissions/model';
import { DeliverableModel } from '../../src/deliverables/model';
import { deliverableReminderSource, reminderDates } from '../../src/deliverables/reminders';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const ctx = (now: Date) => ({ now, timeZone: 'America/New_York' });

describe('reminderDates (pure)', () => {
  const none = new SchoolCalendar([]);

  it('3 days before, on the day, then weekly while overdue', () => {
    // due Friday 2026-03-20: before = Tuesday 17th, overdue Fridays 27th and 3 April
    expect(reminderDates('2026-03-20', '2026-03-01', '2026-04-03', none)).toEqual([
      { kind: 'before', nominal: '2026-03-17', actual: '2026-03-17' },
      { kind: 'due', nominal: '2026-03-20', actual: '2026-03-20' },
      { kind: 'overdue', nominal: '2026-03-27', actual: '2026-03-27' },
      { kind: 'overdue', nominal: '2026-04-03', actual: '2026-04-03' },
    ]);
  });

  it('moves dates off weekends and no-school days, and never sends two on one day', () => {
    // due Monday 2026-03-23; 3 days before is Friday 20th, a no-school day → Monday 23rd, the due day: dropped
    const cal = new SchoolCalendar([{ startDate: '2026-03-20', endDate: '2026-03-20', label: 'PD day' }]);
    expect(reminderDates('2026-03-23', '2026-03-01', '2026-03-24', cal)).toEqual([
      { kind: 'due', nominal: '2026-03-23', actual: '2026-03-23' },
    ]);
    // a two-week break swallows the first overdue date; the second one lands on the same school day: one reminder
    const brk = new SchoolCalendar([{ startDate: '2026-03-30', endDate: '2026-04-10', label: 'Spring break' }]);
    const dates = reminderDates('2026-03-23', '2026-04-11', '2026-04-30', brk);
    expect(dates).toEqual([
      { kind: 'overdue', nominal: '2026-03-30', actual: '2026-04-13' },
      { kind: 'overdue', nominal: '2026-04-20', actual: '2026-04-20' },
      { kind: 'overdue', nominal: '2026-04-27', actual: '2026-04-27' },
    ]);
  });
});

describe('deliverableReminderSource', () => {
  beforeAll(connectTestDatabase);
  afterAll(disconnectTestDatabase);
  beforeEach(async () => {
    await clearCollections();
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', channelId: 'C0HEALTH', timeZone: 'America/Chicago' });
  });

  async function seed(over: Record<string, unknown> = {}) {
    return DeliverableModel.create({
      commissionKey: 'healthcare',
      title: 'Externship plan',
      ownerId: 'U0OWNER',
      dueDate: '2026-03-20',
      createdBy: 'U0LEAD',
      createdAt: new Date('2026-01-01T00:00:00Z'),
      ...over,
    });
  }

  it('plans each reminder at 09:00 in the commission zone, expiring at the end of its day', async () => {
    const d = await seed();
    const window = { from: new Date('2026-03-16T00:00:00Z'), to: new Date('2026-03-28T00:00:00Z') };
    const planned = await deliverableReminderSource.plan(window, ctx(window.to));
    const id = String(d._id);
    expect(planned.map((p) => [p.key, p.dueAt.toISOString(), p.expiresAt.toISOString()])).toEqual([
      [`deliverable:${id}:before:2026-03-17`, '2026-03-17T14:00:00.000Z', '2026-03-18T05:00:00.000Z'],
      [`deliverable:${id}:due:2026-03-20`, '2026-03-20T14:00:00.000Z', '2026-03-21T05:00:00.000Z'],
      [`deliverable:${id}:overdue:2026-03-27`, '2026-03-27T14:00:00.000Z', '2026-03-28T05:00:00.000Z'],
    ]);
    expect(planned.every((p) => 'user' in p.recipient && p.recipient.user === 'U0OWNER')).toBe(true);
  });

  it('plans only what falls in the window, and moves a no-school due date to the next school day', async () => {
    const d = await seed();
    await NoSchoolDayModel.create({ startDate: '2026-03-20', endDate: '2026-03-20', label: 'PD day', createdBy: 'U0LEAD' });
    const window = { from: new Date('2026-03-19T00:00:00Z'), to: new Date('2026-03-24T00:00:00Z') };
    const planned = await deliverableReminderSource.plan(window, ctx(window.to));
    expect(planned.map((p) => [p.key, p.dueAt.toISOString()])).toEqual([
      [`deliverable:${String(d._id)}:due:2026-03-20`, '2026-03-23T14:00:00.000Z'],
    ]);
  });

  it('renders a DM to the current owner, and skips done, snoozed or re-dated deliverables', async () => {
    const d = await seed();
    const window = { from: new Date('2026-03-20T13:00:00Z'), to: new Date('2026-03-20T15:00:00Z') };
    const [due] = await deliverableReminderSource.plan(window, ctx(window.to));
    const now = new Date('2026-03-20T14:00:00Z');

    await DeliverableModel.updateOne({ _id: d._id }, { ownerId: 'U0NEWOWNER' });
    const rendered = await deliverableReminderSource.render(due, ctx(now));
    expect(rendered).toMatchObject({ recipient: { user: 'U0NEWOWNER' } });
    expect('message' in rendered && rendered.message.text).toContain('due today');

    await DeliverableModel.updateOne({ _id: d._id }, { snoozedUntil: '2026-03-27' });
    expect(await deliverableReminderSource.render(due, ctx(now))).toEqual({ skip: 'snoozed until 2026-03-27' });

    await DeliverableModel.updateOne({ _id: d._id }, { $unset: { snoozedUntil: 1 }, dueDate: '2026-04-01' });
    expect(await deliverableReminderSource.render(due, ctx(now))).toEqual({ skip: 'the due date changed from 2026-03-20 to 2026-04-01' });

    await DeliverableModel.updateOne({ _id: d._id }, { dueDate: '2026-03-20', status: 'done' });
    expect(await deliverableReminderSource.render(due, ctx(now))).toEqual({ skip: 'the deliverable is done' });
    expect(await deliverableReminderSource.plan(window, ctx(window.to))).toEqual([]);
  });

  it('plans nothing for days before the deliverable existed', async () => {
    await seed({ createdAt: new Date('2026-03-20T15:00:00Z') });
    const window = { from: new Date('2026-03-20T00:00:00Z'), to: new Date('2026-03-21T00:00:00Z') };
    expect(await deliverableReminderSource.plan(window, ctx(window.to))).toEqual([]);
  });
});
