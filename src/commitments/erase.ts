import { ERASED_CONTACT } from '../domain/names';
import { CommitmentModel, WITH_ARCHIVED } from './model';
import { CommitmentRequestModel } from './request-model';

/**
 * Erasure of a partner contact (`/iec contact erase`): their Slack id leaves the commitments — who recorded one, who
 * changed one in its history, archived ones included — for ERASED_CONTACT; the commitments and their counts stay as they are. Their open
 * requests are withdrawn (nobody is left to answer them); answered ones keep the placeholder. Not a change of a
 * commitment: no revision, history entry or event (the erasure itself is in the audit trail).
 */
export async function eraseFromCommitments(userId: string): Promise<{ commitments: number; requests: number }> {
  const touched = new Set<string>();
  for (const c of await CommitmentModel.find({ recordedBy: userId }, { _id: 1 }, WITH_ARCHIVED).lean()) touched.add(String(c._id));
  await CommitmentModel.updateMany({ recordedBy: userId }, { $set: { recordedBy: ERASED_CONTACT } });
  const changed = await CommitmentModel.find({ 'history.by': userId }, { history: 1 }, WITH_ARCHIVED).lean();
  for (const c of changed) {
    touched.add(String(c._id));
    const history = (c.history ?? []).map((h) => (h.by === userId ? { ...h, by: ERASED_CONTACT } : h));
    await CommitmentModel.updateOne({ _id: c._id }, { $set: { history } });
  }
  const open = await CommitmentRequestModel.deleteMany({ contactUserId: userId, status: 'open' });
  const answered = await CommitmentRequestModel.updateMany({ contactUserId: userId }, { $set: { contactUserId: ERASED_CONTACT } });
  return { commitments: touched.size, requests: open.deletedCount + answered.modifiedCount };
}
