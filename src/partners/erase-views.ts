import type { KnownBlock } from '@slack/types';
import { plural } from '../slack/format';
import { escapeWithin } from '../slack/text';
import type { PersonPlace } from '../domain/names';
import { CONTACT_ERASE_ACTION, CONTACT_ERASE_BLOCK } from './ids';

export interface EraseMessage {
  text: string;
  blocks: KnownBlock[];
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: false });
const MAX_LISTED = 20;

/** One place the person was found, literally (every value is theirs or a record's name, escaped). */
function placeLine(p: PersonPlace, commissionName: (key: string) => string): string {
  const e = (v: string, max = 150) => escapeWithin(v, max);
  switch (p.kind) {
    case 'contact': {
      const details = [p.title, p.email].filter((d): d is string => Boolean(d)).map((d) => e(d, 100));
      return `• contact ${e(p.name, 100)}${details.length ? ` (${details.join(', ')})` : ''} of *${e(p.partner)}*`;
    }
    case 'member':
      return `• member of *${e(commissionName(p.commissionKey))}*${p.name ? ` as ${e(p.name, 100)}` : ''}${p.organisation ? ` (${e(p.organisation, 100)})` : ''}`;
    case 'program':
      return `• contact${p.name ? ` ${e(p.name, 100)}` : ''} of the program *${e(p.program)}* at ${e(p.school)}`;
    case 'lead':
      return `• lead of *${e(commissionName(p.commissionKey))}* (they stop leading it)`;
    case 'attendee':
      return `• attended ${plural(p.meetings, 'meeting')}`;
    case 'guest':
      return `• guest ${e(p.name, 100)}${p.organisation ? ` (${e(p.organisation, 100)})` : ''} at ${plural(p.meetings, 'meeting')}`;
  }
}

const NOWHERE = '• no partner contact, membership, program, lead role or attendance: only what they recorded or changed';

/** Before erasing: where it found the person, what goes and what stays, and a button behind a confirmation dialog. */
export function erasePreview(
  places: readonly PersonPlace[],
  buttonValue: string,
  commissionName: (key: string) => string = (key) => key,
): EraseMessage {
  const lines = places.slice(0, MAX_LISTED).map((p) => placeLine(p, commissionName));
  if (places.length > MAX_LISTED) lines.push(`• and ${places.length - MAX_LISTED} more`);
  if (places.length === 0) lines.push(NOWHERE);
  const text = `Erase this person's personal data for good? Their name, email, title, phone and Slack id leave every record that holds them: partners, the people index, commission memberships and leads, program contacts, meetings and their attendance, commitments, deliverables, imports, scheduled messages and the audit trail ("erased contact" instead). The partners, commitments and every count stay. This cannot be undone.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${text}\n*Found:*\n${lines.join('\n')}`.slice(0, 3000) } },
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
              text: plain(
                `This person's personal data will be erased from ${plural(places.length, 'place')} found and every record naming them. This cannot be undone.`,
              ),
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
  leads?: number;
  imports?: number;
}): EraseMessage {
  const partners = outcome.partners.slice(0, 10).map((p) => `*${escapeWithin(p, 150)}*`);
  const places = [
    plural(outcome.commitments, 'commitment'),
    ...(outcome.memberships ? [plural(outcome.memberships, 'commission membership')] : []),
    ...(outcome.programs ? [plural(outcome.programs, 'program of study', 'programs of study')] : []),
    ...(outcome.meetings ? [`the attendance of ${plural(outcome.meetings, 'meeting')}`] : []),
    ...(outcome.deliverables ? [`the owner of ${plural(outcome.deliverables, 'deliverable')}`] : []),
    ...(outcome.leads ? [`the leads of ${plural(outcome.leads, 'commission')}`] : []),
    ...(outcome.imports ? [plural(outcome.imports, 'import')] : []),
    ...(outcome.notifications ? [plural(outcome.notifications, 'scheduled message')] : []),
    plural(outcome.auditEntries, 'audit entry', 'audit entries'),
  ];
  const also = `${places.slice(0, -1).join(', ')} and ${places[places.length - 1]}`;
  const who =
    outcome.contacts > 0
      ? `Erased ${plural(outcome.contacts, 'contact')} of ${partners.join(', ')}${outcome.partners.length > 10 ? ' and more' : ''}: also from ${also}.`
      : `Erased their personal data from ${also}.`;
  const text = `:wastebasket: ${who} The erasure is in the audit trail.`;
  return { text: text.replace(/[*]/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
