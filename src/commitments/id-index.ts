import type { Model, Types } from 'mongoose';

/**
 * What the commitments' indexes of ids addressed by exact `_id` (activity.ts, group-index.ts, change-index.ts)
 * share: comparing the stored entries with a recount of the commitments, and setting those that differ to the
 * recount. An entry holding more ids than the recount is left as it is: its readers re-check the commitments, so
 * an id of a commitment that moved away or is gone since is harmless.
 */

/** An entry as stored: its `ids`, and whatever else its owner keeps beside them. */
export type IdIndexEntry = { ids: Types.ObjectId[] } & Record<string, unknown>;

// the entries' own fields vary by owner: only `_id` and `ids` are read here
// biome-ignore lint/suspicious/noExplicitAny: each owner's model has its own schema type
type IdIndexModel = Model<any>;

/** True when `stored` holds every id of `wanted`. */
function holdsAll(stored: readonly Types.ObjectId[], wanted: readonly Types.ObjectId[]): boolean {
  const have = new Set(stored.map(String));
  return wanted.every((id) => have.has(String(id)));
}

/** Entries missing, or lacking ids, compared with `expected` (the recount, by `_id`). */
export async function idIndexDifferences<E extends IdIndexEntry>(
  model: IdIndexModel,
  expected: ReadonlyMap<string, E>,
): Promise<Array<[string, E]>> {
  const wrong: Array<[string, E]> = [];
  const seen = new Set<string>();
  for await (const row of model.find({}, { ids: 1 }).lean<Array<{ _id: string; ids?: Types.ObjectId[] }>>().cursor()) {
    const { _id, ids } = row as unknown as { _id: string; ids?: Types.ObjectId[] };
    seen.add(_id);
    const want = expected.get(_id);
    if (want && !holdsAll(ids ?? [], want.ids)) wrong.push([_id, want]);
  }
  for (const [id, want] of expected) if (!seen.has(id)) wrong.push([id, want]);
  return wrong;
}

/** Sets each of these entries to its recount (1,000 a bulk write); returns how many. */
export async function replaceIdIndexEntries(model: IdIndexModel, entries: ReadonlyArray<[string, IdIndexEntry]>): Promise<number> {
  const writes = entries.map(([_id, entry]) => ({ replaceOne: { filter: { _id }, replacement: { _id, ...entry }, upsert: true } }));
  for (let i = 0; i < writes.length; i += 1000) await model.bulkWrite(writes.slice(i, i + 1000) as never, { ordered: false });
  return writes.length;
}
