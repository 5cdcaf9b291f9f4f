import { Schema, model, type Types } from 'mongoose';
import { CommitmentModel } from './model';

/**
 * The commitments of each partner, commission and type: an index addressed by exact `_id`
 * (`<partnerId>|<commission>|<type>`), so the duplicate check that runs before the commitment form is
 * acknowledged costs that partner's few commitments of the kind, not the size of the history. (The embedded
 * server answers exact `_id` look-ups from its unique index and scans for everything else: at 100,000
 * commitments that scan took ~150 ms, and 50 people submitting at once waited past Slack's 3 seconds.)
 * Kept by the commitment service on every write (`$addToSet`, idempotent); `rebuildGroups()` recomputes it from
 * the raw documents. Readers re-check the commitments themselves, so a stale entry (a commitment edited to
 * another partner, commission or type) is harmless.
 */
const groupSchema = new Schema(
  {
    _id: { type: String, required: true },
    ids: { type: [Schema.Types.ObjectId], default: [] },
  },
  { collection: 'commitmentgroups', versionKey: false },
);

export const CommitmentGroupModel = model('CommitmentGroup', groupSchema);

const groupId = (partnerId: Types.ObjectId | string, commissionKey: string, type: string) =>
  `${String(partnerId).toLowerCase()}|${commissionKey}|${type}`;

export interface GroupSubject {
  _id: Types.ObjectId;
  partnerId: Types.ObjectId;
  commissionKey: string;
  type: string;
}

/** Notes a commitment under its partner, commission and type. Safe to call again. */
export async function noteGroup(c: GroupSubject): Promise<void> {
  await CommitmentGroupModel.updateOne(
    { _id: groupId(c.partnerId, c.commissionKey, c.type) },
    { $addToSet: { ids: c._id } },
    { upsert: true },
  );
}

/** Ids of the commitments noted under this partner, commission and type (re-check them: some may have moved). */
export async function groupMemberIds(partnerId: string, commissionKey: string, type: string): Promise<Types.ObjectId[]> {
  const row = await CommitmentGroupModel.findById(groupId(partnerId, commissionKey, type), { ids: 1 }).lean();
  return row?.ids ?? [];
}

/** Recomputes the whole index from the commitments (after bulk imports or a migration). */
export async function rebuildGroups(): Promise<void> {
  await CommitmentGroupModel.deleteMany({});
  const groups = new Map<string, Types.ObjectId[]>();
  for await (const c of CommitmentModel.find({}, { partnerId: 1, commissionKey: 1, type: 1 }).lean().cursor()) {
    const key = groupId(c.partnerId, c.commissionKey, c.type);
    const ids = groups.get(key) ?? [];
    ids.push(c._id);
    groups.set(key, ids);
  }
  const docs = [...groups.entries()].map(([_id, ids]) => ({ _id, ids }));
  for (let i = 0; i < docs.length; i += 1000) await CommitmentGroupModel.insertMany(docs.slice(i, i + 1000), { ordered: false });
}
