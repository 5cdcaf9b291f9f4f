import { scrubbed } from '../db/history';
import { ERASED_CONTACT } from '../domain/names';
import { SchoolModel } from './model';

/**
 * Erasure of a person (`/iec contact erase`): who added or archived a school, and who changed one in its history,
 * becomes ERASED_CONTACT. Not a change of the school: no revision, no history entry (the erasure is audited).
 */
export async function eraseSchoolAuthors(userIds: readonly string[]): Promise<void> {
  const ids = [...userIds];
  if (ids.length === 0) return;
  await SchoolModel.updateMany({ createdBy: { $in: ids } }, { $set: { createdBy: ERASED_CONTACT } });
  await SchoolModel.updateMany({ archivedBy: { $in: ids } }, { $set: { archivedBy: ERASED_CONTACT } });
  for (const s of await SchoolModel.find({ 'history.by': { $in: ids } }, { history: 1 }).lean()) {
    await SchoolModel.updateOne({ _id: s._id }, { $set: { history: scrubbed(s.history ?? [], ids, ERASED_CONTACT) } });
  }
}
