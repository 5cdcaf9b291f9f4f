import { Types } from 'mongoose';
import { noteActivity, rebuildActivity } from './activity';
import { noteGroup, rebuildGroups } from './group-index';
import { CommitmentModel } from './model';
import { schoolYearOfDate } from './service';
import { CommitmentTotalsModel, rebuildTotals, totalsDelta, type TotalsContribution } from './totals';
import { COMMITMENT_TYPE_INFO, type CommitmentStatus, type CommitmentType } from './types';

/**
 * Commitments written many at once (imports). Each commitment is one document written whole, under an `_id`
 * chosen by the caller (a resumed import finds the ones already written), with one history entry
 * (`imported`, its source file). Updates are conditional on the revision the caller read, so a commitment
 * changed by someone else in between is never overwritten. Derived data (the totals rollup, the activity
 * and group indexes) is settled once per batch, or rebuilt from the documents after a crash.
 */

export interface CommitmentState {
  partnerId: string;
  partnerName: string;
  commissionKey: string;
  type: CommitmentType;
  quantity: number;
  schoolIds: string[];
  startDate: string;
  endDate?: string;
  status: CommitmentStatus;
  fulfilledQuantity: number;
  fulfilledAt?: Date;
  notes: string;
}

export interface StoredCommitmentState extends CommitmentState {
  id: string;
  revision: number;
}

export interface BulkMeta {
  by: string;
  now: Date;
  /** e.g. `commitments.csv`, recorded in the history entry. */
  source: string;
}

type Lean = {
  _id: Types.ObjectId;
  partnerId: Types.ObjectId;
  partnerName: string;
  commissionKey: string;
  type: string;
  quantity: number;
  schoolIds?: Types.ObjectId[];
  startDate: string;
  endDate?: string | null;
  status?: string | null;
  fulfilledQuantity?: number | null;
  fulfilledAt?: Date | null;
  notes?: string | null;
  revision?: number | null;
};

const PROJECTION = {
  partnerId: 1,
  partnerName: 1,
  commissionKey: 1,
  type: 1,
  quantity: 1,
  schoolIds: 1,
  startDate: 1,
  endDate: 1,
  status: 1,
  fulfilledQuantity: 1,
  fulfilledAt: 1,
  notes: 1,
  revision: 1,
} as const;

function toState(c: Lean): StoredCommitmentState {
  return {
    id: String(c._id),
    revision: c.revision ?? 0,
    partnerId: String(c.partnerId),
    partnerName: c.partnerName,
    commissionKey: c.commissionKey,
    type: c.type as CommitmentType,
    quantity: c.quantity,
    schoolIds: (c.schoolIds ?? []).map(String),
    startDate: c.startDate,
    ...(c.endDate ? { endDate: c.endDate } : {}),
    status: (c.status ?? 'pledged') as CommitmentStatus,
    fulfilledQuantity: c.fulfilledQuantity ?? 0,
    ...(c.fulfilledAt ? { fulfilledAt: c.fulfilledAt } : {}),
    notes: c.notes ?? '',
  };
}

const oid = (id: string) => new Types.ObjectId(id);

/** The commitments with these ids, and every commitment of these partners. */
export async function commitmentsForImport(query: {
  ids: readonly string[];
  partnerIds: readonly string[];
}): Promise<StoredCommitmentState[]> {
  const ids = [...new Set(query.ids)].filter((id) => /^[0-9a-f]{24}$/i.test(id)).map(oid);
  const partnerIds = [...new Set(query.partnerIds)].map(oid);
  const byId = new Map<string, StoredCommitmentState>();
  for (let i = 0; i < ids.length; i += 1000) {
    for (const c of await CommitmentModel.find({ _id: { $in: ids.slice(i, i + 1000) } }, PROJECTION).lean<Lean[]>())
      byId.set(String(c._id), toState(c));
  }
  if (partnerIds.length > 0) {
    for await (const c of CommitmentModel.find({ partnerId: { $in: partnerIds } }, PROJECTION)
      .lean<Lean[]>()
      .cursor({ batchSize: 1000 })) {
      byId.set(String(c._id), toState(c as unknown as Lean));
    }
  }
  return [...byId.values()];
}

/** Every field a document stores for this state (derived ones included). */
function documentFields(s: CommitmentState) {
  return {
    partnerId: oid(s.partnerId),
    partnerName: s.partnerName,
    commissionKey: s.commissionKey,
    type: s.type,
    quantity: s.quantity,
    unit: COMMITMENT_TYPE_INFO[s.type].unit,
    schoolIds: s.schoolIds.map(oid),
    schoolYear: schoolYearOfDate(s.startDate),
    startDate: s.startDate,
    ...(s.endDate ? { endDate: s.endDate } : {}),
    status: s.status,
    fulfilledQuantity: s.fulfilledQuantity,
    ...(s.fulfilledAt ? { fulfilledAt: s.fulfilledAt } : {}),
    notes: s.notes,
  };
}

const COMPARED: ReadonlyArray<keyof CommitmentState> = [
  'partnerId',
  'partnerName',
  'commissionKey',
  'type',
  'quantity',
  'schoolIds',
  'startDate',
  'endDate',
  'status',
  'fulfilledQuantity',
  'fulfilledAt',
  'notes',
];

const plain = (v: unknown): unknown => (v === undefined ? null : v instanceof Date ? v.toISOString() : v);

