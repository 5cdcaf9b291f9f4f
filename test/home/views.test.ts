import { Types } from 'mongoose';
import type { HomeCommission, HomeData } from '../../src/home/service';
import { HOME_MAX_BLOCKS, homeView } from '../../src/home/views';
import { validateView } from '../support/fake-slack';
import { checkView } from '../support/fake-slack/limits';

const now = new Date('2027-03-10T15:00:00Z');
const zone = 'America/New_York';
const long = (n: number) => `${'<@U1> *bold* & '.repeat(Math.ceil(n / 15))}`.slice(0, n);

function commission(i: number, size: number): HomeCommission {
  const items = (n: number) => Array.from({ length: Math.min(n, 15) }, (_, k) => k);
  return {
    key: `c${i}`,
    name: `Commission ${i} ${long(200)}`,
    zone,
    today: '2027-03-10',
    totals: (['mentoring', 'internship_hosting', 'guest_speaking', 'scholarship'] as const).map((type, k) => ({
      type,
      commitments: k,
      pledged: 1000 * k,
      fulfilled: 10 * k,
      ...(k % 2 ? { target: 5000 } : {}),
    })),
    overdue: {
      items: items(size).map((k) => ({
        id: new Types.ObjectId().toHexString(),
        title: `Overdue ${k} ${long(300)}`,
        ownerId: 'U1',
        dueDate: '2027-03-01',
        status: 'open' as const,
      })),
      total: size,
    },
    upcoming: {
      items: items(size).map((k) => ({
        id: new Types.ObjectId().toHexString(),
        title: `Upcoming ${k}`,
        ownerId: 'U2',
        dueDate: '2027-04-01',
        status: 'open' as const,
      })),
      total: size * 2,
    },
    meetings: {
      items: items(size).map((k) => ({
        id: String(k),
        title: `Meeting ${k} ${long(300)}`,
        startsAt: new Date('2027-03-15T14:00:00Z'),
        location: '',
        link: '',
      })),
      total: size,
    },
    pastDue: {
      items: items(size).map((k) => ({
        id: String(k),
        partnerName: `Partner ${k} ${long(200)}`,
        type: 'mentoring',
        quantity: 3,
        unit: 'students mentored',
        date: '2027-01-10',
      })),
      total: size * 3,
    },
    quietPartners: {
      items: items(size).map((k) => ({
        id: String(k),
        name: `Quiet ${k}`,
        ...(k % 2 ? { lastActivityAt: new Date('2026-10-01T00:00:00Z') } : {}),
      })),
      total: size,
    },
  };
}

