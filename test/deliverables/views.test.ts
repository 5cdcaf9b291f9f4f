import { Types } from 'mongoose';
import type { DeliverableRecord } from '../../src/deliverables/service';
import {
  changeDueModal,
  changeOwnerModal,
  deliverableAddModal,
  deliverableChangedMessage,
  deliverableDetailsModal,
  deliverableListMessage,
  deliverableReminderMessage,
  LIST_PAGE_SIZE,
  listRowBlockId,
  savedModal,
} from '../../src/deliverables/views';
import { listPageOfRow } from '../../src/deliverables/input';
import { DeliverableActions } from '../../src/deliverables/ids';
import { checkMessage, checkView, validateMessage, validateView } from '../support/fake-slack';

const ZONE = 'America/New_York';

function deliverable(over: Partial<DeliverableRecord> = {}): DeliverableRecord {
  return {
    _id: new Types.ObjectId(),
    commissionKey: 'healthcare',
    title: 'Teacher externship plan',
    description: 'Plan the summer externships',
    ownerId: 'U0OWNER',
    dueDate: '2026-03-20',
    status: 'open',
    linkedTypes: ['teacher_externship'],
    createdBy: 'U0LEAD',
    ...over,
  } as DeliverableRecord;
}

const huge = 'x<&>*'.repeat(1000);

describe('deliverable list message', () => {
  it('stays within 50 blocks and offers "Show more" when more match', () => {
    const items = Array.from({ length: LIST_PAGE_SIZE }, () => deliverable({ title: huge.slice(0, 150), description: huge }));
    const msg = deliverableListMessage({
      items,
      total: 1234,
      offset: 0,
      filter: 'open',
      commissionKey: 'healthcare',
      today: '2026-03-10',
      zone: ZONE,
    });
    expect(checkMessage(msg)).toEqual([]);
    expect(validateMessage(msg)).toEqual([]);
    expect(msg.blocks!.length).toBeLessThanOrEqual(50);
    const more = JSON.stringify(msg.blocks).includes(DeliverableActions.showMore);
    expect(more).toBe(true);
    expect(JSON.stringify(msg.blocks)).toContain('1–10 of 1234');
  });

  it('shows only a page even when given too many items, and no "Show more" on the last page', () => {
    const items = Array.from({ length: 60 }, () => deliverable());
    const msg = deliverableListMessage({ items, total: 60, offset: 50, filter: 'all', today: '2026-03-10', zone: ZONE });
    expect(checkMessage(msg)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).not.toContain(DeliverableActions.showMore);
  });

  it('marks overdue items with their days late; a done one keeps only Archive and its History button', () => {
    const msg = deliverableListMessage({
      items: [deliverable({ dueDate: '2026-03-01' }), deliverable({ status: 'done', title: 'Finished' })],
      total: 2,
      offset: 0,
      filter: 'all',
      today: '2026-03-10',
      zone: ZONE,
    });
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain('9 days overdue');
    const actions = msg.blocks!.filter((b) => b.type === 'actions') as Array<{ elements: Array<{ action_id: string }> }>;
    expect(actions.map((a) => a.elements.map((e) => e.action_id))).toEqual([
      [
        DeliverableActions.markDone,
        DeliverableActions.changeOwner,
        DeliverableActions.changeDue,
        DeliverableActions.snooze,
        DeliverableActions.archive,
        DeliverableActions.history,
      ],
      [DeliverableActions.archive, DeliverableActions.history],
    ]);
    expect(json).toContain('<!date^');
  });

  it('says how to add one when there are none', () => {
    const msg = deliverableListMessage({
      items: [],
      total: 0,
      offset: 0,
      filter: 'overdue',
      commissionKey: 'healthcare',
      today: '2026-03-10',
      zone: ZONE,
    });
    expect(checkMessage(msg)).toEqual([]);
    expect(msg.text).toContain('/iec deliverable add healthcare');
  });

  it('escapes user text', () => {
    const msg = deliverableListMessage({
      items: [deliverable({ title: '<!channel> *x*' })],
      total: 1,
      offset: 0,
      filter: 'open',
      today: '2026-03-10',
      zone: ZONE,
    });
    expect(JSON.stringify(msg.blocks)).not.toContain('<!channel>');
  });
});

