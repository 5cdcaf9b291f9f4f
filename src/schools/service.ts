import { z } from 'zod';
import type { Types } from 'mongoose';
import { conflict, invalidInput } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import { schoolArchive } from './archive';
import { SchoolModel } from './model';
import type { SchoolMatch } from './search';
import { normalizeName } from '../domain/names';
import { type StoredSchool, writeSchool, writeSchools } from './write';

export const SCHOOL_NAME_MAX = 150;

/** A district school code such as `02M475`: letters, digits and dashes. */
export const schoolCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{2,12}$/, 'A school code is 2 to 12 letters, digits or dashes, e.g. 02M475.');

export const schoolInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the school a name.')
    .max(SCHOOL_NAME_MAX, `A school name has at most ${SCHOOL_NAME_MAX} characters.`)
    .refine((n) => normalizeName(n).length > 0, 'A school name needs at least one letter or digit.'),
  code: schoolCodeSchema.optional(),
});
export type SchoolInput = z.input<typeof schoolInputSchema>;

export interface FoundSchool extends SchoolMatch {
  /** True when this call created the school. */
  created: boolean;
}

function toFound(doc: { _id: unknown; name: string; code?: string | null }, created: boolean): FoundSchool {
  return { id: String(doc._id), name: doc.name, ...(doc.code ? { code: doc.code } : {}), created };
}

/**
 * The school with this name (regardless of case, spacing and punctuation), created when there is none.
 * A code given for a school that has none is added. Throws `invalid_input` for a bad name or code and
 * `conflict` when the code already belongs to another school. Safe when two people create it at once.
 * Both writes go through the schools' write path (write.ts): history, revision, `school.changed`.
 */
export async function findOrCreateSchool(input: SchoolInput, by: string, now: Date): Promise<FoundSchool> {
  const parsed = schoolInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues[0]?.message ?? 'That school is not valid.');
  const { name, code } = parsed.data;
  const nameKey = normalizeName(name);

  const existing = await SchoolModel.findOne({ nameKey }, { history: 0 }).lean<StoredSchool>();
  if (existing) {
    if (!code || existing.code === code) return toFound(existing, false);
    if (existing.code) {
      throw conflict(`*${escapeMrkdwn(existing.name)}* already exists with code \`${existing.code}\`, not \`${escapeMrkdwn(code)}\`.`);
    }
    await assertCodeFree(code);
    const updated = await writeSchool(existing._id, { by, now, action: 'code added' }, (current) => {
      if (current.code && current.code !== code)
        throw conflict(`*${escapeMrkdwn(current.name)}* already exists with code \`${current.code}\`, not \`${escapeMrkdwn(code)}\`.`);
      return { code };
    });
    return toFound(updated, false);
  }
  if (code) await assertCodeFree(code);
  const outcome = await writeSchools([{ op: 'create', doc: { name, ...(code ? { code } : {}), createdBy: by } }], {
    by,
    now,
    action: 'created',
  });
  const [created] = outcome.written;
  if (created) return toFound(created, true);
  // someone created it at the same moment: use theirs
  const raced = await SchoolModel.findOne({ nameKey }).lean();
  if (raced) return toFound(raced, false);
  throw conflict(`The school code \`${escapeMrkdwn(code ?? '')}\` already belongs to another school.`);
}

async function assertCodeFree(code: string): Promise<void> {
  const owner = await SchoolModel.findOne({ code }, { name: 1 }).lean();
  if (owner) throw conflict(`The school code \`${escapeMrkdwn(code)}\` already belongs to *${escapeMrkdwn(owner.name)}*.`);
}

export interface SchoolListPage {
  schools: SchoolMatch[];
  total: number;
}

/** Schools by name, a page at a time. */
export async function listSchools(offset: number, limit: number): Promise<SchoolListPage> {
  const [rows, total] = await Promise.all([
    // archived schools are not listed (restore them with /iec restore school <name>)
    SchoolModel.find({ archivedAt: null }, { name: 1, code: 1 }).sort({ nameKey: 1 }).skip(offset).limit(limit).lean(),
    Promise.all([SchoolModel.estimatedDocumentCount(), schoolArchive.countArchived()]).then(([all, archived]) => all - archived),
  ]);
  return { schools: rows.map((r) => ({ id: String(r._id), name: r.name, ...(r.code ? { code: r.code } : {}) })), total };
}

/** A school's id, name and code: what lists, reports and exports of other features show. */
export interface SchoolName {
  _id: Types.ObjectId;
  name: string;
  code?: string | null;
}

/** These schools' names and codes, in no particular order; ids that are gone are left out. */
export async function schoolsByIds(ids: ReadonlyArray<Types.ObjectId | string>): Promise<SchoolName[]> {
  return SchoolModel.find({ _id: { $in: [...ids] } }, { name: 1, code: 1 }).lean<SchoolName[]>();
}

/** The school with exactly this district code, or null. */
export async function schoolByCode(code: string): Promise<SchoolName | null> {
  return SchoolModel.findOne({ code }, { name: 1, code: 1 }).lean<SchoolName>();
}

/** How many of these schools exist. */
export async function countSchools(ids: readonly Types.ObjectId[]): Promise<number> {
  return SchoolModel.countDocuments({ _id: { $in: [...ids] } });
}
