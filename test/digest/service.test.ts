import mongoose, { type Types } from 'mongoose';
import { resolveActor } from '../../src/access/actor';
import { CommissionModel } from '../../src/commissions/model';
import { answerFollowUp, changeStatus, createCommitment, recordFulfilment, type CommitmentInput } from '../../src/commitments/service';
import type { CommitmentType } from '../../src/domain/commitments';
import { DeliverableModel } from '../../src/deliverables/model';
import { buildDigest } from '../../src/digest/service';
import { digestBlocks, digestText } from '../../src/digest/views';
import { MeetingModel } from '../../src/meetings/model';
import { PartnerModel } from '../../src/partners/model';
import { checkMessage } from '../support/fake-slack/limits';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

/**
 * A seeded commission whose digest is checked number by number against what this test computes itself from
 * the raw documents. NOW is Wednesday 2026-12-02 in New York: the digest reports ISO week 2026-W48, which
 * starts Monday 2026-11-23 00:00 EST (05:00 UTC) and ends Monday 2026-11-30 00:00 EST.
 */

const ADMIN = 'UADMIN1';
const NY = 'America/New_York';
const NOW = new Date('2026-12-02T15:00:00Z');
const WEEK_START = new Date('2026-11-23T05:00:00Z');
const WEEK_END = new Date('2026-11-30T05:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);

interface RawCommitment {
  _id: Types.ObjectId;
  commissionKey: string;
  schoolYear: string;
  type: string;
  status: string;
  quantity: number;
  fulfilledQuantity: number;
  createdAt: Date;
  fulfilledAt?: Date;
}

async function raw<T>(collection: string): Promise<T[]> {
  return (await mongoose.connection.db!.collection(collection).find({}).toArray()) as unknown as T[];
}

describe('buildDigest on a seeded commission', () => {
  beforeAll(async () => {
    await clearCollections();
    const admin = await resolveActor(ADMIN, [ADMIN]);
    await CommissionModel.create([
      {
        key: 'healthcare',
        name: 'Healthcare',
        channelId: 'C0HEALTH',
        timeZone: NY,
        targets: [
          { type: 'mentoring', quantity: 40 },
          { type: 'internship_hosting', quantity: 10 },
          { type: 'teacher_externship', quantity: 3 },
        ],
      },
      { key: 'it', name: 'Information Technology' },
    ]);
    const partners = await PartnerModel.create(
      ['Montefiore', 'NewYork-Presbyterian', 'Mount Sinai', 'Northwell', 'NYU Langone', 'Quiet Clinic', 'Silent Lab', 'Closed Co'].map(
        (name, i) => ({
          name,
          commissions: ['healthcare'],
          status: i === 7 ? 'inactive' : 'active',
        }),
      ),
    );
    const itPartner = await PartnerModel.create({ name: 'Microsoft', commissions: ['it'] });

    const record = async (
      p: { _id: Types.ObjectId },
      type: CommitmentType,
      quantity: number,
      createdAt: Date,
      extra: Partial<CommitmentInput> = {},
    ) => {
      const input: CommitmentInput = {
        partnerId: String(p._id),
        commissionKey: 'healthcare',
        type,
        quantity,
        startDate: '2026-10-01',
        endDate: '2027-03-01',
        schoolIds: [],
        notes: '',
        ...extra,
      };
      const { commitment } = await createCommitment(input, admin, createdAt);
      return String(commitment._id);
    };
    const [p0, p1, p2, p3, p4] = partners;
    const inWeek = (h: number) => new Date(WEEK_START.getTime() + h * 3600_000);

    // recorded in the week, including its very first millisecond
    const a = await record(p0, 'mentoring', 12, WEEK_START);
    const b = await record(p1, 'mentoring', 8, inWeek(30));
    const c = await record(p2, 'internship_hosting', 4, inWeek(100));
    await record(p3, 'guest_speaking', 2, inWeek(167));
    const e = await record(p4, 'mentoring', 5, inWeek(50));
    // recorded just outside the week, on both sides
    const f = await record(p0, 'internship_hosting', 3, new Date(WEEK_START.getTime() - 1));
    const g = await record(p1, 'mentoring', 6, WEEK_END);
    const h = await record(p2, 'mentoring', 10, new Date('2026-10-05T14:00:00Z'));
    // another school year and another commission: in neither the totals nor the lists
    await record(p3, 'mentoring', 99, inWeek(20), { startDate: '2026-05-01', endDate: '2026-06-01' });
    await record(itPartner, 'mentoring', 50, inWeek(20), { commissionKey: 'it' });

    // fulfilled in the week (fully, partly, by follow-up), fulfilled outside it, cancelled
    await answerFollowUp(h, { kind: 'fulfilled' }, admin, inWeek(10));
    await recordFulfilment(f, 2, admin, inWeek(60));
    await answerFollowUp(c, { kind: 'partly', quantity: 1 }, admin, inWeek(120));
    await changeStatus(a, 'fulfilled', admin, new Date(WEEK_END.getTime() + 3600_000));
    await changeStatus(b, 'cancelled', admin, inWeek(40));
    await changeStatus(e, 'confirmed', admin, inWeek(41));
    await changeStatus(g, 'fulfilled', admin, new Date(WEEK_START.getTime() - DAY));

    // partners' last activity: two quiet for longer than 60 days, one just under, one never (added long ago)
    const setActivity = (id: Types.ObjectId, at: Date | null, createdAt?: Date) =>
      PartnerModel.collection.updateOne({ _id: id }, { $set: { lastActivityAt: at, ...(createdAt ? { createdAt } : {}) } });
    await setActivity(partners[4]._id, new Date(NOW.getTime() - 61 * DAY));
    await setActivity(partners[5]._id, new Date(NOW.getTime() - 200 * DAY));
    await setActivity(partners[3]._id, new Date(NOW.getTime() - 59 * DAY));
    await setActivity(partners[6]._id, null, new Date(NOW.getTime() - 90 * DAY));
    await setActivity(partners[7]._id, new Date(NOW.getTime() - 300 * DAY));

    const meeting = (title: string, startsAt: Date, extra: Record<string, unknown> = {}) => ({
      commissionKey: 'healthcare',
      title,
      startsAt,
      durationMinutes: 60,
      createdBy: ADMIN,
      ...extra,
    });
    await MeetingModel.create([
      meeting('Advisory board', new Date(NOW.getTime() + 2 * DAY), { link: 'https://meet.example.org/abc' }),
      meeting('Site visit planning', new Date(NOW.getTime() + 13 * DAY)),
      meeting('Too far', new Date(NOW.getTime() + 15 * DAY)),
      meeting('Cancelled', new Date(NOW.getTime() + 3 * DAY), { status: 'cancelled' }),
      meeting('Last week', new Date(NOW.getTime() - 3 * DAY)),
      { ...meeting('Other commission', new Date(NOW.getTime() + DAY)), commissionKey: 'it' },
    ]);

    const deliverable = (title: string, dueDate: string, status = 'open', commissionKey = 'healthcare') => ({
      commissionKey,
      title,
      dueDate,
      status,
      ownerId: 'UOWNER1',
      createdBy: ADMIN,
    });
    await DeliverableModel.create([
      deliverable('Externship report', '2026-11-20'),
      deliverable('Mentor roster', '2026-12-01', 'in_progress'),
      deliverable('Due today', '2026-12-02'),
      deliverable('Spring fair', '2027-03-01', 'in_progress'),
      deliverable('Done already', '2026-11-01', 'done'),
      deliverable('Dropped', '2026-11-02', 'dropped'),
      deliverable('IT thing', '2026-11-01', 'open', 'it'),
    ]);
  });

  it('matches, number by number, what the raw documents say', async () => {
    const digest = await buildDigest('healthcare', NOW, 'America/Chicago');
    const commitments = await raw<RawCommitment>('commitments');
    const mine = commitments.filter((c) => c.commissionKey === 'healthcare');
    const within = (d?: Date) => !!d && d >= WEEK_START && d < WEEK_END;

    expect(digest.timeZone).toBe(NY);
    expect(digest.week).toMatchObject({
      key: '2026-W48',
      start: WEEK_START,
      end: WEEK_END,
      firstDate: '2026-11-23',
      lastDate: '2026-11-29',
    });
    expect(digest.schoolYear).toBe('2026-27');

    const recorded = mine.filter((c) => within(c.createdAt));
    expect(digest.recorded.total).toBe(recorded.length);
    expect(digest.recorded.items.map((i) => i.id).sort()).toEqual(recorded.map((c) => String(c._id)).sort());

    const fulfilled = mine.filter((c) => within(c.fulfilledAt) && ['fulfilled', 'partially_fulfilled'].includes(c.status));
    expect(digest.fulfilled.total).toBe(fulfilled.length);
    expect(digest.fulfilled.items.map((i) => i.id).sort()).toEqual(fulfilled.map((c) => String(c._id)).sort());

    const thisYear = mine.filter((c) => c.schoolYear === '2026-27' && c.status !== 'cancelled');
    const types = [...new Set([...thisYear.map((c) => c.type), 'mentoring', 'internship_hosting', 'teacher_externship'])];
    const targets: Record<string, number> = { mentoring: 40, internship_hosting: 10, teacher_externship: 3 };
    const expected = types
      .map((type) => {
        const ofType = thisYear.filter((c) => c.type === type);
        return {
          type,
          commitments: ofType.length,
          pledged: ofType.reduce((s, c) => s + c.quantity, 0),
          fulfilled: ofType.reduce((s, c) => s + (c.fulfilledQuantity ?? 0), 0),
          target: targets[type],
        };
      })
      .sort((x, y) => x.type.localeCompare(y.type));
    expect([...digest.totals].sort((x, y) => x.type.localeCompare(y.type))).toEqual(expected);

    const meetings = (await raw<{ commissionKey: string; status: string; startsAt: Date; title: string }>('meetings'))
      .filter(
        (m) =>
          m.commissionKey === 'healthcare' &&
          m.status === 'scheduled' &&
          m.startsAt >= NOW &&
          m.startsAt.getTime() < NOW.getTime() + 14 * DAY,
      )
      .sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime());
    expect(digest.meetings.total).toBe(meetings.length);
    expect(digest.meetings.items.map((m) => m.title)).toEqual(meetings.map((m) => m.title));

    const open = (await raw<{ commissionKey: string; status: string; dueDate: string; title: string }>('deliverables')).filter(
      (d) => d.commissionKey === 'healthcare' && ['open', 'in_progress'].includes(d.status),
    );
    const overdue = open.filter((d) => d.dueDate < '2026-12-02');
    expect(digest.overdueDeliverables.total).toBe(overdue.length);
    expect(digest.overdueDeliverables.items.map((d) => d.title).sort()).toEqual(overdue.map((d) => d.title).sort());
    expect(digest.upcomingDeliverables.total).toBe(open.length - overdue.length);

    const cutoff = NOW.getTime() - 60 * DAY;
    const quiet = (
      await raw<{ name: string; commissions: string[]; status: string; lastActivityAt?: Date | null; createdAt: Date }>('partners')
    ).filter(
      (p) =>
        p.commissions.includes('healthcare') &&
        p.status !== 'inactive' &&
        (p.lastActivityAt ? p.lastActivityAt.getTime() < cutoff : p.createdAt.getTime() < cutoff),
    );
    expect(digest.inactivePartners.total).toBe(quiet.length);
    expect(digest.inactivePartners.items.map((p) => p.name).sort()).toEqual(quiet.map((p) => p.name).sort());

    // and the message shows those numbers
    const text = JSON.stringify(digestBlocks(digest));
    expect(text).toContain(`Commitments recorded that week: ${recorded.length}*`);
    expect(text).toContain(`Commitments fulfilled that week: ${fulfilled.length}*`);
    expect(text).toContain(`Overdue deliverables: ${overdue.length}*`);
    const mentoring = expected.find((t) => t.type === 'mentoring')!;
    expect(text).toContain(
      `*Mentoring*: ${mentoring.fulfilled} of 40 students mentored fulfilled (${Math.floor((mentoring.fulfilled / 40) * 100)}%)`,
    );
    expect(checkMessage({ text: digestText(digest), blocks: digestBlocks(digest) })).toEqual([]);
  });

  it('pins the seeded figures, so the independent computation above cannot silently agree on nothing', async () => {
    const digest = await buildDigest('healthcare', NOW, NY);
    expect(digest.recorded.total).toBe(6); // including the one for last school year, recorded that week
    expect(digest.fulfilled.total).toBe(3);
    expect(digest.meetings.total).toBe(2);
    expect(digest.overdueDeliverables.total).toBe(2);
    expect(digest.upcomingDeliverables.total).toBe(2);
    expect(digest.inactivePartners.items.map((p) => p.name)).toEqual(['Silent Lab', 'Quiet Clinic', 'NYU Langone']);
    expect(digest.totals.find((t) => t.type === 'teacher_externship')).toEqual({
      type: 'teacher_externship',
      commitments: 0,
      pledged: 0,
      fulfilled: 0,
      target: 3,
    });
  });

  it('refuses a commission that does not exist', async () => {
    await expect(buildDigest('nope', NOW, NY)).rejects.toMatchObject({ code: 'not_found' });
  });
});
