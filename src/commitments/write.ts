import { Types, type UpdateQuery } from 'mongoose';
import { z } from 'zod';
import { changedFields, historyValue, revisionedUpdate, sameValue, staleRevision, type RevisionedUpdate } from '../db/history';
import type { StaleRevision } from '../errors';
import { changeEvent, events, type CommitmentSubject, type RecordChange } from '../events';
import { notePartnerActivity } from '../partners';
import { noteActivities } from './activity';
import { noteChanges } from './change-index';
import { noteGroups } from './group-index';
import { CommitmentModel, WITH_ARCHIVED, type Commitment } from './model';
import { applyTotalsChanges, countsInTotals, type TotalsContribution } from './totals';
import { COMMITMENT_STATUSES, COMMITMENT_TYPES, type CommitmentStatus } from '../domain/commitments';

/**
 * THE write path of commitments: every creation, change and removal of a commitment — a form, a button, a
 * follow-up answer, an import batch, a rollback, the demo seed — goes through `writeCommitments`. It
 *  1. writes each record with one history entry ({at, by, action, source, changes: [{field, from, to}]}) and
 *     `revision` + 1, each update conditional on the revision its caller read;
 *  2. then brings the derived data up to date, once for the whole batch: the change index of the history entries
 *     (change-index.ts), the totals rollup (totals.ts), the activity index (activity.ts), the group index
 *     (group-index.ts) and the partners' last activity (partners).
 *     If that fails the records are still saved — the caller reports them saved — and `derived.failed` is
 *     emitted; the reconcile (`npm run job -- reconcile`, nightly) repairs the derived data from the records;
 *  3. emits ONE `commitment.changed` event for the batch (Home refresh subscribes).
 */

export type StoredCommitment = Commitment & { _id: Types.ObjectId; createdAt?: Date; updatedAt?: Date };

/** The fields history compares (derived ones such as `unit` and `schoolYear` included). */
export const HISTORY_FIELDS = [
  'partnerId',
  'partnerName',
  'commissionKey',
  'type',
  'quantity',
  'unit',
  'schoolIds',
  'schoolYear',
  'startDate',
  'endDate',
  'status',
  'fulfilledQuantity',
  'fulfilledAt',
  'notes',
  'programId',
  'archivedAt',
  'partnerArchivedAt',
] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];
export type CommitmentFields = Partial<Record<HistoryField, unknown>>;

export type CommitmentWrite =
  /** A new commitment: every stored field (`_id` when the caller chose it, e.g. an import that may resume). */
  | { op: 'create'; doc: Record<string, unknown> & { _id?: Types.ObjectId } }
  /**
   * `before` as the caller read it (its `revision` is the condition), `set` the fields to give it. Fields set
   * to undefined/null are removed.
   */
  | { op: 'update'; before: StoredCommitment; set: CommitmentFields }
  /** Gone for good (an import rolled back removes what it created). */
  | { op: 'remove'; id: Types.ObjectId };

export interface WriteMeta {
  by: string;
  now: Date;
  /** History's action when the write does not name one: `created`, `edited`, `imported`… */
  action: string;
  source?: string;
}

