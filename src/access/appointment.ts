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

/** Why someone is not a person of the district's own organisation, as Slack tells it (or could not tell). */
export type DistrictPersonProblem = 'unchecked' | 'inactive' | 'guest' | 'other organisation' | 'partner contact';

/**
 * Whether `userId` is a person of the district's own organisation — the same Enterprise Grid organisation when
 * there is one, else the same workspace — active, not a guest and not a registered partner contact: undefined
 * when they are, else why not (`unchecked` when Slack could not tell). The rule for appointing leads and for
 * handing work over (`/iec reassign`).
 */
export async function districtPersonProblem(
  client: WebClient,
  userId: string,
  envAdmins: readonly string[],
): Promise<DistrictPersonProblem | undefined> {
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
  if (!auth?.success || !info?.success) return 'unchecked';
  const user = info.data.user;
  const district = auth.data;
  if (user.deleted || user.is_bot) return 'inactive';
  if (user.is_restricted || user.is_ultra_restricted) return 'guest';
  const sameOrganisation = district.enterprise_id
    ? user.enterprise_user?.enterprise_id === district.enterprise_id
    : user.team_id === district.team_id && !user.is_stranger;
  if (!sameOrganisation) return 'other organisation';
  if (actor.partnerIds.length > 0) return 'partner contact';
  return undefined;
}

const APPOINTEE_REFUSALS: Record<DistrictPersonProblem, (who: string) => string> = {
  unchecked: (who) => `I could not check who ${who} is with Slack, so only an iec-bot administrator can make them a lead.`,
  inactive: (who) => `${who} is not an active person in this workspace.`,
  guest: (who) => `${who} is a guest in this workspace; only an iec-bot administrator can make a guest a lead.`,
  'other organisation': (who) => `${who} belongs to another organisation; only an iec-bot administrator can make them a lead.`,
  'partner contact': (who) => `${who} is a partner contact; only an iec-bot administrator can make a partner contact a lead.`,
};

/**
 * Why `userId` may not be appointed a lead by a lead (not an administrator), or undefined when they may: a lead
 * only appoints people of the district's own organisation (districtPersonProblem). When Slack cannot tell, the
 * answer is no (an administrator can still appoint them).
 */
export async function appointeeProblem(client: WebClient, userId: string, envAdmins: readonly string[]): Promise<string | undefined> {
  const problem = await districtPersonProblem(client, userId, envAdmins);
  return problem ? APPOINTEE_REFUSALS[problem](`<@${userId}>`) : undefined;
}
