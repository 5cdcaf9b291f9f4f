import type { Button, KnownBlock } from '@slack/types';
import type { Archivable } from '../db/archive';
import { escapeMrkdwn } from '../slack/text';
import { CORRECTION_ACTION, CORRECTION_BLOCK } from './ids';
import { correctionValue, type RecordKind } from './input';

export interface CorrectionMessage {
  text: string;
  blocks: KnownBlock[];
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

function named(r: Archivable): string {
  return `*${escapeMrkdwn(r.name.slice(0, 150))}*`;
}

function message(text: string, button?: { text: string; action: string; value: string; style?: 'danger' | 'primary'; confirm?: string }) {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (button)
    blocks.push({
      type: 'actions',
      block_id: CORRECTION_BLOCK,
      elements: [
        {
          type: 'button',
          text: plain(button.text),
          action_id: button.action,
          value: button.value,
          ...(button.style ? { style: button.style } : {}),
          ...(button.confirm
            ? {
                confirm: {
                  title: plain('Are you sure?'),
                  text: { type: 'mrkdwn', text: button.confirm },
                  confirm: plain(button.text),
                  deny: plain('Cancel'),
                },
              }
            : {}),
        },
      ],
    });
  return { text: text.replace(/[*_`]/g, ''), blocks };
}

const GONE: Record<RecordKind, string> = {
  partner:
    'gone from partner lists, the type-ahead, name look-ups, digests and Home until restored; its commitments stay but count in no total',
  school: 'gone from the school list, the type-ahead and name look-ups until restored; the commitments that served it keep it',
};

/** An Archive button for a record's card (with Slack's confirmation); the corrections feature answers it. */
export function archiveButton(kind: RecordKind, r: Pick<Archivable, 'id' | 'name'>): Button {
  return {
    type: 'button',
    text: plain('Archive'),
    action_id: CORRECTION_ACTION.archive,
    value: correctionValue(kind, r.id),
    confirm: {
      title: plain(`Archive this ${kind}?`),
      text: { type: 'mrkdwn', text: `*${escapeMrkdwn(r.name.slice(0, 100))}* will be gone from lists and the type-ahead until restored.` },
      confirm: plain('Archive'),
      deny: plain('Keep it'),
    },
  };
}

export function archivedMessage(kind: RecordKind, r: Archivable): CorrectionMessage {
  return message(`:file_cabinet: Archived ${named(r)}: ${GONE[kind]}.`, {
    text: 'Restore',
    action: CORRECTION_ACTION.restore,
    value: correctionValue(kind, r.id),
  });
}

export function restoredMessage(kind: RecordKind, r: Archivable): CorrectionMessage {
  return message(`:leftwards_arrow_with_hook: Restored ${named(r)}: it is back in the ${kind} list and the type-ahead.`, {
    text: 'Archive again',
    action: CORRECTION_ACTION.archive,
    value: correctionValue(kind, r.id),
  });
}

/** Before deleting for good: nothing refers to it, and it cannot be undone. */
export function deletePreview(kind: RecordKind, r: Archivable): CorrectionMessage {
  return message(`Delete the ${kind} ${named(r)} for good? Nothing refers to it. This cannot be undone (archiving can).`, {
    text: 'Delete for good',
    action: CORRECTION_ACTION.delete,
    value: correctionValue(kind, r.id),
    style: 'danger',
    confirm: `${named(r)} will be deleted for good.`,
  });
}

export function deletedMessage(kind: RecordKind, r: Archivable): CorrectionMessage {
  return message(`:wastebasket: Deleted the ${kind} ${named(r)} for good.`);
}
