import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { membersOf } from '../members';
import { partnerContactsOf } from '../partners';
import type { AssessedProgram } from '../programs';
import type { PacketContacts } from './programs';

/** What users.info tells of a program contact in Slack (only what the packet names). */
const slackUser = z.object({
  user: z.object({
    real_name: z.string().optional(),
    name: z.string().optional(),
    profile: z.object({ real_name: z.string().optional(), email: z.string().optional() }).optional(),
  }),
});

/** A contact in Slack by name and email: their membership of the program's commission, else their Slack profile. */
async function slackContact(client: WebClient, userId: string, member: { name?: string; email?: string } | undefined) {
  const info = await client.users
    .info({ user: userId })
    .then((r) => slackUser.safeParse(r))
    .catch(() => undefined);
  const user = info?.success ? info.data.user : undefined;
  const name = member?.name || user?.profile?.real_name || user?.real_name || user?.name || `Slack user ${userId}`;
  return { name, email: member?.email || user?.profile?.email || '', inSlack: true };
}

/**
 * Who a program's evidence packet names: the program's contacts (those in Slack by their name and email) and the
 * contacts of each partner whose commitments it lists.
 */
export async function packetContacts(a: AssessedProgram, client: WebClient): Promise<PacketContacts> {
  const p = a.program;
  const partnerIds = [...a.evidence.programCommitments, ...a.evidence.workBasedLearning].map((c) => c.partnerId);
  const inSlack = (p.contacts ?? []).some((c) => c.slackUserId);
  const [partners, members] = await Promise.all([partnerContactsOf(partnerIds), inSlack ? membersOf(p.commissionKey) : []]);
  const memberOf = new Map(members.flatMap((m) => (m.slackUserId ? [[m.slackUserId, m] as const] : [])));
  const program = await Promise.all(
    (p.contacts ?? []).map((c) =>
      c.slackUserId
        ? slackContact(client, c.slackUserId, memberOf.get(c.slackUserId))
        : { name: c.name || c.email || '', email: c.email ?? '', inSlack: false },
    ),
  );
  return { program, partners };
}
