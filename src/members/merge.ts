import { MemberModel } from './model';

/**
 * A partner merged into another (`/iec partner merge`): the commission members who are its contacts become the
 * keeper's (partnerId; their organisation when it was the duplicate's name), revision + 1 and a history line each.
 * Returns the ids moved (an undo moves them back: `only` those). Run again it finds none left.
 */
export async function moveMembersToPartner(
  from: { id: string; name: string },
  to: { id: string; name: string },
  by: string,
  now: Date,
  only?: readonly string[],
): Promise<string[]> {
  const moved: string[] = [];
  const within = only ? { _id: { $in: [...only] } } : {};
  for (const m of await MemberModel.find({ partnerId: from.id, ...within }, { organisation: 1, revision: 1 }).lean()) {
    const done = await MemberModel.updateOne(
      { _id: m._id, partnerId: from.id, revision: m.revision ?? 0 },
      {
        $set: { partnerId: to.id, ...(m.organisation === from.name ? { organisation: to.name } : {}) },
        $inc: { revision: 1 },
        $push: {
          history: { at: now, by, change: only ? `merge undone: back to ${to.name}` : `partner ${from.name} merged into ${to.name}` },
        },
      },
    );
    if (done.modifiedCount === 1) moved.push(String(m._id));
  }
  return moved;
}
