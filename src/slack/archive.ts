import type { Button, KnownBlock } from '@slack/types';
import { escapeWithin } from './text';

/**
 * Archive and Restore as actions on a record's row (deliverables, meetings): the Archive button behind Slack's
 * confirm dialog, and the answer that replaces the message or follows it, with the opposite button. Each feature
 * owns its action ids and its archive functions; these build the blocks, inside Slack's limits (75-character
 * labels, 300-character confirm texts).
 */

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/** What the buttons and answers say about a record. */
export interface ArchiveSubject {
  /** `deliverable`, `meeting`. */
  noun: string;
  title: string;
  /** Where an archived one is gone from, e.g. "`/iec deliverables`, Home, the digest and reminders". */
  gone: string;
}

export interface ArchiveActionIds {
  archive: string;
  restore: string;
}

/** Archive, behind Slack's confirm dialog naming the record and what archiving does. */
export function archiveRowButton(actionId: string, value: string, s: ArchiveSubject): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain('Archive'),
    value,
    confirm: {
      title: plain(`Archive this ${s.noun}?`),
      text: {
        type: 'mrkdwn',
        text: `*${escapeWithin(s.title, 120)}* will be gone from ${s.gone} until restored. Its history stays; Restore brings it back as it was.`,
      },
      confirm: plain('Archive'),
      deny: plain('Keep it'),
    },
  };
}

/** After Archive (or Restore) was pressed: what it means, with Restore (or Archive again) for the same record. */
export function archiveOutcome(
  archived: boolean,
  s: ArchiveSubject,
  ids: ArchiveActionIds,
  value: string,
  blockId: string,
): { text: string; blocks: KnownBlock[] } {
  const name = `*${escapeWithin(s.title, 150)}*`;
  const text = archived
    ? `:file_cabinet: Archived the ${s.noun} ${name}: gone from ${s.gone} until restored.`
    : `:leftwards_arrow_with_hook: Restored the ${s.noun} ${name}: it is back as it was.`;
  const button: Button = archived
    ? { type: 'button', action_id: ids.restore, text: plain('Restore'), value }
    : archiveRowButton(ids.archive, value, s);
  return {
    text: `${archived ? 'Archived' : 'Restored'} the ${s.noun} ${escapeWithin(s.title, 150)}.`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'actions', block_id: blockId, elements: [button] },
    ],
  };
}