function expectAccepted(data: HomeData) {
  const view = homeView(data);
  expect(validateView(view)).toEqual([]);
  expect(checkView(view)).toEqual([]);
  expect(view.blocks.length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
  return view;
}

const texts = (view: { blocks: unknown[] }) => JSON.stringify(view.blocks);

describe('homeView for IECs and administrators', () => {
  it('shows each commission with totals against targets, deliverable buttons, meetings and partners needing attention', () => {
    const view = expectAccepted({
      role: 'iec',
      userId: 'U1',
      isAdmin: false,
      now,
      timeZone: zone,
      schoolYear: '2026-27',
      commissions: [commission(1, 2)],
      totalCommissions: 1,
    });
    const json = texts(view);
    expect(json).toContain('of a target of 5,000');
    expect(json).toContain('home_deliverable_done');
    expect(json).toContain('Meeting 0');
    expect(json).toContain('no answer yet');
    for (const id of ['home_record_commitment', 'home_add_partner', 'home_schedule_meeting', 'home_add_deliverable'])
      expect(json).toContain(id);
  });

  it('stays within 100 blocks with many commissions and long lists, saying what was left out', () => {
    const commissions = Array.from({ length: 8 }, (_, i) => commission(i, 40));
    const view = expectAccepted({
      role: 'iec',
      userId: 'U1',
      isAdmin: true,
      now,
      timeZone: zone,
      schoolYear: '2026-27',
      commissions,
      totalCommissions: 30,
    });
    const json = texts(view);
    expect(json).toMatch(/and \d+ more commissions/);
    expect(json).toContain('/iec deliverables c0');
    expect(json).toContain('/iec commitments c0 open');
  });

  it('tells an administrator without commissions what to do', () => {
    const view = expectAccepted({
      role: 'iec',
      userId: 'U1',
      isAdmin: true,
      now,
      timeZone: zone,
      schoolYear: '2026-27',
      commissions: [],
      totalCommissions: 0,
    });
    expect(texts(view)).toContain('no active commissions');
  });
});

describe('homeView for partner contacts', () => {
  const commitment = (k: number, status: string) => ({
    _id: new Types.ObjectId(),
    partnerId: new Types.ObjectId(),
    partnerName: `Org "${k}", Inc ${long(200)}`,
    commissionKey: 'healthcare',
    type: 'mentoring',
    quantity: 4,
    unit: 'students mentored',
    schoolIds: [],
    schoolYear: '2026-27',
    startDate: '2027-02-01',
    status,
    fulfilledQuantity: 0,
    notes: '',
    recordedBy: 'U9',
    recordedVia: 'partner',
    history: [],
    revision: 0,
  });

  it('shows commitments with confirm, fulfilment and edit buttons, and open requests', () => {
    const view = expectAccepted({
      role: 'partner',
      userId: 'U9',
      now,
      timeZone: zone,
      organisations: [
        { id: 'p1', name: 'Con Edison', commitments: [commitment(1, 'pledged'), commitment(2, 'fulfilled')] as never, total: 2 },
      ],
      totalOrganisations: 1,
      requests: {
        items: [
          {
            id: new Types.ObjectId().toHexString(),
            partnerName: 'Con Edison',
            requestedBy: 'U1',
            requestedAt: now,
            commissionName: 'Health Sciences',
          },
        ],
        total: 1,
      },
    });
    const json = texts(view);
    expect(json).toContain('home_commitment_confirm');
    expect(json).toContain('commitment_fulfil');
    expect(json).toContain('commitment_edit');
    expect(json).toContain('commitment_request_open');
    expect(json).toContain('home_record_commitment');
    expect(json).toContain('for *Health Sciences*');
  });

  it('a commitment the viewer changed a moment ago carries Undo (of the revision it made) on its row; the others do not', () => {
    const mine = { ...commitment(1, 'confirmed'), revision: 3, undoRevision: 3 };
    const other = commitment(2, 'pledged');
    const view = expectAccepted({
      role: 'partner',
      userId: 'U9',
      now,
      timeZone: zone,
      organisations: [{ id: 'p1', name: 'Con Edison', commitments: [mine, other] as never, total: 2 }],
      totalOrganisations: 1,
      requests: { items: [], total: 0 },
    });
    const rows = (view.blocks as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>).filter(
      (b) => b.type === 'actions' && b.elements?.some((e) => e.action_id === 'commitment_edit'),
    );
    expect(rows[0].elements?.[0]).toMatchObject({ action_id: 'commitment_undo', value: `${mine._id}:3` });
    expect(rows[1].elements?.map((e) => e.action_id)).not.toContain('commitment_undo');
  });

  it('stays within 100 blocks for several organisations with many commitments and requests', () => {
    const orgs = Array.from({ length: 3 }, (_, i) => ({
      id: `p${i}`,
      name: `Org ${i} ${long(300)}`,
      commitments: Array.from({ length: 12 }, (_, k) => commitment(k, 'pledged')) as never,
      total: 400,
    }));
    const requests = Array.from({ length: 5 }, () => ({
      id: new Types.ObjectId().toHexString(),
      partnerName: long(300),
      requestedBy: 'U1',
      requestedAt: now,
    }));
    const view = expectAccepted({
      role: 'partner',
      userId: 'U9',
      now,
      timeZone: zone,
      organisations: orgs,
      totalOrganisations: 7,
      requests: { items: requests, total: 50 },
    });
    const json = texts(view);
    expect(json).toContain('and 388 more');
    expect(json).toContain('and 45 more');
    expect(json).toContain('and 4 more organisations');
  });
});

describe('homeView for everyone else', () => {
  it('says what the app is for and how to get access', () => {
    const view = expectAccepted({ role: 'guest', userId: 'U5' });
    expect(texts(view)).toContain('How to get access');
  });
});