/** The fields that differ, as history changes. */
export function commitmentChanges(
  before: CommitmentState | undefined,
  after: CommitmentState,
): Array<{ field: string; from: unknown; to: unknown }> {
  return COMPARED.filter((f) => JSON.stringify(plain(before?.[f])) !== JSON.stringify(plain(after[f]))).map((field) => ({
    field,
    from: plain(before?.[field]),
    to: plain(after[field]),
  }));
}

/** Creates these commitments under their given ids; one already there (a resumed import) is left as it is. */
export async function insertCommitments(items: ReadonlyArray<CommitmentState & { id: string }>, meta: BulkMeta): Promise<void> {
  if (items.length === 0) return;
  const present = new Set(
    (await CommitmentModel.find({ _id: { $in: items.map((c) => oid(c.id)) } }, { _id: 1 }).lean()).map((c) => String(c._id)),
  );
  const docs = items
    .filter((c) => !present.has(c.id))
    .map(({ id, ...state }) => ({
      _id: oid(id),
      ...documentFields(state),
      recordedBy: meta.by,
      recordedVia: 'iec',
      history: [{ at: meta.now, by: meta.by, action: 'imported', source: meta.source, changes: commitmentChanges(undefined, state) }],
      revision: 0,
      createdAt: meta.now,
    }));
  if (docs.length > 0) await CommitmentModel.insertMany(docs, { ordered: true });
}

/**
 * Sets each commitment from `before` (read at `revision`) to `after`, with one history entry. Returns the ids
 * that were not at that revision any more (changed by someone else, or already written by this import).
 */
export async function setCommitments(
  items: ReadonlyArray<{ id: string; revision: number; before: CommitmentState; after: CommitmentState }>,
  meta: BulkMeta & { action?: string },
): Promise<string[]> {
  if (items.length === 0) return [];
  const writes = items.map(({ id, revision, before, after }) => {
    const $unset = { ...(after.endDate ? {} : { endDate: '' }), ...(after.fulfilledAt ? {} : { fulfilledAt: '' }) };
    const history = {
      at: meta.now,
      by: meta.by,
      action: meta.action ?? 'imported',
      source: meta.source,
      changes: commitmentChanges(before, after),
    };
    const update: Record<string, unknown> = { $set: documentFields(after), $inc: { revision: 1 }, $push: { history } };
    if (Object.keys($unset).length > 0) update.$unset = $unset;
    return { updateOne: { filter: { _id: oid(id), revision }, update } };
  });
  const result = await CommitmentModel.bulkWrite(writes as never, { ordered: false });
  if (result.matchedCount === items.length) return [];
  const now = await commitmentsForImport({ ids: items.map((i) => i.id), partnerIds: [] });
  const revisions = new Map(now.map((c) => [c.id, c.revision]));
  return items.filter((i) => revisions.get(i.id) !== i.revision + 1).map((i) => i.id);
}

/** Removes these commitments (an import rolled back: the ones it created). */
export async function removeCommitments(ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) await CommitmentModel.deleteMany({ _id: { $in: ids.slice(i, i + 1000).map(oid) } });
}

function contribution(s: CommitmentState): TotalsContribution {
  return {
    commissionKey: s.commissionKey,
    schoolYear: schoolYearOfDate(s.startDate),
    type: s.type,
    status: s.status,
    quantity: s.quantity,
    fulfilledQuantity: s.fulfilledQuantity,
  };
}

/**
 * Brings the rollup and indexes up to date after commitments went from `before` to `after` (either absent):
 * one `$inc` per commission, year and type, whatever the number of commitments.
 */
export async function settleCommitments(
  changes: ReadonlyArray<{ id: string; before?: CommitmentState; after?: CommitmentState }>,
  now: Date,
): Promise<void> {
  const sums = new Map<string, { key: Record<string, string>; inc: Record<string, number> }>();
  type Inc = Record<string, number>;
  for (const { before, after } of changes) {
    for (const { key, inc } of totalsDelta(before && contribution(before), after && contribution(after))) {
      const id = JSON.stringify(key);
      const entry = sums.get(id) ?? { key: { ...key }, inc: {} as Inc };
      for (const [field, value] of Object.entries(inc as Inc)) entry.inc[field] = (entry.inc[field] ?? 0) + value;
      sums.set(id, entry);
    }
  }
  for (const { key, inc } of sums.values()) await CommitmentTotalsModel.updateOne(key, { $inc: inc }, { upsert: true });
  const touched = changes.filter((c) => c.after);
  for (let i = 0; i < touched.length; i += 50) {
    await Promise.all(
      touched.slice(i, i + 50).map(async ({ id, before, after }) => {
        if (!after) return;
        const _id = oid(id);
        const subject = { _id, partnerId: oid(after.partnerId), commissionKey: after.commissionKey, type: after.type };
        if (!before || before.partnerId !== after.partnerId || before.commissionKey !== after.commissionKey || before.type !== after.type)
          await noteGroup(subject);
        const fulfilledMoved = plain(before?.fulfilledAt) !== plain(after.fulfilledAt);
        if (!before || fulfilledMoved || before.commissionKey !== after.commissionKey)
          await noteActivity({
            _id,
            commissionKey: after.commissionKey,
            createdAt: before ? undefined : now,
            fulfilledAt: after.fulfilledAt,
          });
      }),
    );
  }
}

/** Recomputes the rollup and indexes from the documents (after an import was interrupted). */
export async function rebuildCommitmentIndexes(): Promise<void> {
  await rebuildTotals();
  await rebuildActivity();
  await rebuildGroups();
}
