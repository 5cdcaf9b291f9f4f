import { CommitmentModel } from '../../src/commitments/model';
import {
  answerFollowUp,
  archiveCommitment,
  changeStatus,
  createCommitment,
  findOpenDuplicates,
  listCommitments,
  recordFulfilment,
  updateCommitment,
} from '../../src/commitments/service';
import { notePartnerArchived } from '../../src/commitments/bulk';
import { checkTotals, commitmentCounts, commitmentTotals, rebuildTotals } from '../../src/commitments/totals';
import { COMMITMENT_STATUSES } from '../../src/domain/commitments';
import { AppError } from '../../src/errors';
import { PartnerModel } from '../../src/partners/model';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';
import { ADMIN, CONTACT, adminActor, contactActor, input, seedBasics, strangerActor, type Seeded } from './fixtures';
import { CommitmentCountsModel, CommitmentTotalsModel } from '../../src/commitments/derived-model';

const NOW = new Date('2026-09-15T14:00:00Z');
const LATER = new Date('2026-09-20T14:00:00Z');

let seeded: Seeded;

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  seeded = await seedBasics();
});

describe('createCommitment', () => {
  it('stores the commitment with unit, school year, who recorded it and a "created" history entry', async () => {
    const { commitment, created } = await createCommitment(input(seeded), adminActor(), NOW);
    expect(created).toBe(true);
    const stored = await CommitmentModel.findById(commitment._id).lean();
    expect(stored).toMatchObject({
      partnerName: 'Con Edison',
      commissionKey: 'construction',
      type: 'internship_hosting',
      quantity: 5,
      unit: 'interns',
      schoolYear: '2026-27',
      startDate: '2026-10-01',
      endDate: '2026-12-15',
      status: 'pledged',
      recordedBy: ADMIN,
      recordedVia: 'iec',
      notes: 'Summer cohort',
    });
    expect(stored?.history).toHaveLength(1);
    expect(stored?.history[0]).toMatchObject({ by: ADMIN, action: 'created', at: NOW });
    expect(stored?.history[0].changes).toEqual(expect.arrayContaining([{ field: 'quantity', from: null, to: 5 }]));
    const partner = await PartnerModel.findById(seeded.conEd).lean();
    expect(partner?.lastActivityAt).toEqual(NOW);
  });

  it('records a partner contact as the partner, for their own organisation only', async () => {
    const { commitment } = await createCommitment(input(seeded), contactActor(seeded.conEd), NOW);
    expect(commitment.recordedVia).toBe('partner');
    expect(commitment.recordedBy).toBe(CONTACT);
    await expect(
      createCommitment(input(seeded, { partnerId: String(seeded.grid) }), contactActor(seeded.conEd), NOW),
    ).rejects.toMatchObject({
      code: 'forbidden',
      userMessage: expect.stringContaining('National Grid'),
    });
  });

  it('refuses strangers', async () => {
    await expect(createCommitment(input(seeded), strangerActor(), NOW)).rejects.toBeInstanceOf(AppError);
    expect(await CommitmentModel.countDocuments()).toBe(0);
  });

  it('records a submission key once', async () => {
    const first = await createCommitment(input(seeded), adminActor(), NOW, { submissionKey: 'V1:h1' });
    const second = await createCommitment(input(seeded), adminActor(), NOW, { submissionKey: 'V1:h1' });
    expect(second.created).toBe(false);
    expect(String(second.commitment._id)).toBe(String(first.commitment._id));
    expect(await CommitmentModel.countDocuments()).toBe(1);
    const [concurrentA, concurrentB] = await Promise.all([
      createCommitment(input(seeded), adminActor(), NOW, { submissionKey: 'V2:h1' }),
      createCommitment(input(seeded), adminActor(), NOW, { submissionKey: 'V2:h1' }),
    ]);
    expect([concurrentA.created, concurrentB.created].sort()).toEqual([false, true]);
    expect(await CommitmentModel.countDocuments()).toBe(2);
    expect((await commitmentTotals({ commissionKey: 'construction', schoolYear: '2026-27' })).byType[0].counts.pledged).toBe(2);
  });

  it('rejects bad numbers, dates and unknown commissions with clear messages', async () => {
    await expect(createCommitment(input(seeded, { quantity: 0 }), adminActor(), NOW)).rejects.toThrow(/whole number greater than 0/);
    await expect(createCommitment(input(seeded, { quantity: 2.5 }), adminActor(), NOW)).rejects.toThrow(/whole number/);
    await expect(createCommitment(input(seeded, { endDate: '2026-09-01' }), adminActor(), NOW)).rejects.toThrow(/before the start/);
    await expect(createCommitment(input(seeded, { commissionKey: '{"$gt": ""}' }), adminActor(), NOW)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('changes', () => {
  it('edits only what differs, with one history entry naming each field', async () => {
    const { commitment } = await createCommitment(input(seeded), adminActor(), NOW);
    const updated = await updateCommitment(
      String(commitment._id),
      { quantity: 8, notes: 'Summer cohort', endDate: undefined },
      adminActor(),
      LATER,
    );
    expect(updated.quantity).toBe(8);
    expect(updated.endDate).toBeUndefined();
    const stored = await CommitmentModel.findById(commitment._id).lean();
    expect(stored?.history).toHaveLength(2);
    expect(stored?.history[1]).toMatchObject({ action: 'edited', by: ADMIN, at: LATER });
    expect(stored?.history[1].changes).toEqual([
      { field: 'quantity', from: 5, to: 8 },
      { field: 'endDate', from: '2026-12-15', to: null },
    ]);
    const again = await updateCommitment(String(commitment._id), { quantity: 8 }, adminActor(), LATER);
    expect(again.revision).toBe(updated.revision);
    expect((await CommitmentModel.findById(commitment._id).lean())?.history).toHaveLength(2);
  });

  it('changes status to fulfilled with fulfilledAt, fulfilled quantity and history', async () => {
    const { commitment } = await createCommitment(input(seeded), adminActor(), NOW);
    const done = await changeStatus(String(commitment._id), 'fulfilled', adminActor(), LATER);
    expect(done).toMatchObject({ status: 'fulfilled', fulfilledQuantity: 5, fulfilledAt: LATER });
    const stored = await CommitmentModel.findById(commitment._id).lean();
    expect(stored?.history[1]).toMatchObject({ action: 'status' });
    expect(stored?.history[1].changes).toEqual(expect.arrayContaining([{ field: 'status', from: 'pledged', to: 'fulfilled' }]));
    expect((await PartnerModel.findById(seeded.conEd).lean())?.lastActivityAt).toEqual(LATER);
  });

  it('records a fulfilment: partial below the pledge, fulfilled at or above it', async () => {
    const { commitment } = await createCommitment(input(seeded), adminActor(), NOW);
    const id = String(commitment._id);
    expect(await recordFulfilment(id, 3, adminActor(), LATER)).toMatchObject({ status: 'partially_fulfilled', fulfilledQuantity: 3 });
    expect(await recordFulfilment(id, 6, adminActor(), LATER)).toMatchObject({ status: 'fulfilled', fulfilledQuantity: 6 });
    await expect(recordFulfilment(id, -1, adminActor(), LATER)).rejects.toThrow(/whole number/);
  });

  it('lets a contact change only their own organisation’s commitments', async () => {
    const mine = await createCommitment(input(seeded), adminActor(), NOW);
    const theirs = await createCommitment(input(seeded, { partnerId: String(seeded.grid) }), adminActor(), NOW);
    await expect(changeStatus(String(mine.commitment._id), 'confirmed', contactActor(seeded.conEd), LATER)).resolves.toMatchObject({
      status: 'confirmed',
    });
    await expect(changeStatus(String(theirs.commitment._id), 'confirmed', contactActor(seeded.conEd), LATER)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('answers follow-ups: fulfilled, partly, rescheduled, cancelled', async () => {
    const make = async () => String((await createCommitment(input(seeded), adminActor(), NOW)).commitment._id);
    expect(await answerFollowUp(await make(), { kind: 'fulfilled' }, CONTACT, LATER)).toMatchObject({
      status: 'fulfilled',
      fulfilledQuantity: 5,
    });
    expect(await answerFollowUp(await make(), { kind: 'partly', quantity: 2 }, adminActor(), LATER)).toMatchObject({
      status: 'partially_fulfilled',
      fulfilledQuantity: 2,
      fulfilledAt: LATER,
    });
    const moved = await make();
    expect(await answerFollowUp(moved, { kind: 'rescheduled', startDate: '2027-08-01' }, ADMIN, LATER)).toMatchObject({
      startDate: '2027-08-01',
      schoolYear: '2027-28',
      status: 'pledged',
    });
    const movedDoc = await CommitmentModel.findById(moved).lean();
    expect(movedDoc?.endDate).toBeUndefined();
    expect(movedDoc?.history[1]).toMatchObject({ action: 'follow-up', by: ADMIN });
    expect(await answerFollowUp(await make(), { kind: 'cancelled' }, ADMIN, LATER)).toMatchObject({ status: 'cancelled' });
    await expect(answerFollowUp(await make(), { kind: 'fulfilled' }, strangerActor(), LATER)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('findOpenDuplicates', () => {
  it('finds open commitments of the same partner, commission and type with overlapping dates', async () => {
    const { commitment } = await createCommitment(input(seeded), adminActor(), NOW);
    const single = await createCommitment(input(seeded, { startDate: '2027-03-01', endDate: undefined }), adminActor(), NOW);
    const ids = async (over: Parameters<typeof input>[1]) => (await findOpenDuplicates(input(seeded, over))).map((c) => String(c._id));
    expect(await ids({ startDate: '2026-12-01', endDate: '2027-01-10' })).toEqual([String(commitment._id)]);
    expect(await ids({ startDate: '2026-09-01', endDate: undefined })).toEqual([]);
    expect(await ids({ startDate: '2027-02-01', endDate: '2027-03-01' })).toEqual([String(single.commitment._id)]);
    expect(await ids({ startDate: '2026-11-01', type: 'mentoring' })).toEqual([]);
    expect(await ids({ startDate: '2026-11-01', partnerId: String(seeded.grid) })).toEqual([]);
    await changeStatus(String(commitment._id), 'cancelled', adminActor(), LATER);
    expect(await ids({ startDate: '2026-12-01', endDate: '2027-01-10' })).toEqual([]);
  });
});

describe('listCommitments', () => {
  it('pages, filters, and shows a partner contact only their own organisation’s', async () => {
    for (let i = 0; i < 7; i++)
      await createCommitment(input(seeded, { startDate: `2026-10-0${i + 1}`, endDate: undefined }), adminActor(), NOW);
    await createCommitment(input(seeded, { partnerId: String(seeded.grid) }), adminActor(), NOW);
    const first = await listCommitments({}, { offset: 0, limit: 5 }, adminActor());
    expect(first.total).toBe(8);
    expect(first.items).toHaveLength(5);
    const second = await listCommitments({}, { offset: 5, limit: 5 }, adminActor());
    expect(second.items).toHaveLength(3);
    expect(new Set([...first.items, ...second.items].map((c) => String(c._id))).size).toBe(8);
    expect((await listCommitments({ partnerId: String(seeded.grid) }, { offset: 0, limit: 20 }, adminActor())).total).toBe(1);
    const own = await listCommitments({}, { offset: 0, limit: 20 }, contactActor(seeded.conEd));
    expect(own.total).toBe(7);
    expect((await listCommitments({ partnerId: String(seeded.grid) }, { offset: 0, limit: 20 }, contactActor(seeded.conEd))).total).toBe(0);
    expect((await listCommitments({ statuses: ['fulfilled'] }, { offset: 0, limit: 20 }, adminActor())).total).toBe(0);
    await expect(listCommitments({}, { offset: 0, limit: 20 }, strangerActor())).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('counts all partners’ commitments from the totals, with those of an archived partner and without archived ones', async () => {
    const made = [];
    for (let i = 0; i < 4; i++)
      made.push(
        (await createCommitment(input(seeded, { startDate: `2026-10-0${i + 1}`, endDate: undefined }), adminActor(), NOW)).commitment,
      );
    const grids = [];
    for (let i = 0; i < 3; i++)
      grids.push((await createCommitment(input(seeded, { partnerId: String(seeded.grid) }), adminActor(), NOW)).commitment);
    await changeStatus(String(made[0]._id), 'cancelled', adminActor(), LATER);
    await archiveCommitment(String(made[1]._id), adminActor(), LATER);
    await archiveCommitment(String(grids[0]._id), adminActor(), LATER);
    // the grid's partner archived: its commitments leave the totals but stay in the lists
    expect(await notePartnerArchived(String(seeded.grid), LATER, { by: ADMIN, now: LATER })).toBe(3);
    expect((await commitmentTotals({})).byStatus.pledged).toBe(2);

    const all = await listCommitments({}, { offset: 0, limit: 20 }, adminActor());
    expect(all.items).toHaveLength(5);
    expect(all).toMatchObject({ total: 5 });
    expect(all.totalAtLeast).toBeUndefined();
    const commission = String(made[0].commissionKey);
    expect((await listCommitments({ commissionKey: commission }, { offset: 0, limit: 20 }, adminActor())).total).toBe(5);
    expect((await listCommitments({ commissionKey: 'engineering' }, { offset: 0, limit: 20 }, adminActor())).total).toBe(0);
    expect((await listCommitments({ statuses: ['cancelled'] }, { offset: 0, limit: 20 }, adminActor())).total).toBe(1);
    const open = await listCommitments({ statuses: ['pledged', 'confirmed'] }, { offset: 0, limit: 1 }, adminActor());
    expect(open).toMatchObject({ total: 4 });
    expect(open.items).toHaveLength(1);
  });
});

describe('CommitmentTotals', () => {
  it('kept incrementally, equals the rollup rebuilt from the documents after a mix of operations', async () => {
    const a = String((await createCommitment(input(seeded), adminActor(), NOW)).commitment._id);
    const b = String((await createCommitment(input(seeded, { type: 'mentoring', quantity: 12 }), adminActor(), NOW)).commitment._id);
    const c = String(
      (await createCommitment(input(seeded, { commissionKey: 'healthcare', quantity: 3 }), adminActor(), NOW)).commitment._id,
    );
    await createCommitment(input(seeded, { startDate: '2027-09-01', endDate: undefined }), adminActor(), NOW);
    await recordFulfilment(a, 2, adminActor(), LATER);
    await changeStatus(b, 'fulfilled', adminActor(), LATER);
    await updateCommitment(b, { quantity: 20 }, adminActor(), LATER);
    await updateCommitment(
      c,
      { commissionKey: 'construction', type: 'mentoring', startDate: '2027-07-05', endDate: undefined },
      adminActor(),
      LATER,
    );
    await answerFollowUp(c, { kind: 'cancelled' }, ADMIN, LATER);
    await answerFollowUp(a, { kind: 'rescheduled', startDate: '2026-11-01', endDate: '2026-11-30' }, ADMIN, LATER);

    const snapshot = async () =>
      (await CommitmentTotalsModel.find({}, { _id: 0, __v: 0 }).lean())
        .filter((r) => Object.values(r.counts ?? {}).some((n) => n !== 0))
        .map((r) => {
          const counts = COMMITMENT_STATUSES.map((st) => (r.counts as Record<string, number>)[st] ?? 0);
          return JSON.stringify([r.commissionKey, r.schoolYear, r.type, r.pledgedQuantity, r.fulfilledQuantity, counts]);
        })
        .sort();
    const incremental = await snapshot();
    const countsKept = { construction: await commitmentCounts('construction'), all: await commitmentCounts() };
    expect(await checkTotals()).toBe(0);
    await rebuildTotals();
    expect(await snapshot()).toEqual(incremental);
    expect({ construction: await commitmentCounts('construction'), all: await commitmentCounts() }).toEqual(countsKept);
    // every year together: the 2026-27 and 2027-28 commitments of construction (c moved there, then cancelled)
    expect(countsKept.construction).toEqual({ pledged: 1, confirmed: 0, fulfilled: 1, partially_fulfilled: 1, cancelled: 1 });
    expect(countsKept.all).toEqual(countsKept.construction);
    expect(await commitmentCounts('healthcare')).toEqual({ pledged: 0, confirmed: 0, fulfilled: 0, partially_fulfilled: 0, cancelled: 0 });

    // a count gone wrong, and one of a commission without commitments: found by the check, repaired by the rebuild
    await CommitmentCountsModel.updateOne({ _id: 'construction' }, { $inc: { 'counts.pledged': 3 } });
    await CommitmentCountsModel.create({ _id: 'engineering', counts: { fulfilled: 2 } });
    expect(await checkTotals()).toBe(2);
    expect(await rebuildTotals()).toBe(2);
    expect(await checkTotals()).toBe(0);
    expect(await commitmentCounts()).toEqual(countsKept.all);

    const totals = (await commitmentTotals({ commissionKey: 'construction', schoolYear: '2026-27' })).byType;
    const interns = totals.find((t) => t.type === 'internship_hosting');
    expect(interns).toMatchObject({
      pledged: 5,
      fulfilled: 2,
      counts: expect.objectContaining({ partially_fulfilled: 1 }),
    });
    const mentoring = totals.find((t) => t.type === 'mentoring');
    expect(mentoring).toMatchObject({ pledged: 20, fulfilled: 12, counts: expect.objectContaining({ fulfilled: 1 }) });
    expect((await commitmentTotals({ commissionKey: 'healthcare', schoolYear: '2026-27' })).byType).toEqual([]);
    expect(
      (await commitmentTotals({ commissionKey: 'construction', schoolYear: '2027-28' })).byType.find((t) => t.type === 'mentoring'),
    ).toMatchObject({
      counts: expect.objectContaining({ cancelled: 1 }),
      pledged: 0,
    });
  });
});
