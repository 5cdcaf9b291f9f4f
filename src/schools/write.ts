import { Types } from 'mongoose';
import { changedFields, historyPage, lastChanges, type LastChange, revisionedUpdate, type HistoryEntry } from '../db/history';
import { normalizeName } from '../domain/names';
import { notFound } from '../errors';
import { changeEvent, events, type RecordChange, type SchoolSubject } from '../events';
import { SchoolModel, type School } from './model';

/**
 * THE write path of schools: every creation, change, archiving and removal of a school — a school named in the
 * commitment form, a code added to it, archive and restore, import batches and their rollback, the demo seed —
 * goes through `writeSchools` (one record: `writeSchool`). It writes each record with one history entry
 * (`src/db/history.ts`) and `revision` + 1, each update conditional on the revision its caller read (built by
 * `revisionedUpdate`), then emits ONE `school.changed` event for the batch. Schools have no derived data of their
 * own; the name index follows the writes of names, codes and archiving by itself (model.ts, `schoolNameWrites`).
 */

export type StoredSchool = Omit<School, 'history'> & {
  _id: Types.ObjectId;
  history?: HistoryEntry[];
  revision?: number | null;
  createdAt?: Date;
  updatedAt?: Date;
};

/** The fields history compares. */
export const SCHOOL_HISTORY_FIELDS = ['name', 'code', 'programs', 'archivedAt', 'archivedBy'] as const;
export type SchoolFields = Partial<Record<(typeof SCHOOL_HISTORY_FIELDS)[number], unknown>>;

export type SchoolWrite =
  /** A new school (`_id` when the caller chose it, e.g. an import that may resume). */
  | { op: 'create'; doc: SchoolFields & { name: string; _id?: Types.ObjectId; createdBy?: string } }
  /** `before` as the caller read it (its `revision` is the condition), `set` the fields to give it (undefined/null: removed). */
  | { op: 'update'; before: StoredSchool; set: SchoolFields }
  /** Gone for good (an import rolled back; a school deleted with nothing referring to it). */
  | { op: 'remove'; id: Types.ObjectId };

export interface SchoolWriteMeta {
  by: string;
  now: Date;
  /** History's action: `created`, `code added`, `archived`, `restored`, `imported`… */
  action: string;
  /** Where the change came from when not from Slack (an import's file). */
  source?: string;
}

export interface SchoolWriteOutcome {
  /** The records as written (created and updated), without their history. */
  written: StoredSchool[];
  /** Updates refused because the record was not at the revision read any more (or is gone). */
  stale: StoredSchool[];
  /** Creates refused because their `_id`, name or code was taken (a resumed import, two people at once). */
  existing: Array<SchoolWrite & { op: 'create' }>;
}

const PARALLEL_UPDATES = 50;
const RACE_RETRIES = 5;

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

function entry(meta: SchoolWriteMeta): Omit<HistoryEntry, 'changes'> {
  return { at: meta.now, by: meta.by, action: meta.action, ...(meta.source ? { source: meta.source } : {}) };
}

const subject = (s: StoredSchool): SchoolSubject => ({ id: String(s._id), name: s.name, revision: s.revision ?? 0 });

const withoutHistory = (s: StoredSchool): StoredSchool => {
  const { history: _history, ...rest } = s;
  return rest;
};

