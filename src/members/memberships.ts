import { recordMemberships } from '../access';
import { MemberModel } from './model';

/** The commissions a Slack user is a member of (read by the permission module, src/access/actor.ts). */
export async function commissionsOfMember(userId: string): Promise<string[]> {
  const rows = await MemberModel.find({ slackUserId: userId }, { commissionKey: 1 }).limit(100).lean();
  return [...new Set(rows.map((r) => r.commissionKey))];
}

/** Records in the people index which commissions each of these Slack users is a member of (after a change to members). */
export async function syncMemberships(userIds: ReadonlyArray<string | null | undefined>): Promise<void> {
  for (const userId of new Set(userIds.filter((u): u is string => Boolean(u)))) {
    await recordMemberships(userId, await commissionsOfMember(userId));
  }
}

/** Every member in Slack with their commissions: the facts the people index is rebuilt from. */
export async function membershipsByUser(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const m of await MemberModel.find({ slackUserId: { $gt: '' } }, { slackUserId: 1, commissionKey: 1 }).lean()) {
    const userId = m.slackUserId as string;
    const keys = out.get(userId) ?? [];
    if (!keys.includes(m.commissionKey)) out.set(userId, [...keys, m.commissionKey]);
  }
  return out;
}
