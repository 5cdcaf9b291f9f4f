import { scrubbed } from '../db/history';
import { ERASED_CONTACT } from '../domain/names';
import { NotificationModel, type NotificationStatus } from './model';

/**
 * The scheduler's notification records as tools see them (the bench's fan-out): counted, listed and cleared by
 * kind. The scheduler itself claims and settles them in scheduler.ts.
 */

/** How many notifications of these kinds there are (in this status, when given). */
export async function countNotifications(kinds: readonly string[], status?: NotificationStatus): Promise<number> {
  return NotificationModel.countDocuments({ kind: { $in: [...kinds] }, ...(status ? { status } : {}) });
}

/** The notifications of these kinds: key, status and recipient. */
export async function notificationsOfKinds(
  kinds: readonly string[],
): Promise<Array<{ key: string; status: NotificationStatus; recipient?: { channel?: string | null; user?: string | null } | null }>> {
  return NotificationModel.find({ kind: { $in: [...kinds] } }, { key: 1, status: 1, recipient: 1 }).lean();
}

/** Removes every notification of these kinds (so they are planned afresh). */
export async function removeNotifications(kinds: readonly string[]): Promise<void> {
  await NotificationModel.deleteMany({ kind: { $in: [...kinds] } });
}

/**
 * Erasure of a person (`/iec contact erase`): every notification addressed to them, or naming them in its key,
 * reference or reasons (a failure report about their DM), keeps its status for `/iec status` but no longer holds
 * their Slack id: it becomes ERASED_CONTACT (the key gets the record's own id too, so keys stay unique). One still
 * to be sent is settled as skipped, so nothing reaches them after their erasure. Returns how many were changed.
 */
export async function eraseNotificationsOf(userIds: readonly string[]): Promise<number> {
  let changed = 0;
  for (const userId of userIds) {
    const mentions = new RegExp(userId.replace(/[^A-Z0-9]/gi, ''));
    const docs = await NotificationModel.find({
      $or: [
        { 'recipient.user': userId },
        { key: mentions },
        { reason: mentions },
        { lastError: mentions },
        { 'ref.user': userId },
        { 'ref.target': mentions },
      ],
    }).lean();
    for (const d of docs) {
      const placeholder = `${ERASED_CONTACT} ${String(d._id)}`;
      const swap = (v: unknown) => scrubbed(v, [userId], placeholder);
      const pending = d.status === 'claimed';
      await NotificationModel.updateOne(
        { _id: d._id },
        {
          $set: {
            key: swap(d.key),
            ref: swap(d.ref ?? {}),
            ...(d.reason ? { reason: swap(d.reason) } : {}),
            ...(d.lastError ? { lastError: swap(d.lastError) } : {}),
            ...(d.recipient?.user === userId ? { 'recipient.user': ERASED_CONTACT } : {}),
            ...(pending ? { status: 'skipped', reason: 'its recipient’s personal data was erased', finishedAt: new Date() } : {}),
          },
          ...(pending ? { $unset: { leaseUntil: 1, owner: 1 } } : {}),
        },
      );
      changed += 1;
    }
  }
  return changed;
}
