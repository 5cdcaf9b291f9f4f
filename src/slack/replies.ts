import type { Logger } from '@slack/bolt';
import { userMessageFor } from '../errors';

/** Logs what a person must not see and returns the message they should see. */
export function errorReply(err: unknown, logger: Logger): string {
  return userMessageFor(err, (what, cause) => logger.error(`${what}:`, cause instanceof Error ? (cause.stack ?? cause.message) : cause));
}
