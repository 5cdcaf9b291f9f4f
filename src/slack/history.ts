import type { Button, KnownBlock, ModalView } from '@slack/types';
import type { HistoryEntry } from '../db/history';
import { slackDate, slackDateTime } from './dates';
import { escapeMrkdwn, truncate } from './text';

/**
 * A record's history as people read it (any kind: commitments, partners, deliverables, meetings): who, when, what
 * kind of change, each field from what to what, newest first, a page at a time. Pure, within Slack's limits: a
 * page is at most HISTORY_PAGE_SIZE sections of at most 3000 characters, a modal far below 100 blocks.
 */

export const HISTORY_PAGE_SIZE = 10;
/** Fields shown per entry (the rest are counted). */
const FIELDS_SHOWN = 8;
const VALUE_MAX = 80;

/** How one kind of record names its fields and shows their values. */
export interface HistoryVocabulary {
  /** A field's name as people read it; fields mapped to null are not shown (derived or internal ones). */
  labels: Record<string, string | null>;
  /** A value as people read it, when the generic display will not do (a status label, a school's name). */
  value?: (field: string, value: unknown) => string | undefined;
  /** What an entry is about, after its head (mrkdwn), when a page mixes records (a partner's commitments). */
  about?: (entry: HistoryEntry) => string | undefined;
}

/** The paging buttons: their block, their action ids, and the value that names a page (offset) of this record. */
export interface HistoryPaging {
  blockId: string;
  older: string;
  newer: string;
  value: (offset: number) => string;
}

export interface HistoryPage {
  entries: readonly HistoryEntry[];
  total: number;
  offset: number;
}

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;

/** A stored Slack user id as a mention, for vocabularies (owners, who cancelled); undefined for anything else. */
export function userMention(value: unknown): string | undefined {
  return typeof value === 'string' && SLACK_USER.test(value) ? `<@${value}>` : undefined;
}

function who(by: string): string {
  return userMention(by) ?? escapeMrkdwn(truncate(by, 60));
}

/** A stored value, generically: dates, `YYYY-MM-DD`, lists, absent as —. */
export function shownValue(value: unknown, zone: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value instanceof Date) return slackDateTime(value, zone);
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => shownValue(v, zone)).join(', ');
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return slackDate(value, zone);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return slackDateTime(new Date(value), zone);
  if (typeof value === 'object') return escapeMrkdwn(truncate(JSON.stringify(value), VALUE_MAX));
  return escapeMrkdwn(truncate(String(value), VALUE_MAX));
}

/** A record's History button (its value is the record id; `historyActions` opens the modal). */
export function historyButton(actionId: string, id: unknown): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: 'History' }, value: String(id) };
}

/** One entry: when, who, what kind (and its source), then each shown field `from → to`. */
export function historyEntryText(e: HistoryEntry, zone: string, vocabulary: HistoryVocabulary): string {
  const show = (field: string, v: unknown) => vocabulary.value?.(field, v) ?? shownValue(v, zone);
  const source = e.source ? ` (${escapeMrkdwn(truncate(e.source, 60))})` : '';
  const about = vocabulary.about?.(e);
  const head = `*${slackDateTime(new Date(e.at), zone)}* · ${who(e.by)} · ${escapeMrkdwn(truncate(e.action, 40))}${source}${about ? ` — ${about}` : ''}`;
  const changes = (e.changes ?? []).filter((c) => vocabulary.labels[c.field] !== null);
  const lines = changes.slice(0, FIELDS_SHOWN).map((c) => {
    const label = escapeMrkdwn(vocabulary.labels[c.field] ?? c.field);
    return e.action === 'created' || (c.from === null && c.to !== null)
      ? `• ${label}: ${show(c.field, c.to)}`
      : `• ${label}: ${show(c.field, c.from)} → ${show(c.field, c.to)}`;
  });
  if (changes.length > FIELDS_SHOWN) lines.push(`• and ${changes.length - FIELDS_SHOWN} more fields`);
  return truncate([head, ...lines].join('\n'), 3000);
}

/** The blocks of one page: the entries, where we are, and "Older changes" (its value is the caller's). */
export function historyBlocks(page: HistoryPage, zone: string, vocabulary: HistoryVocabulary, more?: HistoryPaging): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (page.total === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '_No changes recorded yet._' } });
  for (const e of page.entries.slice(0, HISTORY_PAGE_SIZE))
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: historyEntryText(e, zone, vocabulary) } });
  const to = page.offset + Math.min(page.entries.length, HISTORY_PAGE_SIZE);
  if (page.total > 0)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${page.offset + 1}–${to} of ${page.total} changes, newest first` }],
    });
  const buttons = [];
  if (more && page.offset > 0)
    buttons.push({
      type: 'button' as const,
      action_id: more.newer,
      text: { type: 'plain_text' as const, text: 'Newer changes' },
      value: more.value(Math.max(0, page.offset - HISTORY_PAGE_SIZE)),
    });
  if (more && to < page.total)
    buttons.push({
      type: 'button' as const,
      action_id: more.older,
      text: { type: 'plain_text' as const, text: 'Older changes' },
      value: more.value(to),
    });
  if (more && buttons.length > 0) blocks.push({ type: 'actions', block_id: more.blockId, elements: buttons });
  return blocks;
}

/** The history in a modal: what the record is on top, then one page. */
export function historyModal(data: {
  callbackId: string;
  /** What the record is, in one line (mrkdwn). */
  subject: string;
  page: HistoryPage;
  zone: string;
  vocabulary: HistoryVocabulary;
  more: HistoryPaging;
}): ModalView {
  return {
    type: 'modal',
    callback_id: data.callbackId,
    title: { type: 'plain_text', text: 'History' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(data.subject, 3000) } },
      { type: 'divider' },
      ...historyBlocks(data.page, data.zone, data.vocabulary, data.more),
    ],
  };
}
