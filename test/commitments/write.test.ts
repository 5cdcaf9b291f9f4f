import { Types } from 'mongoose';
import { CommitmentModel } from '../../src/commitments/model';
import { changeStatus, createCommitment, updateCommitment, writeCommitment } from '../../src/commitments/service';
import { checkTotals, commitmentTotals, rebuildTotals } from '../../src/commitments/totals';
import { insertCommitments, setCommitments } from '../../src/commitments/bulk';
import { newCommitmentSchema, writeCommitments } from '../../src/commitments/write';
import { StaleRevision } from '../../src/errors';
import { events, type EventMap } from '../../src/events';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';
import { ADMIN, LEAD, adminActor, importedState, input, seedBasics, type Seeded } from './fixtures';
import type { Actor } from '../../src/access/actor';
import { CommitmentTotalsModel } from '../../src/commitments/derived-model';

const NOW = new Date('2026-09-15T14:00:00Z');
const LATER = new Date('2026-09-16T14:00:00Z');

let seeded: Seeded;
const leadActor = (): Actor => ({ userId: LEAD, isAdmin: false, leads: ['construction'], partnerIds: [] });

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  seeded = await seedBasics();
});
afterEach(() => jest.restoreAllMocks());

/** Everyone's totals recounted straight from the commitments, independently of the rollup code. */
async function recount(commissionKey: string, schoolYear: string) {
  const rows = await CommitmentModel.find({ commissionKey, schoolYear }).lean();
  const byType = new Map<string, { count: number; pledged: number; fulfilled: number }>();
  for (const c of rows) {
    const t = byType.get(c.type) ?? { count: 0, pledged: 0, fulfilled: 0 };
    t.count += 1;
    t.pledged += c.status === 'cancelled' ? 0 : c.quantity;
    // cancelled counts in no quantity; fulfilled without a fulfilled quantity counts in full
    t.fulfilled +=
      c.status === 'cancelled' ? 0 : c.status === 'fulfilled' && !c.fulfilledQuantity ? c.quantity : (c.fulfilledQuantity ?? 0);
    byType.set(c.type, t);
  }
  return [...byType.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** A commitment as an import states it (src/commitments/bulk.ts). */
async function rollup(commissionKey: string, schoolYear: string) {
  return (await commitmentTotals({ commissionKey, schoolYear })).byType
    .map(
      (t) => [t.type, { count: Object.values(t.counts).reduce((a, b) => a + b, 0), pledged: t.pledged, fulfilled: t.fulfilled }] as const,
    )
    .sort(([a], [b]) => a.localeCompare(b));
}

function collect<K extends keyof EventMap>(name: K): Array<EventMap[K]> {
  const seen: Array<EventMap[K]> = [];
  let off: () => void = () => undefined;
  beforeEach(async () => {
    await events.idle();
    seen.length = 0;
    off = events.on(name, (e) => {
      seen.push(e);
    });
  });
  afterEach(() => off());
  return seen;
}

describe('the revision of a commitment', () => {
  it('goes up by one with every write, each with one history entry', async () => {
    const { commitment } = await createCommitment(input(seeded), adminActor(), NOW);
    expect(commitment.revision).toBe(0);
    const confirmed = await changeStatus(String(commitment._id), 'confirmed', adminActor(), LATER);
    expect(confirmed.revision).toBe(1);
    const stored = await CommitmentModel.findById(commitment._id).lean();
    expect(stored?.history.map((h) => [h.action, h.by])).toEqual([
      ['created', ADMIN],
      ['status', ADMIN],
    ]);
    expect(stored?.history[1].changes).toEqual([{ field: 'status', from: 'pledged', to: 'confirmed' }]);
  });

  it('refuses an update stating a revision that moved, naming who changed it meanwhile', async () => {
    const { commitment } = await createCommitment(input(seeded), adminActor(), NOW);
    const id = String(commitment._id);
    await changeStatus(id, 'confirmed', leadActor(), LATER); // the lead, meanwhile
    const err = await updateCommitment(id, { quantity: 9 }, adminActor(), LATER, { expectedRevision: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(StaleRevision);
    expect(err.changedBy).toBe(LEAD);
    expect(err.userMessage).toContain(`changed by <@${LEAD}> meanwhile`);
    expect((await CommitmentModel.findById(id).lean())?.quantity).toBe(5);
    // at the revision read, it goes through
    const updated = await updateCommitment(id, { quantity: 9 }, adminActor(), LATER, { expectedRevision: 1 });
    expect(updated).toMatchObject({ quantity: 9, revision: 2 });
  });

  it('writeCommitment (Undo) puts earlier values back with a new history entry', async () => {
    const { commitment } = await createCommitment(input(seeded), adminActor(), NOW);
    const id = String(commitment._id);
    await changeStatus(id, 'cancelled', adminActor(), LATER);
    const undone = await writeCommitment(id, adminActor(), LATER, 'undo', { expectedRevision: 1 }, () => ({ status: 'pledged' }));
    expect(undone).toMatchObject({ status: 'pledged', revision: 2 });
    expect(await rollup('construction', '2026-27')).toEqual(await recount('construction', '2026-27'));
  });
});

describe('derived data of a write', () => {
  const changed = collect('commitment.changed');
  const failed = collect('derived.failed');

  it('when the rollup cannot be written, the commitment is still saved and reported so; the reconcile equals a recount', async () => {
    await createCommitment(input(seeded), adminActor(), NOW);
    jest.spyOn(CommitmentTotalsModel, 'bulkWrite').mockRejectedValueOnce(new Error('rollup write lost'));
    const result = await createCommitment(input(seeded, { quantity: 7, startDate: '2026-11-01' }), adminActor(), NOW);
    expect(result).toMatchObject({ created: true, derivedSaved: false });
    expect(await CommitmentModel.countDocuments()).toBe(2);
    await events.idle();
    expect(failed).toHaveLength(1);
    expect(await rollup('construction', '2026-27')).not.toEqual(await recount('construction', '2026-27'));

    expect(await checkTotals()).toBe(1);
    expect(await rebuildTotals()).toBe(1);
    expect(await rollup('construction', '2026-27')).toEqual(await recount('construction', '2026-27'));
    expect(await checkTotals()).toBe(0);
  });

  it('emits one event after each write, and one per batch for bulk writes', async () => {
    const { commitment } = await createCommitment(input(seeded), adminActor(), NOW);
    await events.idle();
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ action: 'created', by: ADMIN, changes: [{ after: { id: String(commitment._id), revision: 0 } }] });

    const state = importedState(seeded);
    const ids = ['64b000000000000000000001', '64b000000000000000000002', '64b000000000000000000003'];
    await insertCommitments(
      ids.map((id) => ({ id, ...state })),
      { by: ADMIN, now: NOW, source: 'commitments.csv' },
    );
    await events.idle();
    expect(changed).toHaveLength(2);
    expect(changed[1]).toMatchObject({ action: 'imported', source: 'commitments.csv' });
    expect(changed[1].changes).toHaveLength(3);
    expect(await rollup('construction', '2026-27')).toEqual(await recount('construction', '2026-27'));
  });
});

describe('creates written as plain documents', () => {
  it('checks them by the same rules as the commitment schema (every stored field, the same enums)', () => {
    const schema = CommitmentModel.schema;
    const stored = Object.keys(schema.paths).filter((p) => p !== '__v' && !p.includes('.'));
    expect(Object.keys(newCommitmentSchema.shape).sort()).toEqual(stored.sort());
    for (const path of ['type', 'status', 'recordedVia'] as const) {
      const enumValues = (schema.path(path) as unknown as { enumValues: string[] }).enumValues;
      expect(newCommitmentSchema.shape[path].options).toEqual(enumValues);
    }
  });

  it('stores what mongoose would (defaults, history, revision 0) and refuses one that breaks the schema, writing nothing', async () => {
    const doc = {
      partnerId: seeded.conEd,
      partnerName: 'Con Edison',
      commissionKey: 'construction',
      type: 'guest_speaking',
      quantity: 2,
      unit: 'sessions',
      schoolYear: '2026-27',
      startDate: '2026-10-05',
      endDate: undefined,
      recordedBy: ADMIN,
      recordedVia: 'iec',
    };
    const outcome = await writeCommitments([{ op: 'create', doc }], { by: ADMIN, now: NOW, action: 'created' });
    const saved = await CommitmentModel.findById(outcome.written[0]?._id).lean();
    expect(saved).toMatchObject({ status: 'pledged', fulfilledQuantity: 0, notes: '', schoolIds: [], revision: 0, createdAt: NOW });
    expect(saved).not.toHaveProperty('endDate');
    expect(saved?.history).toEqual([expect.objectContaining({ at: NOW, by: ADMIN, action: 'created' })]);
    // the same document through mongoose's own validation
    await expect(new CommitmentModel(saved).validate()).resolves.toBeUndefined();

    for (const bad of [{ quantity: 0 }, { type: 'lunch' }, { status: 'maybe' }, { partnerName: '' }, { colour: 'red' }]) {
      await expect(
        writeCommitments([{ op: 'create', doc: { ...doc, ...bad } }], { by: ADMIN, now: NOW, action: 'created' }),
      ).rejects.toThrow('A commitment could not be written');
    }
    expect(await CommitmentModel.countDocuments()).toBe(1);

    // ids given as text are cast, as mongoose casts them
    const text = { ...doc, partnerId: String(seeded.conEd), schoolIds: [String(seeded.conEd)] };
    const [cast] = (await writeCommitments([{ op: 'create', doc: text }], { by: ADMIN, now: NOW, action: 'created' })).written;
    expect(cast?.partnerId).toBeInstanceOf(Types.ObjectId);
    expect(cast?.schoolIds[0]).toBeInstanceOf(Types.ObjectId);
    expect(await CommitmentModel.findById(cast?._id).lean()).not.toHaveProperty('requestId');
  });
});

describe('updates written in bulk', () => {
  const ids = ['64b000000000000000000011', '64b000000000000000000012', '64b000000000000000000013'];

  it('a batch is one bulkWrite, each update on its revision: one changed meanwhile is refused, the rest written with history', async () => {
    const before = importedState(seeded);
    await insertCommitments(
      ids.map((id) => ({ id, ...before })),
      { by: ADMIN, now: NOW, source: 'commitments.csv' },
    );
    // someone changes the second one after the import read it (revision 0 → 1)
    const [, second] = await CommitmentModel.find({ _id: { $in: ids } }, { history: 0 })
      .sort({ _id: 1 })
      .lean();
    await writeCommitments([{ op: 'update', before: second as never, set: { notes: 'changed meanwhile' } }], {
      by: LEAD,
      now: NOW,
      action: 'edited',
    });
    const changed: Array<EventMap['commitment.changed']> = [];
    const off = events.on('commitment.changed', (e) => {
      changed.push(e);
    });
    const bulk = jest.spyOn(CommitmentModel, 'bulkWrite');
    const one = jest.spyOn(CommitmentModel, 'findOneAndUpdate');
    const stale = await setCommitments(
      ids.map((id) => ({ id, revision: 0, before, after: { ...before, quantity: 4 } })),
      { by: ADMIN, now: LATER, source: 'commitments.csv' },
    );
    await events.idle();
    off();
    expect(stale).toEqual([ids[1]]);
    expect(bulk).toHaveBeenCalledTimes(1);
    expect(one).not.toHaveBeenCalled();
    const rows = await CommitmentModel.find({ _id: { $in: ids } })
      .sort({ _id: 1 })
      .lean();
    expect(rows.map((c) => [c.quantity, c.revision, c.notes, c.history.map((h) => `${h.by} ${h.action}`)])).toEqual([
      [4, 1, '', [`${ADMIN} imported`, `${ADMIN} imported`]],
      [1, 1, 'changed meanwhile', [`${ADMIN} imported`, `${LEAD} edited`]],
      [4, 1, '', [`${ADMIN} imported`, `${ADMIN} imported`]],
    ]);
    expect(rows[0]?.history[1]?.changes).toEqual([{ field: 'quantity', from: 1, to: 4 }]);
    // one event for the batch, naming the two written at their new revision
    expect(changed).toHaveLength(1);
    expect(changed[0]?.changes.map((c) => [c.after?.id, c.after?.revision])).toEqual([
      [ids[0], 1],
      [ids[2], 1],
    ]);
    expect(await rollup('construction', '2026-27')).toEqual(await recount('construction', '2026-27'));

    // the same batch again: those already written are not at revision 0 any more, and nothing changes
    expect(
      await setCommitments(
        ids.map((id) => ({ id, revision: 0, before, after: { ...before, quantity: 4 } })),
        { by: ADMIN, now: LATER, source: 'commitments.csv' },
      ),
    ).toEqual(ids);
    expect(await CommitmentModel.countDocuments({ revision: 1 })).toBe(3);
  });
});
