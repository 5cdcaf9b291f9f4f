import { STILL_WORKING } from '../../src/slack/request-deadline';
import type { Harness } from './harness';

export interface ReplyBody {
  text?: string;
  blocks?: unknown[];
}

/**
 * Sends `/iec <text>` as `userId` and returns the ephemeral reply it caused (the next response_url post). On a
 * loaded machine a command can pass the request deadline's 2 s: its "still working" notice is not the reply.
 */
export async function commandReply(h: Harness, text: string, userId: string, command = '/iec'): Promise<ReplyBody> {
  const before = h.fake.callsTo('response_url').length;
  const replies = () =>
    h.fake
      .callsTo('response_url')
      .slice(before)
      .filter((c) => c.args.text !== STILL_WORKING);
  await h.slack.command(command, text, { userId });
  await h.fake.waitFor('response_url', () => replies().length > 0);
  return replies().at(-1)!.args as ReplyBody;
}
