import { groupMemberIds, rebuildGroups } from '../../src/commitments/group-index';
import { CommitmentModel } from '../../src/commitments/model';
import { changeStatus, createCommitment, findOpenDuplicates, updateCommitment } from '../../src/commitments/service';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';
import { adminActor, input, seedBasics, storedFields, type Seeded } from './fixtures';
import { CommitmentGroupModel } from '../../src/commitments/derived-model';

/** The index of commitments per partner, commission and type behind the duplicate check (src/commitments/group-index.ts). */

const NOW = new Date('2026-09-15T14:00:00Z');
let seeded: Seeded;

beforeAll(() => connectTestDatabase());
afterAll(() => disconnectTestDatabase());
beforeEach(async () => {
  await clearCollections();
  seeded = await seedBasics();
});

const ids = (rows: Array<{ _id: unknown }>) => rows.map((r) => String(r._id)).sort();
const snapshot = async () =>
  (await CommitmentGroupModel.find({}).lean())
    .map((g) => ({ _id: g._id, ids: g.ids.map(String).sort() }))
    .sort((a, b) => a._id.localeCompare(b._id));

it('files every commitment the service records under its partner, commission and type', async () => {
  const a = (await createCommitment(input(seeded), adminActor(), NOW)).commitment;
  const b = (await createCommitment(input(seeded, { startDate: '2027-02-01', endDate: undefined }), adminActor(), NOW)).commitment;
  const c = (await createCommitment(input(seeded, { type: 'mentoring' }), adminActor(), NOW)).commitment;
  expect((await groupMemberIds(String(seeded.conEd), 'construction', 'internship_hosting')).map(String).sort()).toEqual(ids([a, b]));
  expect((await groupMemberIds(String(seeded.conEd), 'construction', 'mentoring')).map(String)).toEqual([String(c._id)]);
  expect(await groupMemberIds(String(seeded.grid), 'construction', 'mentoring')).toEqual([]);
});

it('a commitment edited to another partner, commission or type is found under the new one, and no longer under the old', async () => {
  const { commitment } = await createCommitment(input(seeded), adminActor(), NOW);
  await updateCommitment(
    String(commitment._id),
    { partnerId: String(seeded.grid), commissionKey: 'healthcare', type: 'mentoring' },
    adminActor(),
    NOW,
  );
  const moved = {
    partnerId: String(seeded.grid),
    commissionKey: 'healthcare',
    type: 'mentoring' as const,
    startDate: '2026-10-15',
    endDate: '2026-11-01',
  };
  expect(ids(await findOpenDuplicates(moved))).toEqual([String(commitment._id)]);
  expect(await findOpenDuplicates(input(seeded))).toEqual([]); // the stale entry under the old key is checked and dropped
});

it('answers exactly as the query it replaces: open only, overlapping dates, the one being edited excluded, five at most, by start date', async () => {
  const made: string[] = [];
  for (let i = 0; i < 7; i++)
    made.push(
      String(
        (await createCommitment(input(seeded, { startDate: `2026-10-0${i + 1}`, endDate: '2026-12-31' }), adminActor(), NOW)).commitment
          ._id,
      ),
    );
  await changeStatus(made[0], 'cancelled', adminActor(), NOW);
  const found = await findOpenDuplicates(input(seeded, { startDate: '2026-11-01', endDate: '2026-11-30' }), { excludeId: made[1] });
  expect(found.map((c) => String(c._id))).toEqual(made.slice(2, 7));
  expect(found.map((c) => c.startDate)).toEqual(['2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
  expect(await findOpenDuplicates(input(seeded, { startDate: '2027-01-05', endDate: undefined }))).toEqual([]);
});

it('rebuilt from the documents, equals what the service kept, and files commitments written without the service', async () => {
  await createCommitment(input(seeded), adminActor(), NOW);
  await createCommitment(input(seeded, { type: 'mentoring' }), adminActor(), NOW);
  const kept = await snapshot();
  await rebuildGroups();
  expect(await snapshot()).toEqual(kept);

  const imported = await CommitmentModel.create(
    storedFields(seeded.grid, 'National Grid', { type: 'site_visit', startDate: '2026-10-01', endDate: '2026-10-31' }),
  );
  expect(
    await findOpenDuplicates({
      partnerId: String(seeded.grid),
      commissionKey: 'construction',
      type: 'site_visit',
      startDate: '2026-10-10',
    }),
  ).toEqual([]);
  await rebuildGroups();
  expect(
    ids(
      await findOpenDuplicates({
        partnerId: String(seeded.grid),
        commissionKey: 'construction',
        type: 'site_visit',
        startDate: '2026-10-10',
      }),
    ),
  ).toEqual([String(imported._id)]);
});
