import type { KnownBlock } from '@slack/types';
import { COMMITMENT_TYPE_INFO, type PartnerHistoryEntry } from '../commitments';
import { slackDate, slackDateTime } from '../slack/dates';
import { escapeMrkdwn } from '../slack/text';
import { CORRECTION_ACTION, CORRECTION_BLOCK } from './ids';
import type { CorrectionMessage } from './views';

export const HISTORY_PAGE_SIZE = 10;
const MAX_CHANGES = 6;

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(shown).join(', ');
  const text = String(value);
  return escapeMrkdwn(text.length > 60 ? `${text.slice(0, 59)}…` : text);
}

function who(by: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(by) ? `<@${by}>` : escapeMrkdwn(by);
}

/** One change of a commitment: when, who, what kind, and each field from what to what. */
export function historyLine(e: PartnerHistoryEntry, zone: string): string {
  const what = `${COMMITMENT_TYPE_INFO[e.commitment.type]?.label ?? e.commitment.type} of ${slackDate(e.commitment.startDate, zone)}`;
  const head = `*${slackDateTime(new Date(e.at), zone)}* · ${who(e.by)} · ${escapeMrkdwn(e.action)}${e.source ? ` (${escapeMrkdwn(e.source.slice(0, 60))})` : ''} — ${what}`;
  const changes =
    e.action === 'created'
      ? []
      : e.changes.slice(0, MAX_CHANGES).map((c) => `• ${escapeMrkdwn(c.field)}: ${shown(c.from)} → ${shown(c.to)}`);
  const more = e.action !== 'created' && e.changes.length > MAX_CHANGES ? [`• and ${e.changes.length - MAX_CHANGES} more fields`] : [];
  return [head, ...changes, ...more].join('\n');
}

/** `/iec history <partner>`: its commitments' changes, newest first, a page at a time with Show more. */
export function historyMessage(
  partner: { id: string; name: string },
  page: { entries: PartnerHistoryEntry[]; total: number },
  offset: number,
  zone: string,
): CorrectionMessage {
  const title = `History of ${partner.name}`;
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } }];
  if (page.total === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '_No changes recorded yet._' } });
  for (const e of page.entries) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: historyLine(e, zone).slice(0, 3000) } });
  const shownTo = offset + page.entries.length;
  if (page.total > 0)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${offset + 1}–${shownTo} of ${page.total} changes, newest first` }],
    });
  if (shownTo < page.total)
    blocks.push({
      type: 'actions',
      block_id: CORRECTION_BLOCK,
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Show more' },
          action_id: CORRECTION_ACTION.historyMore,
          value: `${partner.id}:${shownTo}`,
        },
      ],
    });
  return { text: `${title}: ${page.total} changes`, blocks };
}