export interface WriteOutcome {
  /** The records as written (created and updated, in the order given). */
  written: StoredCommitment[];
  /** Updates refused because the record was not at the revision read any more (or no longer exists). */
  stale: StoredCommitment[];
  /** Creates whose `_id` or submission key existed already (a resumed import, a redelivered form): left as they are. */
  existing: Array<Types.ObjectId | undefined>;
  /** False when the records were saved but their derived data could not be updated (the reconcile repairs it). */
  derivedSaved: boolean;
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

const objectId = z.instanceof(Types.ObjectId);
const text = z.string().min(1);

/**
 * A new commitment as stored, checked before it is written: the commitment schema's own rules (model.ts:
 * required fields, enums, minimums; test/commitments/write.test.ts keeps the two in step), so a batch of
 * thousands is written as plain documents instead of one mongoose document each.
 */
export const newCommitmentSchema = z.strictObject({
  _id: objectId,
  partnerId: objectId,
  partnerName: text,
  commissionKey: text,
  type: z.enum(COMMITMENT_TYPES),
  quantity: z.number().min(1),
  unit: text,
  schoolIds: z.array(objectId),
  schoolYear: text,
  startDate: text,
  endDate: z.string().optional(),
  status: z.enum(COMMITMENT_STATUSES),
  fulfilledAt: z.date().optional(),
  fulfilledQuantity: z.number().min(0),
  notes: z.string(),
  recordedBy: text,
  recordedVia: z.enum(['iec', 'partner']),
  requestId: objectId.optional(),
  programId: z.string().optional(),
  history: z.array(z.object({ at: z.date(), by: text, action: text, source: z.string().optional(), changes: z.array(z.unknown()) })),
  revision: z.literal(0),
  submissionKey: z.string().optional(),
  archivedAt: z.date().optional(),
  partnerArchivedAt: z.date().optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const asObjectId = (v: unknown): unknown => (typeof v === 'string' && /^[0-9a-f]{24}$/i.test(v) ? new Types.ObjectId(v) : v);

/** The whole stored document of a create (the schema's defaults, revision 0, its first history entry, timestamps), checked. */
function newDocument(doc: Extract<CommitmentWrite, { op: 'create' }>['doc'], meta: WriteMeta): StoredCommitment {
  // an absent field is left out (the driver would store undefined as null); ids given as text are cast, as mongoose does
  const given = Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
  for (const field of ['partnerId', 'requestId'] as const) if (field in given) given[field] = asObjectId(given[field]);
  if (Array.isArray(given.schoolIds)) given.schoolIds = given.schoolIds.map(asObjectId);
  const stored = {
    _id: doc._id ?? new Types.ObjectId(),
    schoolIds: [],
    status: 'pledged',
    fulfilledQuantity: 0,
    notes: '',
    ...given,
    history: [
      {
        at: meta.now,
        by: meta.by,
        action: meta.action,
        ...(meta.source ? { source: meta.source } : {}),
        changes: changedFields(undefined, doc, HISTORY_FIELDS),
      },
    ],
    revision: 0,
    // the business clock, not the wall clock: digests and reports count by this
    createdAt: meta.now,
    updatedAt: meta.now,
  };
  const checked = newCommitmentSchema.safeParse(stored);
  if (!checked.success) throw new Error(`A commitment could not be written: ${z.prettifyError(checked.error)}`);
  return stored as unknown as StoredCommitment;
}

/**
 * Updates sent to the database in one bulkWrite (each conditional on `_id` and `revision`, an `_id` look-up on
 * MongoDB and, since its launcher's planner change, on the embedded server too), then read back in one `$in`.
 */
const UPDATE_BATCH = 1_000;

let lastStamp = 0;
/** The wall clock, never the same instant twice in this process: each batch of updates stamps its own `updatedAt`. */
function batchStamp(): Date {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return new Date(lastStamp);
}

/**
 * Updates in one unordered bulkWrite, each conditional on the revision its caller read, then the written records
 * read back in one query (`after` is absent for an update that changed nothing). When the database matched fewer
 * than were sent (a record changed, removed or already written meanwhile), the ones this batch wrote are told
 * apart by the `updatedAt` it stamped (its own instant) at the revision it wrote; one changed yet again since then
 * by its history (this write's entry).
 */
async function updateBatch(
  updates: ReadonlyArray<Extract<CommitmentWrite, { op: 'update' }>>,
  meta: WriteMeta,
): Promise<{ written: Array<{ before: StoredCommitment; after?: StoredCommitment }>; stale: StoredCommitment[] }> {
  const entry = { at: meta.now, by: meta.by, action: meta.action, ...(meta.source ? { source: meta.source } : {}) };
  const stamp = batchStamp();
  const unchanged: Array<{ before: StoredCommitment }> = [];
  const sent: Array<{ before: StoredCommitment; change: RevisionedUpdate }> = [];
  for (const { before, set } of updates) {
    const change = revisionedUpdate(before, set, entry, { also: { updatedAt: stamp } });
    if (change) sent.push({ before, change });
    else unchanged.push({ before });
  }
  if (sent.length === 0) return { written: unchanged, stale: [] };
  const result = await CommitmentModel.bulkWrite(
    sent.map(({ change }) => ({
      // history entries as plain objects: mongoose casts them to its sub-document type
      updateOne: { filter: change.filter, update: change.update as UpdateQuery<Commitment>, timestamps: false },
    })),
    { ordered: false },
  );
  const all = result.matchedCount === sent.length;
  const read = await CommitmentModel.find(
    { _id: { $in: sent.map(({ before }) => before._id) } },
    all ? { history: 0 } : {},
    WITH_ARCHIVED,
  ).lean<StoredCommitment[]>();
  const byId = new Map(read.map((c) => [String(c._id), c]));
  const written: Array<{ before: StoredCommitment; after?: StoredCommitment }> = [...unchanged];
  const stale: StoredCommitment[] = [];
  for (const { before, change } of sent) {
    const found = byId.get(String(before._id));
    const revision = (before.revision ?? 0) + 1;
    const atMine = found?.revision === revision && found.updatedAt?.getTime() === stamp.getTime();
    const mine = { ...entry, changes: change.changes };
    const since = !atMine && (found?.revision ?? 0) > revision && ((found?.history ?? []) as unknown[]).some((h) => sameValue(h, mine));
    if (!found || !(all || atMine || since)) {
      stale.push(before);
      continue;
    }
    const { history: _history, ...rest } = found;
    const after = rest as unknown as StoredCommitment;
    // changed again since (by someone else, after this write): this write's own result is the one it settles
    written.push({ before, after: since ? applied(after, change, revision) : after });
  }
  return { written, stale };
}

/** The record as this update left it, when it has changed again since: its other fields as read, this update's fields. */
function applied(read: StoredCommitment, change: RevisionedUpdate, revision: number): StoredCommitment {
  const out = { ...read, ...change.update.$set, revision } as Record<string, unknown>;
  for (const field of Object.keys(change.update.$unset ?? {})) delete out[field];
  return out as unknown as StoredCommitment;
}

export async function writeCommitments(writes: readonly CommitmentWrite[], meta: WriteMeta): Promise<WriteOutcome> {
  const outcome: WriteOutcome = { written: [], stale: [], existing: [], derivedSaved: true };
  const settled: Array<RecordChange<StoredCommitment>> = [];

  const creates = writes.filter((w): w is Extract<CommitmentWrite, { op: 'create' }> => w.op === 'create');
  if (creates.length > 0) {
    const docs = creates.map(({ doc }) => newDocument(doc, meta));
    let inserted: StoredCommitment[] = [];
    try {
      // plain documents, checked above against the schema (newCommitmentSchema): mongoose need not build a document each
      inserted = (await CommitmentModel.insertMany(docs, { ordered: false, lean: true })) as unknown as StoredCommitment[];
    } catch (err) {
      const writeErrors = (err as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
      const onlyDuplicates = writeErrors ? writeErrors.every((e) => (e.code ?? e.err?.code) === 11000) : isDuplicateKey(err);
      if (!onlyDuplicates) throw err;
      inserted = ((err as { insertedDocs?: StoredCommitment[] }).insertedDocs ?? []) as StoredCommitment[];
    }
    const insertedIds = new Set(inserted.map((c) => String(c._id)));
    outcome.existing = creates.filter((_, i) => !insertedIds.has(String(docs[i]?._id))).map(({ doc }) => doc._id);
    for (const c of inserted) settled.push({ after: c });
    outcome.written.push(...inserted);
  }

  const updates = writes.filter((w): w is Extract<CommitmentWrite, { op: 'update' }> => w.op === 'update');
  for (let i = 0; i < updates.length; i += UPDATE_BATCH) {
    const { written, stale } = await updateBatch(updates.slice(i, i + UPDATE_BATCH), meta);
    outcome.stale.push(...stale);
    for (const w of written) {
      if (w.after) settled.push({ before: w.before, after: w.after });
      outcome.written.push(w.after ?? w.before);
    }
  }

  const removes = writes.filter((w): w is Extract<CommitmentWrite, { op: 'remove' }> => w.op === 'remove');
  for (let i = 0; i < removes.length; i += 1000) {
    const batch = removes.slice(i, i + 1000);
    const present = await CommitmentModel.find({ _id: { $in: batch.map((r) => r.id) } }, { history: 0 }, WITH_ARCHIVED).lean<
      StoredCommitment[]
    >();
    if (present.length === 0) continue;
    await CommitmentModel.deleteMany({ _id: { $in: present.map((c) => c._id) } });
    for (const c of present) settled.push({ before: c });
  }

  if (settled.length === 0) return outcome;
  try {
    await settleDerived(settled, meta.now);
  } catch (err) {
    outcome.derivedSaved = false;
    events.emit('derived.failed', { owner: 'commitments', after: `${settled.length} commitment(s): ${meta.action}`, error: err });
  }
  events.emit('commitment.changed', changeEvent(meta, settled, subject));
  return outcome;
}

/** A write that stated the revision it read was refused: who changed the commitment meanwhile (from its history). */
export async function staleCommitment(id: Types.ObjectId, what = 'This commitment'): Promise<StaleRevision> {
  return staleRevision(CommitmentModel, id, () => what, { query: WITH_ARCHIVED });
}

export function contribution(
  c: Pick<StoredCommitment, 'commissionKey' | 'schoolYear' | 'type' | 'status' | 'quantity' | 'fulfilledQuantity'>,
): TotalsContribution {
  return {
    commissionKey: c.commissionKey,
    schoolYear: c.schoolYear,
    type: c.type,
    status: (c.status ?? 'pledged') as CommitmentStatus,
    quantity: c.quantity,
    fulfilledQuantity: c.fulfilledQuantity ?? 0,
  };
}

function subject(c: StoredCommitment): CommitmentSubject {
  return {
    id: String(c._id),
    partnerId: String(c.partnerId),
    commissionKey: c.commissionKey,
    ...(c.recordedBy ? { recordedBy: c.recordedBy } : {}),
    revision: c.revision ?? 0,
  };
}

/** The derived data of these writes, once for the batch (each owner's note function is idempotent). */
async function settleDerived(changes: ReadonlyArray<RecordChange<StoredCommitment>>, now: Date): Promise<void> {
  const touched = changes.filter((c): c is { before?: StoredCommitment; after: StoredCommitment } => Boolean(c.after));
  // first: every created or changed record gained its one history entry at `now`, and a change notice missed for
  // longer than the notices' catch-up is never sent, while the rest is repaired by the reconcile whenever it runs
  await noteChanges(
    touched.map(({ after }) => after._id),
    now,
  );
  // an archived commitment, or one of an archived partner, counts in no total
  const counted = (c: StoredCommitment | undefined) => (c && countsInTotals(c) ? contribution(c) : undefined);
  await applyTotalsChanges(changes.map(({ before, after }) => ({ before: counted(before), after: counted(after) })));
  await noteGroups(
    touched
      .filter(
        ({ before, after }) =>
          !(before?.partnerId.equals(after.partnerId) && before.commissionKey === after.commissionKey && before.type === after.type),
      )
      .map(({ after }) => after),
  );
  await noteActivities(
    touched
      .filter(
        ({ before, after }) =>
          !before ||
          String(historyValue(before.fulfilledAt)) !== String(historyValue(after.fulfilledAt)) ||
          before.commissionKey !== after.commissionKey,
      )
      .map(({ after }) => after),
  );
  // the partners of what was created or changed (a commitment moved to another partner: both)
  const partners = new Map<string, Types.ObjectId>();
  for (const { before, after } of touched)
    for (const c of before ? [before, after] : [after]) partners.set(String(c.partnerId), c.partnerId);
  if (partners.size > 0) await notePartnerActivity([...partners.values()], now);
}
