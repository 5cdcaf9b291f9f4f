import { changedBy, withWriteTracking, wroteSoFar } from '../../src/db/write-tracking';
import { HomeViewerModel } from '../../src/home/model';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

/**
 * What counts as a write for an error reply (src/slack/replies.ts): a write that changed something. An update that
 * matched nothing wrote nothing ("nothing was changed" stays true); a bulk write that failed part-way wrote what it
 * did before failing.
 */

const AT = new Date('2026-11-02T15:00:00Z');

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(clearCollections);

/** Runs `work` in a scope of its own; whether it wrote, even when it threw. */
async function wrote(work: () => Promise<unknown>): Promise<boolean> {
  return withWriteTracking(async () => {
    await work().catch(() => undefined);
    return wroteSoFar();
  });
}

it('counts changes, not calls: a matched update, a delete, an insert; not an update or delete of nothing', async () => {
  await HomeViewerModel.create({ _id: 'U0THERE', lastOpenedAt: AT });
  expect(await wrote(() => HomeViewerModel.updateOne({ _id: 'U0NOBODY' }, { $set: { lastOpenedAt: AT } }))).toBe(false);
  expect(await wrote(() => HomeViewerModel.updateOne({ _id: 'U0THERE' }, { $set: { lastOpenedAt: AT } }))).toBe(false); // same value
  expect(await wrote(() => HomeViewerModel.deleteMany({ _id: 'U0NOBODY' }))).toBe(false);
  expect(await wrote(() => HomeViewerModel.findOneAndUpdate({ _id: 'U0NOBODY' }, { $set: { lastOpenedAt: AT } }))).toBe(false);
  expect(await wrote(() => HomeViewerModel.find({}).lean())).toBe(false);
  expect(await wrote(() => HomeViewerModel.updateOne({ _id: 'U0THERE' }, { $set: { lastOpenedAt: new Date(AT.getTime() + 1) } }))).toBe(true);
  expect(await wrote(() => HomeViewerModel.findOneAndUpdate({ _id: 'U0THERE' }, { $set: { lastOpenedAt: AT } }))).toBe(true);
  expect(await wrote(() => HomeViewerModel.create({ _id: 'U0NEW', lastOpenedAt: AT }))).toBe(true);
  expect(await wrote(() => HomeViewerModel.insertMany([{ _id: 'U0NEW2', lastOpenedAt: AT }]))).toBe(true);
  expect(await wrote(() => HomeViewerModel.deleteOne({ _id: 'U0NEW' }))).toBe(true);
  // outside any scope nothing is counted
  await HomeViewerModel.create({ _id: 'U0OUTSIDE', lastOpenedAt: AT });
  expect(wroteSoFar()).toBe(false);
});

it('a bulk write that fails part-way counts what it wrote before failing; one that matched nothing does not', async () => {
  await HomeViewerModel.create({ _id: 'U0TAKEN', lastOpenedAt: AT });
  const insert = (id: string) => ({ insertOne: { document: { _id: id, lastOpenedAt: AT } } });
  const partly = () => HomeViewerModel.bulkWrite([insert('U0FIRST'), insert('U0TAKEN')], { ordered: true });
  expect(await wrote(partly)).toBe(true);
  expect(await HomeViewerModel.countDocuments({ _id: 'U0FIRST' })).toBe(1);
  // (a bulk write that failed on its first op is counted as the server's result says: the embedded server counts the
  // refused insert in insertedCount, so it reads as a write there — saying "part may be saved" is the safe side)
  expect(await wrote(() => HomeViewerModel.bulkWrite([{ updateOne: { filter: { _id: 'U0NOBODY' }, update: { $set: { lastOpenedAt: AT } } } }]))).toBe(false);
});

it('reads the counts of every result shape', () => {
  expect(changedBy({ acknowledged: true, matchedCount: 1, modifiedCount: 0, upsertedCount: 0 })).toBe(0);
  expect(changedBy({ acknowledged: true, deletedCount: 2 })).toBe(2);
  expect(changedBy({ insertedCount: 1, matchedCount: 3, modifiedCount: 2, deletedCount: 0, upsertedCount: 1 })).toBe(4);
  expect(changedBy(null)).toBe(0);
  expect(changedBy([])).toBe(0);
  expect(changedBy([{ _id: 'a' }])).toBe(1);
  expect(changedBy({ value: null, lastErrorObject: { n: 0 } })).toBe(0);
  expect(changedBy({ _id: 'a', lastOpenedAt: AT })).toBe(1);
});
