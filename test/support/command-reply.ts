import type { Harness } from './harness';

export interface ReplyBody {
  text?: string;
  blocks?: unknown[];
}

/**
 * Sends `/iec <text>` as `userId` and returns the ephemeral reply it caused (the next response_url post; a "still
 * working" notice on a loaded machine is a progress notice the harness's fake keeps out of it).
 */
export async function commandReply(h: Harness, text: string, userId: string, command = '/iec'): Promise<ReplyBody> {
  const before = h.fake.callsTo('response_url').length;
  await h.slack.command(command, text, { userId });
  await h.fake.waitFor('response_url', () => h.fake.callsTo('response_url').length > before);
  return h.fake.callsTo('response_url').at(-1)!.args as ReplyBody;
}
