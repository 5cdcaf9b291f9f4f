import type { KnownBlock } from '@slack/types';
import { lineSections } from '../slack/lists';
import { slackDate } from '../slack/dates';
import { escapeMrkdwn } from '../slack/text';
import type { NoSchoolRange } from './service';

/** Block Kit of `/iec calendar`. Pure functions. */

export function rangeText(r: NoSchoolRange, zone: string): string {
  return r.startDate === r.endDate ? slackDate(r.startDate, zone) : `${slackDate(r.startDate, zone)} to ${slackDate(r.endDate, zone)}`;
}

/** The no-school dates and ranges from today on (`total` may exceed `ranges`: "…and N more"). */
export function calendarListBlocks(ranges: readonly NoSchoolRange[], total: number, zone: string): KnownBlock[] {
  if (total === 0) {
    return [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'No no-school days are coming up. Add breaks and testing days with `/iec calendar add 2026-11-26 2026-11-27 Thanksgiving break`.',
        },
      },
    ];
  }
  const hidden = total - ranges.length;
  const lines = ranges.map((r) => `• ${rangeText(r, zone)}: *${escapeMrkdwn(r.label)}* (\`${r.startDate}\`)`);
  const sections = lineSections(lines, 20, (n) => `…and ${n + hidden} more later in the year.`);
  const cut = sections.some((b) => b.type === 'section' && b.text?.text.includes('more later in the year.'));
  return [
    { type: 'header', text: { type: 'plain_text', text: 'No-school days' } },
    ...sections,
    ...(hidden > 0 && !cut
      ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: `…and ${hidden} more later in the year.` }] }]
      : []),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Digests and due-date reminders that fall on these days move to the next school day. Remove one with `/iec calendar remove <date>`.',
        },
      ],
    },
  ];
}

export function calendarListText(total: number): string {
  return total === 0
    ? 'No no-school days are coming up.'
    : `${total} no-school ${total === 1 ? 'day or range' : 'days or ranges'} coming up.`;
}

export function addedText(r: NoSchoolRange, zone: string): string {
  return `:white_check_mark: No school ${rangeText(r, zone)}: *${escapeMrkdwn(r.label)}*. Digests and reminders due then move to the next school day.`;
}

export function removedText(r: NoSchoolRange, zone: string): string {
  return `:white_check_mark: Removed *${escapeMrkdwn(r.label)}* (${rangeText(r, zone)}) from the no-school days.`;
}
