import { type Model, Types } from 'mongoose';
import { conflict, notFound } from '../errors';
import { escapeMrkdwn } from '../slack/text';

/**
 * Archive instead of delete, for a record with a unique `nameKey` and `archivedAt`/`archivedBy` (partners, schools):
 * the owning feature builds these methods on its own model. Archived records are kept whole and restored as they
 * were; deleting for good is refused while anything refers to the record (the caller counts what refers to it).
 */

export interface Archivable {
  id: string;
  name: string;
  archivedAt?: Date;
  archivedBy?: string;
}

type Lean = { _id: Types.ObjectId; name: string; archivedAt?: Date | null; archivedBy?: string | null };
const FIELDS = { name: 1, archivedAt: 1, archivedBy: 1 } as const;

export function toArchivable(p: Lean): Archivable {
  return {
    id: String(p._id),
    name: p.name,
    ...(p.archivedAt ? { archivedAt: p.archivedAt } : {}),
    ...(p.archivedBy ? { archivedBy: p.archivedBy } : {}),
  };
}

export interface ArchiveMethods {
  /** The record with this exact name (regardless of case, spacing and punctuation), archived or not. */
  byName(name: string): Promise<Archivable>;
  byId(id: string): Promise<Archivable>;
  /** Archives it once: archiving an archived record says so. */
  archive(id: string, by: string, now: Date): Promise<Archivable>;
  restore(id: string, by: string, now: Date): Promise<Archivable>;
  /**
   * Why the record itself may not be deleted, whatever refers to it (e.g. a partner that is part of a merge), or
   * undefined. `remove` refuses it too; the command asks first, to refuse before its confirmation.
   */
  deleteRefusal?(id: string): Promise<Error | undefined>;
  /** Deletes it for good; any of `references` (what still refers to it, counted by the caller) refuses. */
  remove(id: string, references: readonly string[], by: string, now: Date): Promise<Archivable>;
  /** How many are archived (lists subtract them from the collection's count). */
  countArchived(): Promise<number>;
}

/** The refusal to delete a record for good while `references` refer to it (none: undefined). */
export function stillReferred(noun: string, name: string, references: readonly string[]): Error | undefined {
  if (references.length === 0) return undefined;
  return conflict(
    `*${escapeMrkdwn(name)}* cannot be deleted: ${references.join(', ')} still refer to it. Archive it instead (\`/iec archive ${noun} ${escapeMrkdwn(name)}\`).`,
  );
}

/** The reads every archivable record shares; archive, restore and remove are each feature's, on its write path. */
export function createArchiveMethods(
  // biome-ignore lint/suspicious/noExplicitAny: any model with nameKey, name, archivedAt and archivedBy
  model: Model<any>,
  options: { noun: string; normalize: (name: string) => string; suggest: (name: string) => Promise<string[]> },
): Pick<ArchiveMethods, 'byName' | 'byId' | 'countArchived'> {
  const { noun } = options;
  const byId = async (id: string): Promise<Archivable> => {
    const found = Types.ObjectId.isValid(id) ? await model.findById(id, FIELDS).lean<Lean>() : null;
    if (!found) throw notFound(`That ${noun} no longer exists.`);
    return toArchivable(found);
  };
  return {
    async byName(name) {
      const key = options.normalize(name);
      const found = key ? await model.findOne({ nameKey: key }, FIELDS).lean<Lean>() : null;
      if (found) return toArchivable(found);
      const suggestions = await options.suggest(name);
      const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `*${escapeMrkdwn(s)}*`).join(', ')}?` : '';
      throw notFound(`I don't know a ${noun} called *${escapeMrkdwn(name.trim().slice(0, 60)) || '(nothing)'}*.${hint}`);
    },
    byId,
    countArchived: () => model.countDocuments({ archivedAt: { $ne: null } }).exec(),
  };
}
