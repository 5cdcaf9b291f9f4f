import type { KnownBlock } from '@slack/types';
import { slackDateTime } from '../slack/dates';
import { lineSections, showMoreBlock } from '../slack/lists';
import { escapeWithin } from '../slack/text';
import { AUDIT_MORE_ACTION, AUDIT_MORE_BLOCK } from './ids';
import type { AuditChange, AuditPage, AuditRecord } from './service';

/** What each recorded action is called in the trail. Unknown actions show as recorded. */
const ACTION_LABELS: Record<string, string> = {
  'admin.add': 'made an administrator',
  'admin.remove': 'no longer an administrator',
  'commission.lead.add': 'lead appointed',
  'commission.lead.remove': 'lead removed',
  'commission.channel': 'channel changed',
  'commission.target': 'target changed',
  'commission.active': 'active changed',
  'calendar.add': 'no-school days added',
  'calendar.remove': 'no-school days removed',
  'contact.erase': 'contact erased',
  'commitment.change': 'commitment changed',
};

/** A stored value as mrkdwn: people and channels as Slack shows them, anything else literally. */
function value(v: unknown): string {
  if (v === null || v === undefined || v === '') return '_none_';
  if (typeof v === 'string' && /^[UW][A-Z0-9]{4,}$/.test(v)) return `<@${v}>`;
  if (typeof v === 'string' && /^[CG][A-Z0-9]{4,}$/.test(v)) return `<#${v}>`;
  return escapeWithin(typeof v === 'string' ? v : JSON.stringify(v), 200);
}

function changeText(c: AuditChange): string {
  return `${escapeWithin(c.field, 60)}: ${value(c.from)} → ${value(c.to)}`;
}

export function auditLine(e: AuditRecord, zone: string): string {
  const what = ACTION_LABELS[e.action] ?? escapeWithin(e.action, 60);
  const changes = e.changes.length > 0 ? `\n      ${e.changes.map(changeText).join(' · ')}` : '';
  const by = /^[UW][A-Z0-9]{4,}$/.test(e.by) ? `<@${e.by}>` : escapeWithin(e.by, 60);
  return `• ${slackDateTime(e.at, zone)} · *${what}* · ${escapeWithin(e.subject, 150)} · by ${by}${changes}`;
}

/** `/iec audit …`: a page of the trail, newest first, with Show more carrying the next offset and the filter. */
export function auditMessage(
  page: AuditPage,
  scope: { title: string; filter: string },
  zone: string,
): { text: string; blocks: KnownBlock[] } {
  const title = `Audit trail: ${scope.title}`;
  if (page.entries.length === 0) return { text: `${title}: nothing recorded.`, blocks: [section(`*${title}*\nNothing recorded.`)] };
  const blocks: KnownBlock[] = [
    section(`*${escapeWithin(title, 200)}* (newest first)`),
    ...lineSections(
      page.entries.map((e) => auditLine(e, zone)),
      40,
      (n) => `…and ${n} more`,
    ),
  ];
  if (page.nextOffset !== undefined) {
    blocks.push(showMoreBlock(AUDIT_MORE_BLOCK, AUDIT_MORE_ACTION, JSON.stringify({ f: scope.filter, o: page.nextOffset })));
  }
  return { text: `${title}: ${page.entries.length} changes`, blocks };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
