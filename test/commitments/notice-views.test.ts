import type { HistoryEntry } from '../../src/db/history';
import {
  BULK_THRESHOLD,
  changeNoticeMessage,
  noticeKey,
  noticeRecipients,
  noticeWindowOf,
  touchOf,
  type NoticeItem,
  type NoticeRoles,
} from '../../src/commitments/notice-views';
import { canaryProblems, CANARY } from '../support/canary';
import { checkMessage } from '../support/fake-slack/limits';

const LEAD = 'ULEAD00001';
const LEAD2 = 'ULEAD00002';
const OTHER_LEAD = 'UHEALTH001';
const CONTACT = 'UCONTACT01';
const ADMIN = 'UADMIN0001';
const PARTNER = '64b000000000000000000001';
const OTHER_PARTNER = '64b000000000000000000002';

const roles: NoticeRoles = {
  leadsByCommission: new Map([
    ['construction', [LEAD, LEAD2]],
    ['healthcare', [OTHER_LEAD]],
  ]),
  contactsByPartner: new Map([
    [PARTNER, [CONTACT]],
    [OTHER_PARTNER, []],
  ]),
};

const at = new Date('2026-10-15T14:03:00Z');

function entry(over: Partial<HistoryEntry> = {}): HistoryEntry {
  return { at, by: CONTACT, action: 'status', changes: [{ field: 'status', from: 'pledged', to: 'cancelled' }], ...over };
}

function item(over: Partial<HistoryEntry> = {}, commitment: Partial<NoticeItem['commitment']> = {}): NoticeItem {
  return {
    commitment: {
      id: 'c1',
      partnerName: 'Con Edison',
      commissionKey: 'construction',
      type: 'mentoring',
      quantity: 5,
      unit: 'students mentored',
      ...commitment,
    },
    entry: entry(over),
  };
}

const names = new Map([
  ['construction', 'Construction/Sustainability'],
  ['healthcare', 'Healthcare'],
]);

describe('who is told of a change', () => {
  const touch = (by: string, changes: HistoryEntry['changes'] = []) =>
    touchOf({ commissionKey: 'construction', partnerId: PARTNER }, { by, changes });

  it('a partner contact’s change: the commission’s leads', () => {
    expect(noticeRecipients(touch(CONTACT), roles)).toEqual([LEAD, LEAD2]);
  });

  it('a lead’s change: the partner’s contact, not the other leads of the commission they lead', () => {
    expect(noticeRecipients(touch(LEAD), roles)).toEqual([CONTACT]);
  });

  it('someone who leads another commission, or an administrator: the leads and the contact', () => {
    expect(noticeRecipients(touch(OTHER_LEAD), roles)).toEqual([CONTACT, LEAD, LEAD2]);
    expect(noticeRecipients(touch(ADMIN), roles)).toEqual([CONTACT, LEAD, LEAD2]);
  });

  it('a move to another commission tells the leads of both sides', () => {
    const moved = touch(CONTACT, [{ field: 'commissionKey', from: 'healthcare', to: 'construction' }]);
    expect(moved.commissionKeys).toEqual(['construction', 'healthcare']);
    expect(noticeRecipients(moved, roles)).toEqual([OTHER_LEAD, LEAD, LEAD2]);
  });

  it('nobody for a change not made by a person (the seed, an erased contact)', () => {
    expect(noticeRecipients(touch('seed'), roles)).toEqual([]);
    expect(noticeRecipients(touch('erased contact'), roles)).toEqual([]);
  });

  it('a commission without leads and a partner without contacts in Slack: nobody', () => {
    const none = touchOf({ commissionKey: 'culinary', partnerId: OTHER_PARTNER }, { by: ADMIN, changes: [] });
    expect(noticeRecipients(none, roles)).toEqual([]);
  });
});

describe('the notice’s window and key', () => {
  it('10-minute windows, due 30 s after the window ends', () => {
    expect(noticeWindowOf(at)).toEqual({
      start: new Date('2026-10-15T14:00:00Z'),
      end: new Date('2026-10-15T14:10:00Z'),
      dueAt: new Date('2026-10-15T14:10:30Z'),
    });
    expect(noticeWindowOf(new Date('2026-10-15T14:10:00Z')).start).toEqual(new Date('2026-10-15T14:10:00Z'));
  });

  it('one key per person per window', () => {
    const { start } = noticeWindowOf(at);
    expect(noticeKey(LEAD, start)).toBe('commitment-notice:ULEAD00001:2026-10-15T14:00:00.000Z');
    expect(noticeKey(LEAD, noticeWindowOf(new Date('2026-10-15T14:09:59Z')).start)).toBe(noticeKey(LEAD, start));
    expect(noticeKey(LEAD2, start)).not.toBe(noticeKey(LEAD, start));
  });
});

