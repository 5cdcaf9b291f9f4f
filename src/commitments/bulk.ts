import { Types } from 'mongoose';
import { rebuildActivity } from './activity';
import { rebuildChanges } from './change-index';
import { rebuildGroups } from './group-index';
import { CommitmentModel, WITH_ARCHIVED } from './model';
import { requestCounts } from './requests';
import { rebuildTotals } from './totals';
import { writeCommitments, type StoredCommitment } from './write';
import { COMMITMENT_TYPE_INFO, type CommitmentStatus, type CommitmentType } from '../domain/commitments';
import { schoolYearOfDate } from '../domain/dates';

/**
 * Commitments written many at once (imports). Each commitment is one document written whole, under an `_id`
 * chosen by the caller (a resumed import finds the ones already written), with one history entry
 * (`imported`, its source file). Updates are conditional on the revision the caller read, so a commitment
 * changed by someone else in between is never overwritten. Every batch goes through the commitments' one write
 * path (write.ts): derived data (the totals rollup, the activity, group and change indexes, partners' last activity) is
 * settled once per batch and one event is emitted per batch; after a crash the reconcile repairs it.
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
  /** The program of study a program-support commitment supports (src/programs). */
  programId?: string;
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
  programId?: string | null;
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
  programId: 1,
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
    ...(c.programId ? { programId: c.programId } : {}),
  };
}

const oid = (id: string) => new Types.ObjectId(id);

/** Past this many partners, `commitmentsForImport` reads every commitment once instead of asking for theirs. */
const MANY_PARTNERS = 1_000;

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
    // a file of thousands of partners (a whole district) touches much of the collection: one pass over it, kept
    // in memory by partner, is cheaper than an $in of thousands of ids (4× on the embedded server at 5,000 of 20,000)
    const many = partnerIds.length > MANY_PARTNERS;
    const wanted = new Set(partnerIds.map(String));
    for await (const c of CommitmentModel.find(many ? {} : { partnerId: { $in: partnerIds } }, PROJECTION)
      .lean<Lean[]>()
      .cursor({ batchSize: 1000 })) {
      const row = c as unknown as Lean;
      if (!many || wanted.has(String(row.partnerId))) byId.set(String(row._id), toState(row));
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
    ...(s.programId ? { programId: s.programId } : {}),
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
  'programId',
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
  await writeCommitments(
    items.map(({ id, ...state }) => ({
      op: 'create' as const,
      doc: { _id: oid(id), ...documentFields(state), recordedBy: meta.by, recordedVia: 'iec' },
    })),
    { by: meta.by, now: meta.now, action: 'imported', source: meta.source },
  );
}

/** A stored commitment as the import read it (at `revision`): the condition and the "from" of its history. */
function asStored(id: string, revision: number, s: CommitmentState): StoredCommitment {
  return { _id: oid(id), revision, ...documentFields(s) } as unknown as StoredCommitment;
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
  const outcome = await writeCommitments(
    items.map(({ id, revision, before, after }) => ({
      op: 'update' as const,
      before: asStored(id, revision, before),
      // absent dates are removed
      set: { ...documentFields(after), endDate: after.endDate, fulfilledAt: after.fulfilledAt, programId: after.programId },
    })),
    { by: meta.by, now: meta.now, action: meta.action ?? 'imported', source: meta.source },
  );
  return outcome.stale.map((c) => String(c._id));
}

/** Removes these commitments (an import rolled back: the ones it created). */
export async function removeCommitments(ids: readonly string[], meta: BulkMeta): Promise<void> {
  if (ids.length === 0) return;
  await writeCommitments(
    ids.map((id) => ({ op: 'remove' as const, id: oid(id) })),
    { by: meta.by, now: meta.now, action: 'import rolled back', source: meta.source },
  );
}

/**
 * A partner was archived (`archivedAt`) or restored (null): its commitments (archived ones too) are marked so
 * through the write path, with history (`partner archived` / `partner restored`), and count in no total while it
 * is archived (totals.ts, `countsInTotals`). A commitment changed meanwhile is read again and marked.
 */
export async function notePartnerArchived(partnerId: string, archivedAt: Date | null, meta: { by: string; now: Date }): Promise<number> {
  const action = archivedAt ? 'partner archived' : 'partner restored';
  let marked = 0;
  let raced = 0;
  for (;;) {
    // those not marked yet, a batch at a time (one that lost a race with another change is read again)
    const pending = await CommitmentModel.find(
      { partnerId: oid(partnerId), partnerArchivedAt: archivedAt ? null : { $ne: null } },
      { history: 0 },
      WITH_ARCHIVED,
    )
      .limit(1000)
      .lean<StoredCommitment[]>();
    if (pending.length === 0) return marked;
    const outcome = await writeCommitments(
      pending.map((before) => ({ op: 'update' as const, before, set: { partnerArchivedAt: archivedAt } })),
      { ...meta, action },
    );
    marked += pending.length - outcome.stale.length;
    if (outcome.stale.length > 0 && ++raced >= 5)
      throw new Error(`partner ${partnerId}: its commitments kept changing while they were marked ${action}`);
  }
}

