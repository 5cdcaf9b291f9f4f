import type { KnownBlock } from '@slack/types';
import { plural } from '../slack/format';
import { escapeWithin } from '../slack/text';
import type { FoundContact } from './erase';
import { CONTACT_ERASE_ACTION, CONTACT_ERASE_BLOCK } from './ids';

export interface EraseMessage {
  text: string;
  blocks: KnownBlock[];
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: false });
const MAX_LISTED = 20;

function contactLine(c: FoundContact): string {
  const details = [c.title, c.email].filter(Boolean).map((d) => escapeWithin(String(d), 100));
  return `• ${escapeWithin(c.name, 100)}${details.length ? ` (${details.join(', ')})` : ''} of *${escapeWithin(c.partnerName, 150)}*`;
}

/** Before erasing: whom it finds, what goes and what stays, and a button behind a confirmation dialog. */
export function erasePreview(found: readonly FoundContact[], buttonValue: string): EraseMessage {
  const lines = found.slice(0, MAX_LISTED).map(contactLine);
  if (found.length > MAX_LISTED) lines.push(`• and ${found.length - MAX_LISTED} more`);
  const text = `Erase ${plural(found.length, 'contact')} for good? Their name, email, title, phone and Slack id leave the partners, the people index, the commitments' history, commission memberships, program contacts, meeting attendance, scheduled messages and the audit trail ("erased contact" instead). The partners, their commitments and counts stay. This cannot be undone.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${text}\n${lines.join('\n')}` } },
      {
        type: 'actions',
        block_id: CONTACT_ERASE_BLOCK,
        elements: [
          {
            type: 'button',
            text: plain('Erase for good'),
            action_id: CONTACT_ERASE_ACTION,
            value: buttonValue,
            style: 'danger',
            confirm: {
              title: plain('Erase for good?'),
              text: plain(`${plural(found.length, 'contact')} will be erased. This cannot be undone.`),
              confirm: plain('Erase'),
              deny: plain('Cancel'),
              style: 'danger',
            },
          },
        ],
      },
    ],
  };
}

/** After erasing: how much, without the erased data. */
export function erasedMessage(outcome: {
  contacts: number;
  partners: readonly string[];
  commitments: number;
  auditEntries: number;
  memberships?: number;
  programs?: number;
  meetings?: number;
  deliverables?: number;
  notifications?: number;
}): EraseMessage {
  const partners = outcome.partners.slice(0, 10).map((p) => `*${escapeWithin(p, 150)}*`);
  const places = [
    plural(outcome.commitments, 'commitment'),
    ...(outcome.memberships ? [plural(outcome.memberships, 'commission membership')] : []),
    ...(outcome.programs ? [plural(outcome.programs, 'program of study', 'programs of study')] : []),
    ...(outcome.meetings ? [`the attendance of ${plural(outcome.meetings, 'meeting')}`] : []),
    ...(outcome.deliverables ? [`the owner of ${plural(outcome.deliverables, 'deliverable')}`] : []),
    ...(outcome.notifications ? [plural(outcome.notifications, 'scheduled message')] : []),
    plural(outcome.auditEntries, 'audit entry', 'audit entries'),
  ];
  const also = `${places.slice(0, -1).join(', ')} and ${places[places.length - 1]}`;
  const text = `:wastebasket: Erased ${plural(outcome.contacts, 'contact')} of ${partners.join(', ')}${outcome.partners.length > 10 ? ' and more' : ''}: also from ${also}. The erasure is in the audit trail.`;
  return { text: text.replace(/[*]/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