describe('the notice', () => {
  const window = { start: new Date('2026-10-15T14:00:00Z'), end: new Date('2026-10-15T14:10:00Z') };
  const data = (items: NoticeItem[]) => ({
    items,
    window,
    commissionNames: names,
    schoolNames: new Map([['s1', 'Thomas Edison CTE']]),
    zone: 'America/New_York',
  });

  it('says what changed, from what to what, by whom, and about which commitment', () => {
    const msg = changeNoticeMessage(data([item()]));
    expect(checkMessage(msg)).toEqual([]);
    const shown = JSON.stringify(msg.blocks);
    expect(shown).toContain('1 change to commitments');
    expect(shown).toContain('*Con Edison* — Mentoring: 5 students');
    expect(shown).toContain('Construction/Sustainability');
    expect(shown).toContain('• status: Pledged → Cancelled');
    expect(shown).toContain(`<@${CONTACT}>`);
    expect(msg.text).toBe(`Con Edison: status by <@${CONTACT}>`);
  });

  it('a recorded commitment lists what it was recorded with; schools by name', () => {
    const created = item({
      action: 'created',
      changes: [
        { field: 'quantity', from: null, to: 5 },
        { field: 'schoolIds', from: null, to: ['s1'] },
      ],
    });
    const shown = JSON.stringify(changeNoticeMessage(data([created])).blocks);
    expect(shown).toContain('created');
    expect(shown).toContain('• quantity: 5');
    expect(shown).toContain('• schools: Thomas Edison CTE');
  });

  it(`a bulk change (more than ${BULK_THRESHOLD} by one person, of one kind, from one file) is one summary line`, () => {
    const imported = Array.from({ length: 40 }, (_, i) =>
      item(
        { by: ADMIN, action: 'imported', source: 'pledges.xlsx', changes: [{ field: 'quantity', from: null, to: i + 1 }] },
        { id: `c${i}`, partnerName: i % 4 === 0 ? 'National Grid' : 'Con Edison' },
      ),
    );
    const msg = changeNoticeMessage(data([...imported, item()]));
    expect(checkMessage(msg)).toEqual([]);
    const sections = msg.blocks.filter((b) => b.type === 'section').map((b) => JSON.stringify(b));
    expect(sections).toHaveLength(2);
    expect(sections[0]).toContain(`<@${ADMIN}> · imported (pledges.xlsx) · *40 commitments* of Con Edison (30), National Grid (10)`);
    expect(sections[1]).toContain('• status: Pledged → Cancelled');
    expect(JSON.stringify(msg.blocks)).toContain('41 changes to commitments');
  });

  it('many single changes stay within Slack’s limits and say how many are not shown', () => {
    const many = Array.from({ length: 60 }, (_, i) => item({ by: `UAUTHOR${String(i).padStart(3, '0')}` }, { id: `c${i}` }));
    const msg = changeNoticeMessage(data(many));
    expect(checkMessage(msg)).toEqual([]);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(msg.blocks)).toContain('and 45 more not shown here');
    expect(JSON.stringify(msg.blocks)).toContain('and 55 others');
  });

  it('names and notes show literally: the canary formats, pings and links nothing', () => {
    const canary = item(
      { changes: [{ field: 'notes', from: CANARY, to: `${CANARY}!` }], source: CANARY, action: 'edited' },
      { partnerName: CANARY },
    );
    const imported = Array.from({ length: 5 }, (_, i) =>
      item({ by: ADMIN, action: 'imported', source: CANARY }, { id: `b${i}`, partnerName: CANARY }),
    );
    for (const items of [[canary], imported]) {
      const msg = changeNoticeMessage(data(items));
      expect(canaryProblems({ method: 'chat.postMessage', args: msg as unknown as Record<string, unknown> })).toEqual([]);
      expect(checkMessage(msg)).toEqual([]);
    }
  });
});
