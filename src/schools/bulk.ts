import { Types } from 'mongoose';
import { SchoolModel } from './model';
import { type StoredSchool, writeSchools } from './write';

/**
 * Schools written many at once (imports), each one document under an `_id` chosen by the caller, so writing
 * again after a crash finds the ones already written. A district has a few hundred schools: they are read whole.
 */

export interface SchoolState {
  name: string;
  code?: string;
  programs: string[];
}

export interface StoredSchoolState extends SchoolState {
  id: string;
  nameKey: string;
}

type Lean = { _id: Types.ObjectId; name: string; nameKey: string; code?: string | null; programs?: string[] };

const toState = (s: Lean): StoredSchoolState => ({
  id: String(s._id),
  nameKey: s.nameKey,
  name: s.name,
  ...(s.code ? { code: s.code } : {}),
  programs: s.programs ?? [],
});

/** Every school (by name). */
export async function allSchools(): Promise<StoredSchoolState[]> {
  const rows = await SchoolModel.find({}, { name: 1, nameKey: 1, code: 1, programs: 1 }).sort({ nameKey: 1 }).lean<Lean[]>();
  return rows.map(toState);
}

export interface SchoolBulkMeta {
  by: string;
  now: Date;
  /** e.g. `schools.csv`, recorded in each history entry. */
  source?: string;
  action?: string;
}

const stateFields = (s: SchoolState) => ({ name: s.name, code: s.code, programs: s.programs });

/** Creates these schools under their given ids (history `imported`); one already there (a resumed import) is left as it is. */
export async function insertSchools(schools: ReadonlyArray<SchoolState & { id: string }>, meta: SchoolBulkMeta): Promise<void> {
  if (schools.length === 0) return;
  await writeSchools(
    schools.map(({ id, ...state }) => ({
      op: 'create' as const,
      doc: { _id: new Types.ObjectId(id), ...stateFields(state), createdBy: meta.by },
    })),
    { by: meta.by, now: meta.now, action: meta.action ?? 'imported', ...(meta.source ? { source: meta.source } : {}) },
  );
}

/**
 * Sets these schools' fields (an absent code is removed), each from its current record with one history entry.
 * Returns the ids it could not write (gone, or changed by someone else between the read and the write).
 */
export async function setSchools(schools: ReadonlyArray<SchoolState & { id: string }>, meta: SchoolBulkMeta): Promise<string[]> {
  if (schools.length === 0) return [];
  const ids = schools.map((s) => new Types.ObjectId(s.id));
  const current = new Map(
    (await SchoolModel.find({ _id: { $in: ids } }, { history: 0 }).lean<StoredSchool[]>()).map((s) => [String(s._id), s]),
  );
  const present = schools.filter((s) => current.has(s.id));
  const outcome = await writeSchools(
    present.map(({ id, ...state }) => ({
      op: 'update' as const,
      before: current.get(id) as StoredSchool,
      set: stateFields(state),
    })),
    { by: meta.by, now: meta.now, action: meta.action ?? 'imported', ...(meta.source ? { source: meta.source } : {}) },
  );
  return [...schools.filter((s) => !current.has(s.id)).map((s) => s.id), ...outcome.stale.map((s) => String(s._id))];
}

/** Removes these schools (an import rolled back: the ones it created). */
export async function removeSchools(ids: readonly string[], meta: SchoolBulkMeta): Promise<void> {
  if (ids.length === 0) return;
  await writeSchools(
    ids.map((id) => ({ op: 'remove' as const, id: new Types.ObjectId(id) })),
    { by: meta.by, now: meta.now, action: meta.action ?? 'import rolled back', ...(meta.source ? { source: meta.source } : {}) },
  );
}

/** Adds the school when none has its code (the seed's demo schools); one already there is left as it is. */
export async function insertSchoolIfAbsent(
  s: { name: string; code: string; programs: readonly string[] },
  by: string,
  now: Date,
): Promise<void> {
  if (await SchoolModel.exists({ code: s.code })) return;
  // a school created meanwhile under this code or name is left as it is (the write path reports it as existing)
  await writeSchools([{ op: 'create', doc: { name: s.name, code: s.code, programs: [...s.programs], createdBy: by } }], {
    by,
    now,
    action: 'created',
  });
}

/** The ids of the schools with these codes. */
export async function schoolIdsByCodes(codes: readonly string[]): Promise<Array<{ _id: Types.ObjectId; code?: string | null }>> {
  return SchoolModel.find({ code: { $in: [...codes] } }, { code: 1 }).lean();
}

/** How many schools there are. */
export async function countAllSchools(): Promise<number> {
  return SchoolModel.countDocuments();
}

/** Inserts prepared school documents as they are, with the driver (the bench's data set; no validation or middleware). */
export async function loadSchoolDocuments(docs: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (docs.length > 0) await SchoolModel.collection.insertMany([...docs]);
}
