import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { anyPartnerContact } from '../partners';

/** Members checked one by one at most; a bigger channel counts as shared (it cannot be vouched for). */
export const MEMBER_CHECK_LIMIT = 200;

const info = z.object({
  channel: z.object({
    is_ext_shared: z.boolean().optional(),
    is_pending_ext_shared: z.boolean().optional(),
    is_im: z.boolean().optional(),
  }),
});
const members = z.object({ members: z.array(z.string()), response_metadata: z.object({ next_cursor: z.string().optional() }).optional() });
const user = z.object({
  user: z.object({
    team_id: z.string().optional(),
    is_bot: z.boolean().optional(),
    is_restricted: z.boolean().optional(),
    is_ultra_restricted: z.boolean().optional(),
    is_stranger: z.boolean().optional(),
  }),
});

export type ChannelAudience = { shared: false } | { shared: true; why: string };

/**
 * Whether a channel is shared beyond the district's own staff: Slack Connect (`is_ext_shared`, or
 * `is_pending_ext_shared`), or members who are guests, users of another organisation or registered partner
 * contacts. Fails closed: when any of it cannot be checked, the channel counts as shared.
 */
export async function channelAudience(client: WebClient, channelId: string): Promise<ChannelAudience> {
  try {
    const [about, auth] = await Promise.all([client.conversations.info({ channel: channelId }), client.auth.test()]);
    const channel = info.parse(about).channel;
    if (channel.is_ext_shared) return { shared: true, why: 'it is shared with another organisation (Slack Connect)' };
    if (channel.is_pending_ext_shared) return { shared: true, why: 'it is being shared with another organisation (Slack Connect)' };
    const page = members.parse(await client.conversations.members({ channel: channelId, limit: MEMBER_CHECK_LIMIT }));
    if (page.response_metadata?.next_cursor) return { shared: true, why: `it has more than ${MEMBER_CHECK_LIMIT} members` };
    const contact = await anyPartnerContact(page.members);
    if (contact) return { shared: true, why: 'partner contacts are members' };
    const teamId = z.object({ team_id: z.string() }).parse(auth).team_id;
    const people = await Promise.all(page.members.map(async (id) => user.parse(await client.users.info({ user: id })).user));
    if (people.some((p) => p.is_restricted || p.is_ultra_restricted)) return { shared: true, why: 'guests are members' };
    if (people.some((p) => p.is_stranger || (p.team_id !== undefined && p.team_id !== teamId)))
      return { shared: true, why: 'people of another organisation are members' };
    return { shared: false };
  } catch (err) {
    return { shared: true, why: `I could not check who is in it (${(err as Error).message.slice(0, 80)})` };
  }
}
