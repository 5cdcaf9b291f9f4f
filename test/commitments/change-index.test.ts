import { Types } from 'mongoose';
import { insertCommitments } from '../../src/commitments/bulk';
import { changedCommitmentIds, checkChanges, noteChanges, rebuildChanges } from '../../src/commitments/change-index';
import { CommitmentChangeModel } from '../../src/commitments/derived-model';
import { CommitmentModel } from '../../src/commitments/model';
import { changeStatus, createCommitment } from '../../src/commitments/service';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';
import { ADMIN, adminActor, importedState, input, seedBasics, storedFields, type Seeded } from './fixtures';

/** Which commitments gained a history entry in each 10-minute bucket, read by `_id` (src/commitments/change-index.ts). */

const NOW = new Date('2026-10-15T14:03:00Z');
const at = (hhmm: string, ss = '00.000') => new Date(`2026-10-15T${hhmm}:${ss}Z`);
let seeded: Seeded;

beforeAll(() => connectTestDatabase());
afterAll(() => disconnectTestDatabase());
beforeEach(async () => {
  await clearCollections();
  seeded = await seedBasics();
});

const sorted = (ids: ReadonlyArray<unknown>) => ids.map(String).sort();
const snapshot = async () =>
  (await CommitmentChangeModel.find({}).lean())
    .map((e) => ({ _id: e._id, start: e.start, ids: sorted(e.ids) }))
    .sort((a, b) => a._id.localeCompare(b._id));

it('notes a change in its 10-minute bucket, under the shard of its last hex digit; a range reads the buckets it overlaps', async () => {
  const a = new Types.ObjectId('64b00000000000000000000a');
  const b = new Types.ObjectId('64b00000000000000000001b');
  await noteChanges([a, b], at('14:09', '59.999'));
  expect(await snapshot()).toEqual([
    { _id: '2026-10-15T14:00|a', start: at('14:00'), ids: [String(a)] },
    { _id: '2026-10-15T14:00|b', start: at('14:00'), ids: [String(b)] },
  ]);
  // the bucket's edges: [14:00, 14:10) holds it, [14:10, …) does not; a range that only touches the bucket reads it
  expect(sorted(await changedCommitmentIds(at('14:00'), at('14:10')))).toEqual(sorted([a, b]));
  expect(sorted(await changedCommitmentIds(at('14:09'), at('14:09', '00.001')))).toEqual(sorted([a, b]));
  expect(await changedCommitmentIds(at('14:10'), at('14:20'))).toEqual([]);
  expect(await changedCommitmentIds(at('13:50'), at('14:00'))).toEqual([]);

  await noteChanges([a], at('14:10'));
  expect(await changedCommitmentIds(at('14:10'), at('14:20'))).toEqual([a]);
  // a range of several buckets: each commitment once
  expect(sorted(await changedCommitmentIds(at('13:00'), at('15:00')))).toEqual(sorted([a, b]));
});

it('is idempotent: noting the same change again (a retry, the same id twice) leaves the index as it was', async () => {
  const a = new Types.ObjectId();
  await noteChanges([a, a], NOW);
  const once = await snapshot();
  await noteChanges([a], NOW);
  expect(await snapshot()).toEqual(once);
  expect(once).toHaveLength(1);
  expect(once[0]?.ids).toEqual([String(a)]);
  await noteChanges([], NOW);
  expect(await snapshot()).toEqual(once);
});

it('is kept by the write path: a creation and a status change each note their instant', async () => {
  const { commitment } = await createCommitment(input(seeded), adminActor(), NOW);
  await changeStatus(String(commitment._id), 'confirmed', adminActor(), at('14:31'));
  expect(await changedCommitmentIds(at('14:00'), at('14:10'))).toEqual([commitment._id]);
  expect(await changedCommitmentIds(at('14:10'), at('14:30'))).toEqual([]);
  expect(await changedCommitmentIds(at('14:30'), at('14:40'))).toEqual([commitment._id]);
  expect(await checkChanges()).toBe(0);
});

it('notes an import batch once a shard, every commitment of it', async () => {
  const ids = Array.from({ length: 40 }, (_, i) => `64c0000000000000000000${i.toString(16).padStart(2, '0')}`);
  await insertCommitments(
    ids.map((id) => ({ id, ...importedState(seeded) })),
    { by: ADMIN, now: NOW, source: 'commitments.csv' },
  );
  expect(sorted(await changedCommitmentIds(at('14:00'), at('14:10')))).toEqual(sorted(ids));
  expect(await CommitmentChangeModel.countDocuments()).toBe(16);
  expect(await checkChanges()).toBe(0);
});

it('check reports a missing or short entry, rebuild repairs exactly those from the histories (archived commitments too)', async () => {
  const { commitment } = await createCommitment(input(seeded), adminActor(), NOW);
  // written around the write path, with a history of its own: the index does not know it
  const history = [
    { at: at('09:00'), by: ADMIN, action: 'created', changes: [] },
    { at: at('14:05'), by: ADMIN, action: 'archived', changes: [{ field: 'archivedAt', from: null, to: at('14:05') }] },
  ];
  const written = await CommitmentModel.create(
    storedFields(seeded.grid, 'National Grid', { _id: new Types.ObjectId('64d0000000000000000000f1'), history, archivedAt: at('14:05') }),
  );
  const kept = await snapshot();
  expect(await checkChanges()).toBe(2); // 09:00|1 missing; 14:00|1 missing, or short of it
  expect(await rebuildChanges()).toBe(2);
  expect(await checkChanges()).toBe(0);
  expect(sorted(await changedCommitmentIds(at('14:00'), at('14:10')))).toEqual(sorted([commitment._id, written._id]));
  expect(await changedCommitmentIds(at('09:00'), at('09:10'))).toEqual([written._id]);
  // what the write path kept is still there, and a rebuild with nothing to fix changes nothing
  for (const entry of kept) expect((await snapshot()).find((e) => e._id === entry._id)?.ids).toEqual(expect.arrayContaining(entry.ids));
  const rebuilt = await snapshot();
  expect(await rebuildChanges()).toBe(0);
  expect(await snapshot()).toEqual(rebuilt);

  // an entry lost: found and put back
  await CommitmentChangeModel.deleteOne({ _id: '2026-10-15T09:00|1' });
  expect(await checkChanges()).toBe(1);
  expect(await rebuildChanges()).toBe(1);
  expect(await snapshot()).toEqual(rebuilt);
});
