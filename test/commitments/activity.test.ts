import type { Types } from 'mongoose';
import { activityIds, noteActivities, rebuildActivity } from '../../src/commitments/activity';
import { CommitmentModel } from '../../src/commitments/model';
import { changeStatus, createCommitment } from '../../src/commitments/service';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';
import { adminActor, input, seedBasics, type Seeded } from './fixtures';
import { CommitmentActivityModel } from '../../src/commitments/derived-model';

let seeded: Seeded;
beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  seeded = await seedBasics();
});

const MONDAY = new Date('2026-11-23T05:00:00Z');
const day = (n: number, hour = 15) => new Date(MONDAY.getTime() + n * 86_400_000 + (hour - 5) * 3_600_000);
const sorted = (ids: Types.ObjectId[]) => ids.map(String).sort();

describe('the day index of recordings and fulfilments', () => {
  it('finds what was recorded and fulfilled in a range, and nothing outside it', async () => {
    const inside = await createCommitment(input(seeded), adminActor(), day(1));
    const before = await createCommitment(input(seeded, { quantity: 2 }), adminActor(), day(-3));
    const after = await createCommitment(input(seeded, { quantity: 3 }), adminActor(), day(9));
    await changeStatus(String(before.commitment._id), 'fulfilled', adminActor(), day(4));

    const ids = await activityIds('construction', { start: MONDAY, end: day(7, 5) });
    expect(sorted(ids)).toEqual(sorted([inside.commitment._id, before.commitment._id]));
    expect(ids.map(String)).not.toContain(String(after.commitment._id));
    expect(await activityIds('healthcare', { start: MONDAY, end: day(7, 5) })).toEqual([]);
  });

  it('kept incrementally, equals the index rebuilt from the documents', async () => {
    const a = await createCommitment(input(seeded), adminActor(), day(0));
    await createCommitment(input(seeded, { quantity: 9, type: 'mentoring' }), adminActor(), day(2));
    await changeStatus(String(a.commitment._id), 'fulfilled', adminActor(), day(5));
    await noteActivities([(await CommitmentModel.findById(a.commitment._id).lean())!]); // again: idempotent

    const snapshot = async () =>
      (await CommitmentActivityModel.find({}).lean())
        .map((r) => ({ id: r._id, ids: sorted(r.ids) }))
        .sort((x, y) => x.id.localeCompare(y.id));
    const incremental = await snapshot();
    await rebuildActivity();
    expect(await snapshot()).toEqual(incremental);
    expect(incremental.length).toBe(3);
  });
});