async function create(writes: ReadonlyArray<SchoolWrite & { op: 'create' }>, meta: SchoolWriteMeta, out: SchoolWriteOutcome) {
  const docs = writes.map(({ doc }) => ({
    ...doc,
    revision: 0,
    history: [{ ...entry(meta), changes: changedFields(undefined, doc as Record<string, unknown>, SCHOOL_HISTORY_FIELDS) }],
  }));
  let inserted: StoredSchool[];
  try {
    inserted = (await SchoolModel.insertMany(docs, { ordered: false })).map((d) => d.toObject() as StoredSchool);
  } catch (err) {
    const writeErrors = (err as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
    const onlyDuplicates = writeErrors ? writeErrors.every((e) => (e.code ?? e.err?.code) === 11000) : isDuplicateKey(err);
    if (!onlyDuplicates) throw err;
    inserted = ((err as { insertedDocs?: Array<{ toObject(): unknown }> }).insertedDocs ?? []).map((d) => d.toObject() as StoredSchool);
  }
  const ids = new Set(inserted.map((s) => String(s._id)));
  const names = new Set(inserted.map((s) => s.nameKey));
  out.existing.push(...writes.filter(({ doc }) => (doc._id ? !ids.has(String(doc._id)) : !names.has(normalizeName(doc.name)))));
  const written = inserted.map(withoutHistory);
  out.written.push(...written);
  return written.map((after) => ({ after }));
}

async function update(
  write: SchoolWrite & { op: 'update' },
  meta: SchoolWriteMeta,
  out: SchoolWriteOutcome,
): Promise<RecordChange<StoredSchool> | undefined> {
  const fields = Object.keys(write.set).filter((f) => (SCHOOL_HISTORY_FIELDS as readonly string[]).includes(f));
  const change = revisionedUpdate(write.before, write.set, entry(meta), { fields });
  if (!change) {
    out.written.push(write.before);
    return undefined;
  }
  const { $set = {}, ...rest } = change.update;
  // the unique key of a new name (the schema's validate hook sets it on creation only)
  if (typeof $set.name === 'string') $set.nameKey = normalizeName($set.name);
  const updated = await SchoolModel.findOneAndUpdate(
    change.filter,
    { ...rest, ...(Object.keys($set).length ? { $set } : {}) },
    { new: true, projection: { history: 0 }, runValidators: true },
  ).lean<StoredSchool>();
  if (!updated) {
    out.stale.push(write.before);
    return undefined;
  }
  out.written.push(updated);
  return { before: write.before, after: updated };
}

/** Writes these schools (see the top of this file). */
export async function writeSchools(writes: readonly SchoolWrite[], meta: SchoolWriteMeta): Promise<SchoolWriteOutcome> {
  const out: SchoolWriteOutcome = { written: [], stale: [], existing: [] };
  const settled: Array<RecordChange<StoredSchool>> = [];

  const creates = writes.filter((w): w is SchoolWrite & { op: 'create' } => w.op === 'create');
  if (creates.length > 0) settled.push(...(await create(creates, meta, out)));

  const updates = writes.filter((w): w is SchoolWrite & { op: 'update' } => w.op === 'update');
  for (let i = 0; i < updates.length; i += PARALLEL_UPDATES) {
    const done = await Promise.all(updates.slice(i, i + PARALLEL_UPDATES).map((w) => update(w, meta, out)));
    settled.push(...done.filter((c): c is RecordChange<StoredSchool> => Boolean(c)));
  }

  const removes = writes.filter((w): w is SchoolWrite & { op: 'remove' } => w.op === 'remove');
  for (let i = 0; i < removes.length; i += 1000) {
    const ids = removes.slice(i, i + 1000).map((r) => r.id);
    const present = await SchoolModel.find({ _id: { $in: ids } }, { history: 0 }).lean<StoredSchool[]>();
    if (present.length === 0) continue;
    await SchoolModel.deleteMany({ _id: { $in: present.map((s) => s._id) } });
    settled.push(...present.map((before) => ({ before })));
  }

  if (settled.length === 0) return out;
  events.emit('school.changed', changeEvent(meta, settled, subject));
  return out;
}

/** A school's current record (without history), or not found. */
export async function currentSchool(id: string | Types.ObjectId): Promise<StoredSchool> {
  const found = Types.ObjectId.isValid(id) ? await SchoolModel.findById(id, { history: 0 }).lean<StoredSchool>() : null;
  if (!found) throw notFound('That school no longer exists.');
  return found;
}

/**
 * One school's change, computed from its current record by `compute` (which may throw to refuse it); a change
 * that lost a race with another writer is computed again on the fresh record.
 */
export async function writeSchool(
  id: string | Types.ObjectId,
  meta: SchoolWriteMeta,
  compute: (current: StoredSchool) => SchoolFields | Promise<SchoolFields>,
): Promise<StoredSchool> {
  for (let attempt = 0; attempt < RACE_RETRIES; attempt += 1) {
    const current = await currentSchool(id);
    const outcome = await writeSchools([{ op: 'update', before: current, set: await compute(current) }], meta);
    const written = outcome.written[0];
    if (written) return written;
  }
  throw new Error(`school ${String(id)}: changed by others ${RACE_RETRIES} times while this change was computed`);
}

/** A school's changes, newest first (for its History view); archived schools too. */
export async function schoolHistory(
  id: string,
  page: { offset: number; limit: number },
): Promise<{ entries: HistoryEntry[]; total: number; offset: number; name: string; code?: string }> {
  const doc = Types.ObjectId.isValid(id) ? await SchoolModel.findById(id, { history: 1, name: 1, code: 1 }).lean<StoredSchool>() : null;
  if (!doc) throw notFound('That school no longer exists.');
  return { ...historyPage(doc.history, page), name: doc.name, ...(doc.code ? { code: doc.code } : {}) };
}

/** Who changed each of these schools last, and how (what an Undo's refusal names). */
export function lastSchoolChanges(ids: readonly string[]): Promise<Map<string, LastChange>> {
  return lastChanges(SchoolModel, ids);
}
