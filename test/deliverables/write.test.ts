import type { Actor } from '../../src/access/actor';
import { CommissionModel } from '../../src/commissions/model';
import { DeliverableModel } from '../../src/deliverables/model';
import {
  changeDeliverableDueDate,
  changeDeliverableOwner,
  createDeliverable,
  markDeliverableDone,
  snoozeDeliverable,
} from '../../src/deliverables/service';
import { events, type EventMap } from '../../src/events';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const NOW = new Date('2026-10-01T14:00:00Z');
const LATER = new Date('2026-10-02T14:00:00Z');
const LEAD = 'U0LEAD';
const OWNER = 'U0OWNER';
const lead: Actor = { userId: LEAD, isAdmin: false, leads: ['construction'], partnerIds: [] };
const input = {
  commissionKey: 'construction',
  title: 'Externship plan',
  description: '',
  ownerId: OWNER,
  dueDate: '2026-10-20',
  linkedTypes: [],
};

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  await CommissionModel.create({ key: 'construction', name: 'Construction', leads: [LEAD] });
});

describe('the deliverables write path', () => {
  it('writes every change with a history entry and revision, and emits deliverable.changed for each', async () => {
    const seen: Array<EventMap['deliverable.changed']> = [];
    const off = events.on('deliverable.changed', (e) => {
      seen.push(e);
    });
    const d = await createDeliverable(lead, input, NOW, 'V1:abc');
    // the same submission again: the same deliverable, nothing written
    expect(String((await createDeliverable(lead, input, NOW, 'V1:abc'))._id)).toBe(String(d._id));
    const id = String(d._id);
    await changeDeliverableOwner(lead, id, LEAD, LATER);
    await changeDeliverableOwner(lead, id, LEAD, LATER); // no change: no entry
    await snoozeDeliverable(lead, id, LATER, 'America/New_York');
    await changeDeliverableDueDate(lead, id, '2026-10-30', LATER, 'America/New_York');
    await markDeliverableDone(lead, id, LATER);
    await events.idle();
    off();

    const stored = await DeliverableModel.findById(id).lean();
    expect(stored).toMatchObject({ revision: 4, status: 'done', ownerId: LEAD, dueDate: '2026-10-30' });
    expect(stored?.snoozedUntil).toBeUndefined();
    expect(stored?.history.map((e) => [e.by, e.action, e.changes.map((c) => c.field).join(',')])).toEqual([
      [LEAD, 'created', 'commissionKey,title,description,ownerId,dueDate,linkedTypes'],
      [LEAD, 'owner', 'ownerId'],
      [LEAD, 'snoozed', 'snoozedUntil'],
      [LEAD, 'due date', 'dueDate,snoozedUntil'],
      [LEAD, 'done', 'status,completedAt'],
    ]);
    expect(stored?.history[1].changes).toEqual([{ field: 'ownerId', from: OWNER, to: LEAD }]);
    expect(seen.map((e) => [e.action, e.changes[0].before?.ownerId ?? null, e.changes[0].after?.ownerId])).toEqual([
      ['created', null, OWNER],
      ['owner', OWNER, LEAD],
      ['snoozed', LEAD, LEAD],
      ['due date', LEAD, LEAD],
      ['done', LEAD, LEAD],
    ]);
  });

  it('two changes at once: each is written on the other, none is lost', async () => {
    const id = String((await createDeliverable(lead, input, NOW))._id);
    await Promise.all([
      changeDeliverableOwner(lead, id, LEAD, LATER),
      changeDeliverableDueDate(lead, id, '2026-10-30', LATER, 'America/New_York'),
    ]);
    const stored = await DeliverableModel.findById(id).lean();
    expect(stored).toMatchObject({ ownerId: LEAD, dueDate: '2026-10-30', revision: 2 });
    expect(stored?.history).toHaveLength(3);
  });
});
