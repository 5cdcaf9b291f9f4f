import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { resolveActor } from './actor';

/** What users.info and auth.test tell about who someone is (only what the rule reads). */
const userInfo = z.object({
  user: z.object({
    id: z.string(),
    team_id: z.string().optional(),
    deleted: z.boolean().optional(),
    is_bot: z.boolean().optional(),
    is_restricted: z.boolean().optional(),
    is_ultra_restricted: z.boolean().optional(),
    is_stranger: z.boolean().optional(),
    enterprise_user: z.object({ enterprise_id: z.string() }).optional(),
  }),
});
const authInfo = z.object({ team_id: z.string(), enterprise_id: z.string().optional().nullable() });

/**
 * Why `userId` may not be appointed a lead by a lead (not an administrator), or undefined when they may: a lead
 * only appoints people of the district's own organisation — the same Enterprise Grid organisation when there is
 * one, else the same workspace — who are not guests and not registered partner contacts. When Slack cannot tell,
 * the answer is no (an administrator can still appoint them).
 */
export async function appointeeProblem(client: WebClient, userId: string, envAdmins: readonly string[]): Promise<string | undefined> {
  const who = `<@${userId}>`;
  const [auth, info, actor] = await Promise.all([
    client.auth.test().then(
      (r) => authInfo.safeParse(r),
      () => undefined,
    ),
    client.users.info({ user: userId }).then(
      (r) => userInfo.safeParse(r),
      () => undefined,
    ),
    resolveActor(userId, envAdmins),
  ]);
  if (!auth?.success || !info?.success)
    return `I could not check who ${who} is with Slack, so only an iec-bot administrator can make them a lead.`;
  const user = info.data.user;
  const district = auth.data;
  if (user.deleted || user.is_bot) return `${who} is not an active person in this workspace.`;
  if (user.is_restricted || user.is_ultra_restricted)
    return `${who} is a guest in this workspace; only an iec-bot administrator can make a guest a lead.`;
  const sameOrganisation = district.enterprise_id
    ? user.enterprise_user?.enterprise_id === district.enterprise_id
    : user.team_id === district.team_id && !user.is_stranger;
  if (!sameOrganisation) return `${who} belongs to another organisation; only an iec-bot administrator can make them a lead.`;
  if (actor.partnerIds.length > 0) return `${who} is a partner contact; only an iec-bot administrator can make a partner contact a lead.`;
  return undefined;
}
