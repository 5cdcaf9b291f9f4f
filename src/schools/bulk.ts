import { Types } from 'mongoose';
import { SchoolModel } from './model';
import { normalizeName } from '../domain/names';

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

/** Creates these schools under their given ids; one already there (a resumed import) is left as it is. */
export async function insertSchools(schools: ReadonlyArray<SchoolState & { id: string }>, by: string): Promise<void> {
  if (schools.length === 0) return;
  const present = new Set(
    (await SchoolModel.find({ _id: { $in: schools.map((s) => new Types.ObjectId(s.id)) } }, { _id: 1 }).lean()).map((s) => String(s._id)),
  );
  const docs = schools
    .filter((s) => !present.has(s.id))
    .map(({ id, ...state }) => ({ _id: new Types.ObjectId(id), ...state, nameKey: normalizeName(state.name), createdBy: by }));
  if (docs.length > 0) await SchoolModel.insertMany(docs, { ordered: true });
}

/** Sets these schools' fields. Safe to run again. */
export async function setSchools(schools: ReadonlyArray<SchoolState & { id: string }>): Promise<void> {
  if (schools.length === 0) return;
  await SchoolModel.bulkWrite(
    schools.map(({ id, ...state }) => ({
      updateOne: {
        filter: { _id: new Types.ObjectId(id) },
        update: state.code
          ? { $set: { ...state, nameKey: normalizeName(state.name) } }
          : { $set: { name: state.name, programs: state.programs, nameKey: normalizeName(state.name) }, $unset: { code: '' } },
      },
    })),
    { ordered: false },
  );
}

/** Removes these schools (an import rolled back: the ones it created). */
export async function removeSchools(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await SchoolModel.deleteMany({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } });
}

/** Adds the school when none has its code (the seed's demo schools); one already there is left as it is. */
export async function insertSchoolIfAbsent(s: { name: string; code: string; programs: readonly string[] }, by: string): Promise<void> {
  await SchoolModel.updateOne(
    { code: s.code },
    { $setOnInsert: { name: s.name, nameKey: normalizeName(s.name), code: s.code, programs: [...s.programs], createdBy: by } },
    { upsert: true },
  );
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
