import { CommitmentModel } from '../../src/commitments/model';
import { createCommitment, recordFulfilment } from '../../src/commitments/service';
import { commitmentTotals } from '../../src/commitments/totals';
import { PartnerModel } from '../../src/partners/model';
import { describeReconcile, reconcile } from '../../src/reconcile/derived';
import { nightlyReconcile } from '../../src/reconcile/nightly';
import { NotificationModel } from '../../src/scheduler/model';
import { runNightly } from '../../src/scheduler/nightly';
import { adminActor, input, seedBasics, type Seeded } from '../commitments/fixtures';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';
import {
  CommitmentActivityModel,
  CommitmentChangeModel,
  CommitmentGroupModel,
  CommitmentTotalsModel,
} from '../../src/commitments/derived-model';

const NOW = new Date('2026-09-15T14:00:00Z');
let seeded: Seeded;

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  seeded = await seedBasics();
  const { commitment } = await createCommitment(input(seeded), adminActor(), NOW);
  await recordFulfilment(String(commitment._id), 2, adminActor(), new Date('2026-09-20T14:00:00Z'));
  await createCommitment(input(seeded, { type: 'mentoring', quantity: 3 }), adminActor(), NOW);
});

/** The totals recounted straight from the commitments, independently of the rollup code. */
async function recount() {
  const rows = await CommitmentModel.find({ commissionKey: 'construction', schoolYear: '2026-27' }).lean();
  const out: Record<string, { pledged: number; fulfilled: number; count: number }> = {};
  for (const c of rows) {
    const t = out[c.type] ?? { pledged: 0, fulfilled: 0, count: 0 };
    out[c.type] = t;
    t.pledged += c.status === 'cancelled' ? 0 : c.quantity;
    // cancelled counts in no quantity; fulfilled without a fulfilled quantity counts in full
    t.fulfilled +=
      c.status === 'cancelled' ? 0 : c.status === 'fulfilled' && !c.fulfilledQuantity ? c.quantity : (c.fulfilledQuantity ?? 0);
    t.count += 1;
  }
  return out;
}
async function rollup() {
  return Object.fromEntries(
    (await commitmentTotals({ commissionKey: 'construction', schoolYear: '2026-27' })).byType.map((t) => [
      t.type,
      { pledged: t.pledged, fulfilled: t.fulfilled, count: Object.values(t.counts).reduce((a, b) => a + b, 0) },
    ]),
  );
}

describe('reconcile', () => {
  it('finds nothing to fix after writes through the write path', async () => {
    const lines = await reconcile();
    expect(lines.map((l) => [l.found, l.fixed])).toEqual(lines.map(() => [0, 0]));
    expect(describeReconcile(lines)).toBe('everything derived matched its records: nothing to fix');
  });

  it('repairs every owner’s derived data after it was lost or damaged, and says what it fixed', async () => {
    await CommitmentTotalsModel.updateMany({}, { $inc: { pledgedQuantity: 40, 'counts.pledged': 1 } });
    await CommitmentActivityModel.deleteMany({});
    await CommitmentGroupModel.deleteMany({});
    // the fulfilment's bucket of the change index (the one commitment fulfilled then)
    await CommitmentChangeModel.deleteMany({ start: new Date('2026-09-20T14:00:00Z') });
    await PartnerModel.updateOne({ _id: seeded.conEd }, { $unset: { lastActivityAt: '' } });
    expect(await rollup()).not.toEqual(await recount());

    const lines = await reconcile();
    const fixed = Object.fromEntries(lines.map((l) => [l.name.split(' (')[0], l.fixed]));
    expect(fixed).toEqual({
      'commitment totals': 2,
      'activity index': 2, // recorded on 09-15, fulfilled on 09-20
      'group index': 2,
      'change index': 1,
      "partners' last activity": 1,
      'people index': 0,
    });
    expect(describeReconcile(lines)).toContain('commitment totals (commitments/totals.ts): fixed 2');
    expect(await rollup()).toEqual(await recount());
    expect((await PartnerModel.findById(seeded.conEd).lean())?.lastActivityAt).toEqual(new Date('2026-09-20T14:00:00Z'));
    expect((await reconcile()).every((l) => l.found === 0)).toBe(true);
  });

  it('runs nightly exactly once across replicas, recording what it did', async () => {
    await CommitmentTotalsModel.updateMany({}, { $inc: { fulfilledQuantity: 5 } });
    const zone = { timeZone: 'America/New_York' };
    const at = new Date('2026-09-21T06:40:00Z'); // 02:40 in New York
    const run = jest.fn(nightlyReconcile.run);
    const job = { ...nightlyReconcile, run };
    const outcomes = await Promise.all(['replica-a', 'replica-b', 'replica-c'].map((owner) => runNightly([job], at, { ...zone, owner })));
    expect(run).toHaveBeenCalledTimes(1);
    expect(
      outcomes
        .flat()
        .map((o) => o.status)
        .sort(),
    ).toEqual(['done already', 'done already', 'ran']);
    expect(await NotificationModel.find({}, { _id: 0, key: 1, status: 1, reason: 1 }).lean()).toEqual([
      {
        key: 'reconcile:2026-09-21',
        status: 'skipped',
        reason: expect.stringContaining('commitment totals (commitments/totals.ts): fixed'),
      },
    ]);
    expect(await rollup()).toEqual(await recount());
    // later that night: not again; before 02:30: not due
    expect(await runNightly([job], new Date('2026-09-21T08:00:00Z'), { ...zone, owner: 'replica-a' })).toEqual([
      { kind: 'reconcile', status: 'done already' },
    ]);
    expect(await runNightly([job], new Date('2026-09-22T06:00:00Z'), { ...zone, owner: 'replica-a' })).toEqual([
      { kind: 'reconcile', status: 'not due' },
    ]);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
