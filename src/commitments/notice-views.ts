import type { KnownBlock } from '@slack/types';
import type { HistoryEntry } from '../db/history';
import { COMMITMENT_TYPE_INFO, type CommitmentType } from '../domain/commitments';
import { slackDateTime } from '../slack/dates';
import { formatQuantity } from '../slack/format';
import { historyEntryText } from '../slack/history';
import { escapeMrkdwn, truncate } from '../slack/text';
import { CHANGE_NOTICE_KIND } from './ids';
import { commitmentHistoryVocabulary } from './views';

/**
 * Change notices (#12): when a partner contact records or changes a commitment, or anyone who does not lead its
 * commission does, the commission's leads are told; when anyone who is not one of the partner's contacts (staff)
 * does, the partner's contacts are told. One DM per person per 10-minute window, planned from the commitments'
 * history by the scheduler (src/commitments/notices.ts), so every replica plans the same keys and the unique
 * claim sends each once. Everything here is pure.
 */

export const NOTICE_WINDOW_MS = 10 * 60_000;
/** After a window ends, how long its notice waits for writes still in flight (the next minute's tick sends it). */
export const NOTICE_GRACE_MS = 30_000;
/** A notice not sent this long after it was due (the app was down) is no longer useful: recorded as skipped. */
export const NOTICE_CATCH_UP_MS = 6 * 60 * 60_000;
/** Changes by one person, of one kind, from one source in one window: more than this are told as one summary. */
export const BULK_THRESHOLD = 3;
/** Sections of single changes shown; the rest are counted (a message holds at most 50 blocks). */
const CHANGES_SHOWN = 15;
const SUMMARIES_SHOWN = 10;

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;

/** The 10-minute window an instant falls in, and when its notice is due. */
export function noticeWindowOf(at: Date): { start: Date; end: Date; dueAt: Date } {
  const start = new Date(Math.floor(at.getTime() / NOTICE_WINDOW_MS) * NOTICE_WINDOW_MS);
  const end = new Date(start.getTime() + NOTICE_WINDOW_MS);
  return { start, end, dueAt: new Date(end.getTime() + NOTICE_GRACE_MS) };
}

/** One notice per person per window: every replica plans the same key. */
export function noticeKey(userId: string, windowStart: Date): string {
  return `${CHANGE_NOTICE_KIND}:${userId}:${windowStart.toISOString()}`;
}

/** What a history entry touched: who made it, and the commissions and partners it concerns (both sides of a move). */
export interface NoticeTouch {
  by: string;
  commissionKeys: readonly string[];
  partnerIds: readonly string[];
}

/** Who leads each commission, and the Slack users among each partner's contacts. */
export interface NoticeRoles {
  leadsByCommission: ReadonlyMap<string, readonly string[]>;
  contactsByPartner: ReadonlyMap<string, readonly string[]>;
}

/** The commission and partner a commitment's entry concerns: the commitment's, and the other side of a move in this entry. */
export function touchOf(
  commitment: { commissionKey: string; partnerId: string },
  entry: Pick<HistoryEntry, 'by' | 'changes'>,
): NoticeTouch {
  const sides = (field: string, current: string) => {
    const change = (entry.changes ?? []).find((c) => c.field === field);
    const values = [current, ...(change ? [change.from, change.to] : [])];
    return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
  };
  return {
    by: entry.by,
    commissionKeys: sides('commissionKey', commitment.commissionKey),
    partnerIds: sides('partnerId', commitment.partnerId),
  };
}

/**
 * Who is told of a change: the leads of each commission it touches when its author does not lead that commission,
 * and the contacts of each partner it touches when its author is not one of them. Never the author; nobody for
 * changes not made by a person (the seed, an erased contact).
 */
export function noticeRecipients(touch: NoticeTouch, roles: NoticeRoles): string[] {
  if (!SLACK_USER.test(touch.by)) return [];
  const out = new Set<string>();
  for (const key of touch.commissionKeys) {
    const leads = roles.leadsByCommission.get(key) ?? [];
    if (!leads.includes(touch.by)) for (const lead of leads) out.add(lead);
  }
  for (const id of touch.partnerIds) {
    const contacts = roles.contactsByPartner.get(id) ?? [];
    if (!contacts.includes(touch.by)) for (const contact of contacts) out.add(contact);
  }
  out.delete(touch.by);
  return [...out].sort();
}

/** One change to tell: the commitment as it is now, and the history entry. */
export interface NoticeItem {
  commitment: {
    id: string;
    partnerName: string;
    commissionKey: string;
    type: string;
    quantity: number;
    unit?: string | null;
  };
  entry: HistoryEntry;
}

export interface NoticeData {
  items: readonly NoticeItem[];
  window: { start: Date; end: Date };
  /** Commission keys → names. */
  commissionNames: ReadonlyMap<string, string>;
  /** School ids → names (for the schools field). */
  schoolNames: ReadonlyMap<string, string>;
  zone: string;
}

function who(by: string): string {
  return SLACK_USER.test(by) ? `<@${by}>` : escapeMrkdwn(truncate(by, 60));
}