describe('deliverable modals', () => {
  it('add modal fits with 150 commissions (only 100 options) and preselects the given one', () => {
    const commissions = Array.from({ length: 150 }, (_, i) => ({ key: `c${i}`, name: `Commission ${i} ${huge}`.slice(0, 200) }));
    const view = deliverableAddModal({ commissions, commissionKey: 'c3' });
    expect(checkView(view)).toEqual([]);
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain('"initial_option"');
  });

  it('small modals and the details modal are valid at any size', () => {
    const d = deliverable({ title: huge.slice(0, 150), description: huge.slice(0, 3000) });
    const named = { ...d, commissionName: huge.slice(0, 300) };
    for (const view of [
      changeOwnerModal(named),
      changeDueModal(named),
      deliverableDetailsModal(d, '2026-03-10', ZONE),
      savedModal('A very long title that does not fit', huge),
    ]) {
      expect(checkView(view)).toEqual([]);
      expect(validateView(view)).toEqual([]);
    }
  });
});

describe('deliverable reminder message', () => {
  it.each([
    ['2026-03-17', 'in 3 days'],
    ['2026-03-20', 'due today'],
    ['2026-03-27', '7 days overdue'],
  ])('on %s says %s, with done / snooze / details buttons', (today, phrase) => {
    const msg = deliverableReminderMessage(deliverable({ description: huge }), today, ZONE);
    expect(checkMessage(msg)).toEqual([]);
    expect(validateMessage(msg)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain(phrase);
    const actions = JSON.stringify(msg.blocks);
    for (const id of [DeliverableActions.markDone, DeliverableActions.snooze, DeliverableActions.details]) expect(actions).toContain(id);
  });
});

describe('a button redrawing where it was pressed (#17)', () => {
  it("a list row's block_id carries its page, read back as it was; other block ids carry none", () => {
    const id = String(new Types.ObjectId());
    for (const page of [
      { commissionKey: 'healthcare', filter: 'overdue' as const, offset: 10 },
      { filter: 'all' as const, offset: 0 },
    ]) {
      const blockId = listRowBlockId(id, page);
      expect(blockId.length).toBeLessThanOrEqual(255);
      expect(listPageOfRow(blockId)).toEqual(page);
    }
    expect(listPageOfRow(`deliverable_row_${id}`)).toBeUndefined();
    expect(listPageOfRow(`deliverable_row_${id}|Health Care|open|0`)).toBeUndefined();
    expect(listPageOfRow(`deliverable_reminder_${id}`)).toBeUndefined();
    const msg = deliverableListMessage({
      commissionKey: 'healthcare',
      commissionName: 'Healthcare',
      filter: 'open',
      offset: 0,
      items: [deliverable({ _id: new Types.ObjectId(id) } as Partial<DeliverableRecord>)],
      total: 1,
      today: '2026-03-01',
      zone: ZONE,
    });
    expect(JSON.stringify(msg.blocks)).toContain(`"block_id":"deliverable_row_${id}|healthcare|open|0"`);
  });

  it('a reminder replaced after Mark done: the confirmation, the deliverable as it is, Open details only', () => {
    const msg = deliverableChangedMessage(
      deliverable({ status: 'done', commissionName: 'Healthcare' } as Partial<DeliverableRecord>),
      ':white_check_mark: *Teacher externship plan* is done. Thank you!',
      '2026-03-17',
      ZONE,
    );
    expect(checkMessage(msg)).toEqual([]);
    expect(validateMessage(msg)).toEqual([]);
    const shown = JSON.stringify(msg.blocks);
    expect(shown).toContain('is done. Thank you!');
    expect(shown).toContain('*Healthcare*');
    expect(shown).toContain(DeliverableActions.details);
    expect(shown).not.toContain(DeliverableActions.markDone);
    expect(shown).not.toContain(DeliverableActions.snooze);
  });
});
