import { scrubbed } from '../db/history';
import { ERASED_CONTACT, type ErasedPerson } from '../domain/names';
import { syncMemberships } from './memberships';
import { MemberModel } from './model';

/**
 * Erasure of a person (`/iec contact erase`): their memberships of commissions go (by Slack id or email), as a
 * removal does — their attendance stays counted, anonymised by the meetings feature —, and where they added or
 * changed someone else's membership, ERASED_CONTACT stands for them. Returns how many memberships went.
 */
export async function eraseFromMembers(person: ErasedPerson): Promise<number> {
  const ids = [...person.slackUserIds];
  const emails = [...person.emails];
  const theirs = { $or: [{ slackUserId: { $in: ids } }, ...(emails.length ? [{ email: { $in: emails } }] : [])] };
  const removed = await MemberModel.deleteMany(theirs);
  await syncMemberships(ids);
  if (ids.length > 0) {
    await MemberModel.updateMany({ addedBy: { $in: ids } }, { $set: { addedBy: ERASED_CONTACT } });
    for (const m of await MemberModel.find({ 'history.by': { $in: ids } }, { history: 1 }).lean()) {
      await MemberModel.updateOne({ _id: m._id }, { $set: { history: scrubbed(m.history ?? [], person.values, ERASED_CONTACT) } });
    }
  }
  return removed.deletedCount;
}