/** Repairs the rollup and indexes from the documents (after an import was interrupted); how many entries it fixed. */
export async function rebuildCommitmentIndexes(): Promise<number> {
  return (await rebuildTotals()) + (await rebuildActivity()) + (await rebuildGroups()) + (await rebuildChanges());
}

/** How many of these commitments exist. */
export async function countCommitmentsByIds(ids: readonly Types.ObjectId[]): Promise<number> {
  return CommitmentModel.countDocuments({ _id: { $in: [...ids] } });
}

/**
 * Inserts prepared commitment documents as they are, with the driver (no validation, no middleware, no history
 * or derived data): for a district-sized data set built in memory (the bench), which rebuilds the derived data
 * afterwards with `rebuildCommitmentIndexes`.
 */
export async function loadCommitmentDocuments(docs: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (docs.length > 0) await CommitmentModel.collection.insertMany([...docs], { ordered: false });
}

/** What of a partner's commitments a merge would move (archived ones too): how many, their commissions, program links, open ones. */
export interface PartnerCommitmentFacts {
  commitments: number;
  commissionKeys: string[];
  /** Commitments that support a program of study (their link to it moves with them). */
  withProgram: number;
  /** Pledged or confirmed: their fulfilment follow-ups follow the commitment. */
  open: number;
  /** `/iec request` asks for this partner, and how many are still open. */
  requests: number;
  openRequests: number;
}

export async function partnerCommitmentFacts(partnerId: string): Promise<PartnerCommitmentFacts> {
  const facts: PartnerCommitmentFacts = { commitments: 0, commissionKeys: [], withProgram: 0, open: 0, requests: 0, openRequests: 0 };
  const keys = new Set<string>();
  for await (const c of CommitmentModel.find({ partnerId: oid(partnerId) }, { commissionKey: 1, programId: 1, status: 1 }, WITH_ARCHIVED)
    .lean<Array<{ commissionKey: string; programId?: string | null; status?: string | null }>>()
    .cursor({ batchSize: 1000 })) {
    const row = c as unknown as { commissionKey: string; programId?: string | null; status?: string | null };
    facts.commitments += 1;
    keys.add(row.commissionKey);
    if (row.programId) facts.withProgram += 1;
    if (row.status === 'pledged' || row.status === 'confirmed' || !row.status) facts.open += 1;
  }
  facts.commissionKeys = [...keys].sort();
  const requests = await requestCounts(partnerId);
  return { ...facts, ...requests };
}

/** One commitment moved by a merge: its id and the revision the move gave it (an undo states it). */
export interface MovedCommitment {
  id: string;
  revision: number;
}

/**
 * Moves every commitment of partner `fromId` (archived ones too) to partner `to` through the write path: one
 * history entry each (`meta.action`, e.g. `merged`, with its source), revision + 1, the totals rollup and indexes
 * settled per batch, one event per batch. A commitment changed meanwhile is read again and moved. Moving again
 * finds nothing left to move (a merge confirmed twice moves once). Returns what this call moved.
 */
export async function movePartnerCommitments(
  fromId: string,
  to: { id: string; name: string },
  meta: { by: string; now: Date; action: string; source?: string },
): Promise<MovedCommitment[]> {
  const moved: MovedCommitment[] = [];
  let raced = 0;
  for (;;) {
    const pending = await CommitmentModel.find({ partnerId: oid(fromId) }, { history: 0 }, WITH_ARCHIVED)
      .limit(1000)
      .lean<StoredCommitment[]>();
    if (pending.length === 0) return moved;
    const outcome = await writeCommitments(
      pending.map((before) => ({
        op: 'update' as const,
        before,
        // the keeper is not archived: the moved commitments count in its totals
        set: { partnerId: oid(to.id), partnerName: to.name, partnerArchivedAt: null },
      })),
      meta,
    );
    const stale = new Set(outcome.stale.map((c) => String(c._id)));
    for (const c of outcome.written) if (!stale.has(String(c._id))) moved.push({ id: String(c._id), revision: c.revision ?? 0 });
    if (outcome.stale.length > 0 && ++raced >= 5) throw new Error(`partner ${fromId}: its commitments kept changing while they were moved`);
  }
}
