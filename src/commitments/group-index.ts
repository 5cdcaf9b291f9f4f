import type { Types } from 'mongoose';
import { CommitmentGroupModel } from './derived-model';
import { idIndexDifferences, replaceIdIndexEntries } from './id-index';
import { CommitmentModel } from './model';

/**
 * The commitments of each partner, commission and type: an index addressed by exact `_id`
 * (`<partnerId>|<commission>|<type>`), so the duplicate check that runs before the commitment form is
 * acknowledged costs that partner's few commitments of the kind, not the size of the history. (The embedded
 * server answers exact `_id` look-ups from its unique index and scans for everything else: at 100,000
 * commitments that scan took ~150 ms, and 50 people submitting at once waited past Slack's 3 seconds.)
 * Kept by the commitment write path (write.ts) on every write (`$addToSet`, idempotent); `checkGroups()` /
 * `rebuildGroups()` compare it with a recount of the raw documents and repair it (the reconcile job runs them). Readers re-check the commitments themselves, so a stale entry (a commitment edited to
 * another partner, commission or type) is harmless.
 */

const groupId = (partnerId: Types.ObjectId | string, commissionKey: string, type: string) =>
  `${String(partnerId).toLowerCase()}|${commissionKey}|${type}`;

export interface GroupSubject {
  _id: Types.ObjectId;
  partnerId: Types.ObjectId;
  commissionKey: string;
  type: string;
}

/**
 * Notes commitments under their partner, commission and type: one upsert per group, not per commitment (an
 * import batch of 250 lands in a few groups). Safe to call again.
 */
export async function noteGroups(cs: readonly GroupSubject[]): Promise<void> {
  const byGroup = new Map<string, Types.ObjectId[]>();
  for (const c of cs) {
    const id = groupId(c.partnerId, c.commissionKey, c.type);
    byGroup.set(id, [...(byGroup.get(id) ?? []), c._id]);
  }
  if (byGroup.size === 0) return;
  await CommitmentGroupModel.bulkWrite(
    [...byGroup].map(([_id, ids]) => ({ updateOne: { filter: { _id }, update: { $addToSet: { ids: { $each: ids } } }, upsert: true } })),
    { ordered: false },
  );
}

/** Ids of the commitments noted under this partner, commission and type (re-check them: some may have moved). */
export async function groupMemberIds(partnerId: string, commissionKey: string, type: string): Promise<Types.ObjectId[]> {
  const row = await CommitmentGroupModel.findById(groupId(partnerId, commissionKey, type), { ids: 1 }).lean();
  return row?.ids ?? [];
}

/** The index recounted from the commitments, by `_id`. */
async function recount(): Promise<Map<string, { ids: Types.ObjectId[] }>> {
  const groups = new Map<string, { ids: Types.ObjectId[] }>();
  for await (const c of CommitmentModel.find({}, { partnerId: 1, commissionKey: 1, type: 1 }).lean().cursor()) {
    const key = groupId(c.partnerId, c.commissionKey, c.type);
    const group = groups.get(key) ?? { ids: [] };
    group.ids.push(c._id);
    groups.set(key, group);
  }
  return groups;
}

/** How many index entries differ from a recount of the commitments. */
export async function checkGroups(): Promise<number> {
  return (await idIndexDifferences(CommitmentGroupModel, await recount())).length;
}

/** Sets every entry that differs from a recount to the recount; returns how many it fixed. */
export async function rebuildGroups(): Promise<number> {
  return replaceIdIndexEntries(CommitmentGroupModel, await idIndexDifferences(CommitmentGroupModel, await recount()));
}
