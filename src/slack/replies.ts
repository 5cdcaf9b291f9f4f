import type { Logger } from '@slack/bolt';
import type { HomeView, ModalView } from '@slack/types';
import { wroteSoFar } from '../db/write-tracking';
import { userMessageFor } from '../errors';
import { truncate } from './text';

/**
 * Logs what a person must not see and returns the message they should see: never "nothing was changed" when the
 * request has written something already (src/db/write-tracking.ts).
 */
export function errorReply(err: unknown, logger: Logger): string {
  return userMessageFor(err, (what, cause) => logger.error(`${what}:`, cause instanceof Error ? (cause.stack ?? cause.message) : cause), {
    wrote: wroteSoFar(),
  });
}

/** A modal telling the person what went wrong, pushed on top of a form (the form underneath keeps what was typed). */
export function errorModal(text: string, title = 'Could not do that'): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: truncate(title, 24) },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
  };
}

/** A Home tab that says what went wrong (e.g. "try again in a minute" while the database is away) instead of staying blank. */
export function errorHome(text: string): HomeView {
  return { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }] };
}
