import { scrubbed, scrubRecordTexts, TEXT_ERASED } from '../db/history';
import { ERASED_CONTACT, type ErasedPerson, type PersonText } from '../domain/names';
import { CommitmentModel, WITH_ARCHIVED } from './model';
import { CommitmentRequestModel } from './request-model';
import { writeCommitment } from './service';

/**
 * Erasure of a person (`/iec contact erase`): their Slack id leaves the commitments — who recorded one, who changed
 * one in its history (and any value of theirs in that history), archived ones included — for ERASED_CONTACT; the
 * commitments and their counts stay as they are. Their open requests are withdrawn (nobody is left to answer them);
 * answered ones, and requests they made as staff, keep the placeholder. Not a change of a commitment: no revision,
 * history entry or event (the erasure itself is in the audit trail).
 */
export async function eraseFromCommitments(person: ErasedPerson): Promise<{ commitments: number; requests: number }> {
  const ids = [...person.slackUserIds];
  if (ids.length === 0) return { commitments: 0, requests: 0 };
  const touched = new Set<string>();
  for (const c of await CommitmentModel.find({ recordedBy: { $in: ids } }, { _id: 1 }, WITH_ARCHIVED).lean()) touched.add(String(c._id));
  await CommitmentModel.updateMany({ recordedBy: { $in: ids } }, { $set: { recordedBy: ERASED_CONTACT } });
  const changed = await CommitmentModel.find({ 'history.by': { $in: ids } }, { history: 1 }, WITH_ARCHIVED).lean();
  for (const c of changed) {
    touched.add(String(c._id));
    const history = (c.history ?? []).map((h) => (ids.includes(h.by) ? { ...h, by: ERASED_CONTACT } : h));
    await CommitmentModel.updateOne({ _id: c._id }, { $set: { history: scrubbed(history, person.values, ERASED_CONTACT) } });
  }
  const open = await CommitmentRequestModel.deleteMany({ contactUserId: { $in: ids }, status: 'open' });
  const answered = await CommitmentRequestModel.updateMany({ contactUserId: { $in: ids } }, { $set: { contactUserId: ERASED_CONTACT } });
  const asked = await CommitmentRequestModel.updateMany({ requestedBy: { $in: ids } }, { $set: { requestedBy: ERASED_CONTACT } });
  return { commitments: touched.size, requests: open.deletedCount + answered.modifiedCount + asked.modifiedCount };
}

/**
 * Erasure of a person from the commitments' free text (`/iec contact erase`): their name, email, Slack mention and
 * phone in a commitment's notes (archived ones too) are replaced by ERASED_CONTACT through the write path (revision
 * + 1, so a form opened before cannot put them back; derived data; commitment.changed), then every value of theirs
 * in its history — the notes it had, and the erasure's own entry's `from` — is scrubbed the same way. Returns the
 * commitments changed. Run again, it finds what an erasure cut short left.
 */
export async function eraseFromCommitmentTexts(text: PersonText | undefined, by: string, now: Date): Promise<number> {
  if (!text) return 0;
  return scrubRecordTexts({
    model: CommitmentModel,
    fields: ['notes'],
    text,
    query: WITH_ARCHIVED,
    write: (id, scrub) =>
      writeCommitment(String(id), by, now, TEXT_ERASED, { allowArchived: true }, (current) => ({ notes: scrub(current.notes ?? '') })),
  });
}
