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

/**
 * The Home tab as the person sees it, with `text` on top: what a button on Home that is still working says, on
 * Home (a DM would take them elsewhere). The tab's next publish (the change's refresh) replaces it.
 */
export function homeWithNotice(view: { blocks?: unknown[]; private_metadata?: string; callback_id?: string }, text: string): HomeView {
  const notice = { type: 'section' as const, text: { type: 'mrkdwn' as const, text: truncate(text, 3000) } };
  return {
    type: 'home',
    blocks: [notice, ...((view.blocks ?? []) as HomeView['blocks']).slice(0, 99)],
    ...(view.private_metadata ? { private_metadata: view.private_metadata } : {}),
    ...(view.callback_id ? { callback_id: view.callback_id } : {}),
  };
}
