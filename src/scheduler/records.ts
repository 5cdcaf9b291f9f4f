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