function typeLabel(type: string): string {
  return COMMITMENT_TYPE_INFO[type as CommitmentType]?.label ?? type;
}

function commissionName(key: string, names: ReadonlyMap<string, string>): string {
  return escapeMrkdwn(truncate(names.get(key) ?? key, 60));
}

/** A commitment as the notice names it: partner — type: quantity · commission. */
export function noticeSubject(c: NoticeItem['commitment'], names: ReadonlyMap<string, string>): string {
  return `*${escapeMrkdwn(truncate(c.partnerName, 150))}* — ${typeLabel(c.type)}: ${formatQuantity(c.type, c.quantity, c.unit ?? undefined)} · ${commissionName(c.commissionKey, names)}`;
}

interface Group {
  by: string;
  action: string;
  source?: string;
  items: NoticeItem[];
}

/** Changes grouped by who, what kind and from where, in the order they were made. */
function groupsOf(items: readonly NoticeItem[]): Group[] {
  const groups = new Map<string, Group>();
  const sorted = [...items].sort(
    (a, b) => new Date(a.entry.at).getTime() - new Date(b.entry.at).getTime() || a.commitment.id.localeCompare(b.commitment.id),
  );
  for (const item of sorted) {
    const key = JSON.stringify([item.entry.by, item.entry.action, item.entry.source ?? '']);
    const group = groups.get(key) ?? {
      by: item.entry.by,
      action: item.entry.action,
      ...(item.entry.source ? { source: item.entry.source } : {}),
      items: [],
    };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** One summary of a bulk change (an import, a batch): who, what kind, how many, of which partners and commissions. */
export function bulkSummary(group: Group, names: ReadonlyMap<string, string>): string {
  const count = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  const partners = count(group.items.map((i) => i.commitment.partnerName));
  const shownPartners = partners.slice(0, 8).map(([name, n]) => `${escapeMrkdwn(truncate(name, 80))} (${n})`);
  const morePartners = partners.length > 8 ? `, and ${partners.length - 8} more partners` : '';
  const commissions = count(group.items.map((i) => i.commitment.commissionKey)).map(([key]) => commissionName(key, names));
  const source = group.source ? ` (${escapeMrkdwn(truncate(group.source, 60))})` : '';
  return truncate(
    `${who(group.by)} · ${escapeMrkdwn(truncate(group.action, 40))}${source} · *${group.items.length} commitments* of ${shownPartners.join(', ')}${morePartners} · ${commissions.join(', ')}`,
    3000,
  );
}

/** One change: the commitment, then when, who, what kind and each field from what to what. */
export function changeText(item: NoticeItem, data: Pick<NoticeData, 'commissionNames' | 'schoolNames' | 'zone'>): string {
  const base = commitmentHistoryVocabulary(data.schoolNames);
  const vocabulary = {
    ...base,
    value: (field: string, v: unknown) =>
      field === 'commissionKey' && typeof v === 'string' ? commissionName(v, data.commissionNames) : base.value?.(field, v),
  };
  return truncate(`${noticeSubject(item.commitment, data.commissionNames)}\n${historyEntryText(item.entry, data.zone, vocabulary)}`, 3000);
}

/** The DM: what changed in the window, a summary per bulk change, within Slack's limits (50 blocks, 3000 a section). */
export function changeNoticeMessage(data: NoticeData): { text: string; blocks: KnownBlock[] } {
  const groups = groupsOf(data.items);
  const bulk = groups.filter((g) => g.items.length > BULK_THRESHOLD);
  const single = groups.filter((g) => g.items.length <= BULK_THRESHOLD).flatMap((g) => g.items);
  single.sort((a, b) => new Date(a.entry.at).getTime() - new Date(b.entry.at).getTime());
  const total = data.items.length;
  const authors = [...new Set(data.items.map((i) => i.entry.by))];
  const title = `${total} ${total === 1 ? 'change' : 'changes'} to commitments`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Made by ${authors.slice(0, 5).map(who).join(', ')}${authors.length > 5 ? ` and ${authors.length - 5} others` : ''} between ${slackDateTime(data.window.start, data.zone)} and ${slackDateTime(data.window.end, data.zone)}. \`/iec history <partner>\` shows every change.`,
        },
      ],
    },
  ];
  for (const g of bulk.slice(0, SUMMARIES_SHOWN))
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: bulkSummary(g, data.commissionNames) } });
  for (const item of single.slice(0, CHANGES_SHOWN))
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: changeText(item, data) } });
  const left = Math.max(0, bulk.length - SUMMARIES_SHOWN) + Math.max(0, single.length - CHANGES_SHOWN);
  if (left > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${left} more not shown here` }] });
  const first = data.items[0];
  const text =
    total === 1 && first
      ? `${escapeMrkdwn(truncate(first.commitment.partnerName, 150))}: ${escapeMrkdwn(truncate(first.entry.action, 40))} by ${who(first.entry.by)}`
      : `${title} by ${authors.length} ${authors.length === 1 ? 'person' : 'people'}`;
  return { text, blocks };
}
