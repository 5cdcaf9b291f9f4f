import { MemberModel } from './model';

/** The commissions a Slack user is a member of (read by the permission module, src/access/actor.ts). */
export async function commissionsOfMember(userId: string): Promise<string[]> {
  const rows = await MemberModel.find({ slackUserId: userId }, { commissionKey: 1 }).limit(100).lean();
  return [...new Set(rows.map((r) => r.commissionKey))];
}
