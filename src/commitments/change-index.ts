import type { Types } from 'mongoose';
import { CommitmentChangeModel } from './derived-model';
import { idIndexDifferences, replaceIdIndexEntries } from './id-index';
import { CommitmentModel, WITH_ARCHIVED } from './model';

/**
 * Which commitments gained a history entry in each 10-minute bucket: an index addressed by exact `_id`
 * (`<bucket start, UTC, to the minute>|<last hex digit of the commitment's id>`, e.g. `2026-12-03T07:10|a`), so the
 * change notices (notices.ts) read the changes of the last hours by the hours' keys instead of a range over every
 * commitment's history (`history.at`, which the embedded server answers by scanning all commitments with their
 * histories: 1.2 s to over 30 s of `/iec status` at 100,000). A bucket is a notice's window (NOTICE_WINDOW_MS), so a
 * notice reads its window's entries and no others; each bucket is split 16 ways by the ids' last digit, so an import
 * of a whole district in one window makes 16 entries of a few thousand ids each, far below a document's 16 MB, and
 * `$addToSet` compares each id with a few thousand rather than 100,000.
 *
 * Kept by the commitment write path (write.ts) on every write that appends a history entry (`$addToSet`,
 * idempotent); `checkChanges()` / `rebuildChanges()` compare it with a recount of the commitments' histories (archived
 * ones too: they are told of) and repair it (the reconcile job runs them). Readers re-check the entries' instants on
 * the commitments themselves, so an extra id (a commitment removed since) is harmless. Old buckets are kept: nothing
 * in the app prunes derived data, and nothing reads a bucket older than the notices' catch-up.
 */

/** A bucket's width: the change notices' window. */
export const CHANGE_BUCKET_MS = 10 * 60_000;
const SHARDS = [...'0123456789abcdef'];
/** Keys one read asks for: a planning tick's 6 hours and 10 minutes are 38 buckets, 608 keys, one read. */
const KEYS_PER_READ = 1_000;

const bucketStart = (at: Date) => Math.floor(at.getTime() / CHANGE_BUCKET_MS) * CHANGE_BUCKET_MS;
const changeKey = (start: number, shard: string) => `${new Date(start).toISOString().slice(0, 16)}|${shard}`;
const shardOf = (id: Types.ObjectId) => String(id).slice(-1).toLowerCase();

type ChangeEntry = { start: Date; ids: Types.ObjectId[] };

/** Adds a commitment to the entries of the buckets of these instants (once a bucket). */
function addTo(entries: Map<string, ChangeEntry>, id: Types.ObjectId, instants: Iterable<Date>): void {
  const keys = new Map<string, number>();
  for (const at of instants) {
    const start = bucketStart(at);
    keys.set(changeKey(start, shardOf(id)), start);
  }
  for (const [key, start] of keys) {
    const entry = entries.get(key) ?? { start: new Date(start), ids: [] };
    entry.ids.push(id);
    entries.set(key, entry);
  }
}

/** Notes that these commitments gained a history entry at `at` (a write's one instant): one upsert a shard. Safe to call again. */
export async function noteChanges(ids: readonly Types.ObjectId[], at: Date): Promise<void> {
  const entries = new Map<string, ChangeEntry>();
  for (const id of new Map(ids.map((id) => [String(id), id])).values()) addTo(entries, id, [at]);
  if (entries.size === 0) return;
  await CommitmentChangeModel.bulkWrite(
    [...entries].map(([_id, { start, ids }]) => ({
      updateOne: { filter: { _id }, update: { $setOnInsert: { start }, $addToSet: { ids: { $each: ids } } }, upsert: true },
    })),
    { ordered: false },
  );
}

/**
 * Ids of the commitments noted with a history entry in a bucket overlapping [from, to): a superset of those with an
 * entry in the range (re-check the entries). One read per KEYS_PER_READ keys: one for any range up to 62 buckets.
 */
export async function changedCommitmentIds(from: Date, to: Date): Promise<Types.ObjectId[]> {
  const keys: string[] = [];
  for (let start = bucketStart(from); start < to.getTime(); start += CHANGE_BUCKET_MS)
    for (const s of SHARDS) keys.push(changeKey(start, s));
  const unique = new Map<string, Types.ObjectId>();
  for (let i = 0; i < keys.length; i += KEYS_PER_READ) {
    const rows = await CommitmentChangeModel.find({ _id: { $in: keys.slice(i, i + KEYS_PER_READ) } }, { ids: 1 }).lean();
    for (const row of rows) for (const id of row.ids) unique.set(String(id), id);
  }
  return [...unique.values()];
}

/** The index recounted from the commitments' histories (archived commitments too), by `_id`. */
async function recount(): Promise<Map<string, ChangeEntry>> {
  const entries = new Map<string, ChangeEntry>();
  for await (const c of CommitmentModel.find({}, { 'history.at': 1 }, WITH_ARCHIVED)
    .lean<Array<{ _id: Types.ObjectId; history?: Array<{ at?: Date | null }> }>>()
    .cursor({ batchSize: 1000 })) {
    const row = c as unknown as { _id: Types.ObjectId; history?: Array<{ at?: Date | null }> };
    addTo(
      entries,
      row._id,
      (row.history ?? []).flatMap((h) => (h.at ? [new Date(h.at)] : [])),
    );
  }
  return entries;
}

/** How many index entries differ from a recount of the commitments' histories. */
export async function checkChanges(): Promise<number> {
  return (await idIndexDifferences(CommitmentChangeModel, await recount())).length;
}

/** Sets every entry that differs from a recount to the recount; returns how many it fixed. */
export async function rebuildChanges(): Promise<number> {
  return replaceIdIndexEntries(CommitmentChangeModel, await idIndexDifferences(CommitmentChangeModel, await recount()));
}
