import { Types } from 'mongoose';
import { type ProgramStage, ProgramModel } from './model';
import { normalizeName } from '../domain/names';

/** Programs written in bulk by an import (src/imports): whole records under given ids, each write safe to repeat. */

export interface ProgramState {
  schoolId: string;
  schoolName: string;
  schoolCode?: string;
  name: string;
  commissionKey: string;
  stage: ProgramStage;
  reviewDate?: string;
  approvedDate?: string;
  renewalDate?: string;
}

export type StoredProgramState = ProgramState & { id: string; nameKey: string };

type Lean = ProgramState & {
  _id: Types.ObjectId;
  nameKey: string;
  schoolCode?: string | null;
  reviewDate?: string | null;
  approvedDate?: string | null;
  renewalDate?: string | null;
};

export function programState(p: ProgramState): ProgramState {
  return {
    schoolId: p.schoolId,
    schoolName: p.schoolName,
    ...(p.schoolCode ? { schoolCode: p.schoolCode } : {}),
    name: p.name,
    commissionKey: p.commissionKey,
    stage: p.stage,
    ...(p.reviewDate ? { reviewDate: p.reviewDate } : {}),
    ...(p.approvedDate ? { approvedDate: p.approvedDate } : {}),
    ...(p.renewalDate ? { renewalDate: p.renewalDate } : {}),
  };
}

const PROJECTION = {
  schoolId: 1,
  schoolName: 1,
  schoolCode: 1,
  name: 1,
  nameKey: 1,
  commissionKey: 1,
  stage: 1,
  reviewDate: 1,
  approvedDate: 1,
  renewalDate: 1,
};

/** Every program (about 300 district-wide), or those with these ids. */
export async function programsForImport(ids?: readonly string[]): Promise<StoredProgramState[]> {
  const filter = ids ? { _id: { $in: ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id)) } } : {};
  const rows = await ProgramModel.find(filter, PROJECTION).limit(20_000).lean<Lean[]>();
  return rows.map((r) => ({ id: String(r._id), nameKey: r.nameKey, ...programState(r as ProgramState) }));
}

/** Creates these programs under their given ids; one already there (a resumed import) is left as it is. */
export async function insertPrograms(
  items: ReadonlyArray<ProgramState & { id: string }>,
  by: string,
  now: Date,
  source: string,
): Promise<void> {
  if (items.length === 0) return;
  const present = new Set((await programsForImport(items.map((p) => p.id))).map((p) => p.id));
  const docs = items
    .filter((p) => !present.has(p.id))
    .map((p) => ({
      _id: new Types.ObjectId(p.id),
      ...programState(p),
      nameKey: normalizeName(p.name),
      contacts: [],
      createdBy: by,
      history: [{ at: now, by, change: `imported from ${source}` }],
    }));
  if (docs.length > 0) await ProgramModel.insertMany(docs, { ordered: false });
}

/** Sets these programs to the given state (an import's update, or a rollback's restore), with history. */
export async function setPrograms(
  items: ReadonlyArray<ProgramState & { id: string }>,
  by: string,
  now: Date,
  change: string,
): Promise<void> {
  for (const p of items) {
    const state = programState(p);
    const unset = Object.fromEntries(
      (['schoolCode', 'reviewDate', 'approvedDate', 'renewalDate'] as const).filter((k) => !state[k]).map((k) => [k, 1]),
    );
    await ProgramModel.updateOne(
      { _id: new Types.ObjectId(p.id) },
      {
        $set: { ...state, nameKey: normalizeName(p.name) },
        ...(Object.keys(unset).length ? { $unset: unset } : {}),
        $inc: { revision: 1 },
        $push: { history: { at: now, by, change } },
      },
    );
  }
}

export async function removePrograms(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await ProgramModel.deleteMany({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } });
}

/** Which of these schools a program of study belongs to (an import of schools rolled back leaves those in place). */
export async function schoolsWithPrograms(schoolIds: readonly string[]): Promise<Set<string>> {
  if (schoolIds.length === 0) return new Set();
  const rows = await ProgramModel.aggregate<{ _id: string }>([
    { $match: { schoolId: { $in: [...schoolIds] } } },
    { $group: { _id: '$schoolId' } },
  ]);
  return new Set(rows.map((r) => String(r._id)));
}
