import { COMMITMENT_TYPES } from '../../src/domain/commitments';
import { contactBlockId, PARTNER_BLOCK, PARTNER_LIST_MORE_BLOCK } from '../../src/partners/ids';
import { MAX_CONTACTS } from '../../src/partners/input';
import type { PartnerDetail, PartnerRecord } from '../../src/partners/service';
import { contactFormView, partnerDetailBlocks, partnerFormView, partnerListBlocks, partnerSavedView } from '../../src/partners/views';
import { checkMessage, checkView } from '../support/fake-slack/limits';

const long = (n: number) => 'w'.repeat(n);
const partner: PartnerRecord = {
  revision: 2,
  id: '64b000000000000000000001',
  name: long(100),
  commissions: ['healthcare', 'it'],
  status: 'active',
  ownerId: 'U0OWNER',
  notes: long(2000),
  contacts: Array.from({ length: MAX_CONTACTS }, (_, i) => ({
    name: long(100),
    title: long(100),
    email: `c${i}@example.org`,
    slackUserId: `U0C${i}`,
  })),
};

describe('partner form', () => {
  it('is valid for a new partner, with the proposed owner and three contact slots', () => {
    const view = partnerFormView({ commissions: [{ key: 'healthcare', name: 'Healthcare' }], defaultOwnerId: 'U0ME', meta: { slots: 3 } });
    expect(checkView(view)).toEqual([]);
    const text = JSON.stringify(view);
    expect(text).toContain('"initial_user":"U0ME"');
    expect(text).toContain(contactBlockId(2, 'user'));
    expect(text).not.toContain(contactBlockId(3, 'name'));
  });

  it('is valid when editing the largest partner with 100 commissions, prefilled', () => {
    const commissions = Array.from({ length: 150 }, (_, i) => ({ key: `k${i}`, name: `Commission ${i} ${long(100)}` }));
    const view = partnerFormView({
      commissions,
      partner: { ...partner, commissions: ['k1'] },
      meta: { partnerId: partner.id, slots: MAX_CONTACTS },
    });
    expect(checkView(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('"initial_options"');
    expect(view.private_metadata).toBe(JSON.stringify({ partnerId: partner.id, slots: MAX_CONTACTS }));
  });

  it('explains when there are no commissions instead of an empty select', () => {
    const view = partnerFormView({ commissions: [], meta: { slots: 3 } });
    expect(checkView(view)).toEqual([]);
    expect(JSON.stringify(view)).not.toContain(PARTNER_BLOCK.commissions);
  });

  it('contact form and confirmation are valid', () => {
    expect(checkView(contactFormView(partner))).toEqual([]);
    expect(checkView(partnerSavedView(partner, 'added'))).toEqual([]);
  });
});

describe('partner list', () => {
  it('shows a page with Show more while there are more, within limits', () => {
    const items = Array.from({ length: 25 }, (_, i) => ({
      id: String(i),
      name: `${long(95)}${i}`,
      status: 'prospect' as const,
      commissions: ['healthcare', 'b', 'c'],
      ownerId: 'U0X',
      contacts: 3,
    }));
    const blocks = partnerListBlocks(
      { items, total: 120, offset: 25 },
      { commission: { key: 'healthcare', name: 'Healthcare' }, names: new Map([['healthcare', 'Health & Care']]) },
    );
    expect(checkMessage({ text: 't', blocks })).toEqual([]);
    const more = blocks.find((b) => b.block_id === PARTNER_LIST_MORE_BLOCK);
    expect(JSON.stringify(more)).toContain(JSON.stringify(JSON.stringify({ o: 50, c: 'healthcare' })).slice(1, -1));
    expect(JSON.stringify(blocks)).toContain('26–50 of 120');
    // commissions by name (escaped), a key without a name as it is
    expect(JSON.stringify(blocks)).toContain('Health &amp; Care, b, c');
  });

  it('flags an owner whose Slack account is deactivated', () => {
    const items = [
      { id: '1', name: 'SAP', status: 'active' as const, commissions: [], ownerId: 'U0GONE', contacts: 1 },
      { id: '2', name: 'IBM', status: 'active' as const, commissions: [], ownerId: 'U0HERE', contacts: 1 },
    ];
    const text = JSON.stringify(
      partnerListBlocks({ items, total: 2, offset: 0 }, { names: new Map(), deactivatedOwners: new Set(['U0GONE']) }),
    );
    expect(text).toContain('owner <@U0GONE> (:warning: Slack account deactivated: `/iec reassign`)');
    expect(text).toContain('owner <@U0HERE> ·');
  });

  it('has no Show more on the last page, and a hint when empty', () => {
    expect(
      partnerListBlocks(
        { items: [{ id: '1', name: 'SAP', status: 'active', commissions: [], contacts: 1 }], total: 1, offset: 0 },
        { names: new Map() },
      ).some((b) => b.block_id === PARTNER_LIST_MORE_BLOCK),
    ).toBe(false);
    expect(JSON.stringify(partnerListBlocks({ items: [], total: 0, offset: 0 }, { names: new Map() }))).toContain('/iec partner add');
  });
});

describe('partner detail', () => {
  it('fits any partner and says how many commitments are not shown', () => {
    const detail: PartnerDetail = {
      partner,
      commitments: Array.from({ length: 15 }, (_, i) => ({
        id: String(i),
        type: COMMITMENT_TYPES[i % COMMITMENT_TYPES.length],
        commissionKey: 'healthcare',
        quantity: 1000 + i,
        unit: 'students',
        status: i % 2 ? 'partially_fulfilled' : 'pledged',
        fulfilledQuantity: 3,
        startDate: '2026-10-01',
        endDate: '2026-12-01',
        schoolYear: '2026-27',
      })),
      commitmentCount: 400,
      totalsByType: COMMITMENT_TYPES.map((type) => ({
        type,
        counts: { pledged: 4, confirmed: 0, fulfilled: 0, partially_fulfilled: 0, cancelled: 0 },
        commitments: 4,
        pledged: 12345,
        fulfilled: 3,
      })),
      countsByStatus: [
        { status: 'pledged', count: 200 },
        { status: 'fulfilled', count: 200 },
      ],
    };
    const blocks = partnerDetailBlocks(detail, 'America/New_York');
    expect(checkMessage({ text: 't', blocks })).toEqual([]);
    const text = JSON.stringify(blocks);
    expect(text).toContain('…and 385 more');
    expect(text).toContain('<!date^');
    expect(text).toContain('12,345 units pledged');
    expect(text).toContain('Pledged: 200');
  });

  it('escapes names so they are shown, not interpreted', () => {
    const blocks = partnerDetailBlocks(
      {
        partner: { ...partner, name: '<!channel> & co', notes: '', contacts: [{ name: '<@U1> *bold*' }] },
        commitments: [],
        commitmentCount: 0,
        totalsByType: [],
        countsByStatus: [],
      },
      'UTC',
    );
    const text = JSON.stringify(blocks);
    expect(text).toContain('&lt;@U1&gt;');
    expect(text).toContain('_No commitments yet._');
  });
});
