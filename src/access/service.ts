import { type ChangeBy, recordAudit } from '../audit';
import { conflict } from '../errors';
import { AdminModel } from './model';
import { recordSlackAdmin } from './people';

/**
 * Administrators: those in IEC_ADMINS (the configuration, always administrators) and those added in Slack.
 * Who may call these is decided by the caller through actor.ts (requireAdmin).
 */

export interface AdminList {
  /** From IEC_ADMINS: cannot be removed in Slack. */
  fromConfig: string[];
  /** Added in Slack, oldest first. */
  added: Array<{ userId: string; addedBy: string; addedAt?: Date }>;
}

export type AddAdminResult = 'added' | 'already_admin' | 'configured_admin';

export async function addAdmin(userId: string, change: ChangeBy, envAdmins: readonly string[]): Promise<AddAdminResult> {
  if (envAdmins.includes(userId)) return 'configured_admin';
  const result = await AdminModel.updateOne({ userId }, { $setOnInsert: { userId, addedBy: change.by } }, { upsert: true });
  // the people index (how the acting person is resolved) follows, also when this is a repeat
  await recordSlackAdmin(userId, true);
  if (result.upsertedCount === 0) return 'already_admin';
  await recordAudit({
    ...change,
    action: 'admin.add',
    subject: 'administrators',
    people: [userId],
    changes: [{ field: 'administrator', from: null, to: userId }],
  });
  return 'added';
}

export const CONFIGURED_ADMIN_MESSAGE = (userId: string) =>
  `<@${userId}> is an administrator through the \`IEC_ADMINS\` setting, so they cannot be removed in Slack. Ask whoever runs iec-bot to take them out of \`IEC_ADMINS\` and restart it.`;

/** Removes an administrator added in Slack. Refuses configured ones, and removing the very last administrator. */
export async function removeAdmin(userId: string, change: ChangeBy, envAdmins: readonly string[]): Promise<'removed' | 'not_admin'> {
  if (envAdmins.includes(userId)) throw conflict(CONFIGURED_ADMIN_MESSAGE(userId));
  const exists = await AdminModel.exists({ userId });
  if (!exists) return 'not_admin';
  if (envAdmins.length === 0 && (await AdminModel.countDocuments({})) <= 1) {
    throw conflict(`<@${userId}> is the last administrator; add another one first (\`/iec admin add @someone\`) so nobody is locked out.`);
  }
  const { deletedCount } = await AdminModel.deleteOne({ userId });
  await recordSlackAdmin(userId, false);
  if (deletedCount === 0) return 'not_admin';
  await recordAudit({
    ...change,
    action: 'admin.remove',
    subject: 'administrators',
    people: [userId],
    changes: [{ field: 'administrator', from: userId, to: null }],
  });
  return 'removed';
}

export async function listAdmins(envAdmins: readonly string[]): Promise<AdminList> {
  const rows = await AdminModel.find({}, { userId: 1, addedBy: 1, createdAt: 1 }).sort({ createdAt: 1 }).limit(500).lean();
  return {
    fromConfig: [...envAdmins],
    added: rows.filter((r) => !envAdmins.includes(r.userId)).map((r) => ({ userId: r.userId, addedBy: r.addedBy, addedAt: r.createdAt })),
  };
}

/**
 * For an erasure (`/iec contact erase`): the administrators among `userIds` (configured or added in Slack) — an
 * administrator is removed as one first, deliberately —, and, once erased, who added an administrator names
 * ERASED_CONTACT.
 */
export async function administratorsAmong(userIds: readonly string[], envAdmins: readonly string[]): Promise<string[]> {
  const added = (await AdminModel.find({ userId: { $in: [...userIds] } }, { userId: 1 }).lean()).map((a) => a.userId);
  return [...new Set([...userIds.filter((u) => envAdmins.includes(u)), ...added])];
}

export async function eraseAdminAuthors(userIds: readonly string[], replacement: string): Promise<void> {
  if (userIds.length > 0) await AdminModel.updateMany({ addedBy: { $in: [...userIds] } }, { $set: { addedBy: replacement } });
}
