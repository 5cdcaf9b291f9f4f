import type { Types } from 'mongoose';
import { CommitmentActivityModel } from './derived-model';
import { idIndexDifferences, replaceIdIndexEntries } from './id-index';
import { CommitmentModel } from './model';

/**
 * Which commitments were recorded and fulfilled on each day, per commission: an index addressed by exact
 * `_id` (`<commission>|<YYYY-MM-DD UTC>|<kind>`), so "this week's activity" costs the week's activity and
 * not the size of the history on every server (the embedded one scans for range queries on
 * non-unique indexes; exact `_id` look-ups it answers from its unique index). Kept by the commitment
 * write path (write.ts) on every write ($addToSet, idempotent); `checkActivity()` / `rebuildActivity()` compare it
 * with a recount of the raw documents and repair it (the reconcile job runs them).
 * Readers re-check the commitments themselves, so a stale entry (a commitment moved to another commission,
 * or fulfilled again later) is harmless.
 */
export type ActivityKind = 'recorded' | 'fulfilled';

const utcDay = (at: Date) => at.toISOString().slice(0, 10);
const activityId = (commissionKey: string, day: string, kind: ActivityKind) => `${commissionKey}|${day}|${kind}`;

export interface ActivitySubject {
  _id: Types.ObjectId;
  commissionKey: string;
  createdAt?: Date | null;
  fulfilledAt?: Date | null;
}

/**
 * Notes commitments' recording days and (when they have one) fulfilment days: one upsert per commission, day
 * and kind, not per commitment. Safe to call again.
 */
export async function noteActivities(commitments: readonly ActivitySubject[]): Promise<void> {
  const byEntry = new Map<string, { commissionKey: string; day: string; kind: ActivityKind; ids: Types.ObjectId[] }>();
  const add = (c: ActivitySubject, kind: ActivityKind, at: Date) => {
    const day = utcDay(at);
    const id = activityId(c.commissionKey, day, kind);
    const entry = byEntry.get(id) ?? { commissionKey: c.commissionKey, day, kind, ids: [] };
    entry.ids.push(c._id);
    byEntry.set(id, entry);
  };
  for (const c of commitments) {
    if (c.createdAt) add(c, 'recorded', c.createdAt);
    if (c.fulfilledAt) add(c, 'fulfilled', c.fulfilledAt);
  }
  if (byEntry.size === 0) return;
  await CommitmentActivityModel.bulkWrite(
    [...byEntry].map(([_id, { commissionKey, day, kind, ids }]) => ({
      updateOne: {
        filter: { _id },
        update: { $setOnInsert: { commissionKey, day, kind }, $addToSet: { ids: { $each: ids } } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
}

/** Ids of the commitments of a commission noted as recorded or fulfilled on a UTC day overlapping [start, end). */
export async function activityIds(commissionKey: string, range: { start: Date; end: Date }): Promise<Types.ObjectId[]> {
  const keys: string[] = [];
  for (
    let day = new Date(Date.UTC(range.start.getUTCFullYear(), range.start.getUTCMonth(), range.start.getUTCDate()));
    day < range.end;
    day = new Date(day.getTime() + 86_400_000)
  ) {
    for (const kind of ['recorded', 'fulfilled'] as const) keys.push(activityId(commissionKey, utcDay(day), kind));
  }
  const rows = await CommitmentActivityModel.find({ _id: { $in: keys } }, { ids: 1 }).lean();
  const unique = new Map<string, Types.ObjectId>();
  for (const row of rows) for (const id of row.ids) unique.set(String(id), id);
  return [...unique.values()];
}

type ActivityEntry = { commissionKey: string; day: string; kind: ActivityKind; ids: Types.ObjectId[] };

/** The index recounted from the commitments, by `_id`. */
async function recount(): Promise<Map<string, ActivityEntry>> {
  const groups = new Map<string, ActivityEntry>();
  const add = (commissionKey: string, kind: ActivityKind, at: Date | null | undefined, id: Types.ObjectId) => {
    if (!at) return;
    const key = activityId(commissionKey, utcDay(at), kind);
    const group = groups.get(key) ?? { commissionKey, day: utcDay(at), kind, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  };
  for await (const c of CommitmentModel.find({}, { commissionKey: 1, createdAt: 1, fulfilledAt: 1 }).lean().cursor()) {
    add(c.commissionKey, 'recorded', c.createdAt, c._id);
    add(c.commissionKey, 'fulfilled', c.fulfilledAt, c._id);
  }
  return groups;
}

/** How many index entries differ from a recount of the commitments. */
export async function checkActivity(): Promise<number> {
  return (await idIndexDifferences(CommitmentActivityModel, await recount())).length;
}

/** Sets every entry that differs from a recount to the recount; returns how many it fixed. */
export async function rebuildActivity(): Promise<number> {
  return replaceIdIndexEntries(CommitmentActivityModel, await idIndexDifferences(CommitmentActivityModel, await recount()));
}
