import type { KnownBlock } from '@slack/types';
import { COMMITMENT_TYPE_INFO } from '../domain/commitments';
import { fitLines, lineSections } from '../slack/lists';
import { escapeMrkdwn, truncate } from '../slack/text';
import type { CommissionDetail, CommissionSummary, CommissionTarget } from './service';
import { formatAmount, formatQuantity, plural } from '../slack/format';

const more = (n: number) => `…and ${n} more`;

function channelText(channelId?: string): string {
  return channelId ? `<#${channelId}>` : '_no channel yet_';
}

function leadsText(leads: readonly string[]): string {
  return leads.length > 0
    ? fitLines(
        leads.map((u) => `<@${u}>`),
        more,
        1500,
      ).replace(/\n/g, ', ')
    : '_no leads yet_';
}

/** `/iec commission list`. */
export function commissionListBlocks(commissions: readonly CommissionSummary[]): KnownBlock[] {
  if (commissions.length === 0) {
    return [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'There are no commissions yet. An administrator can create the eight sectors with `npm run seed`.' },
      },
    ];
  }
  const lines = commissions.map(
    (c) =>
      `• *${escapeMrkdwn(truncate(c.name, 80))}* \`${c.key}\`${c.active ? '' : ' _(inactive)_'} — ${channelText(c.channelId)} · ${
        c.leads.length > 0
          ? c.leads
              .slice(0, 5)
              .map((u) => `<@${u}>`)
              .join(', ') + (c.leads.length > 5 ? ` +${c.leads.length - 5}` : '')
          : '_no leads_'
      }`,
  );
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Commissions' } },
    ...lineSections(lines, 40, more),
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'Details: `/iec commission show <key>`' }] },
  ];
}

function progressLine(p: CommissionTarget): string {
  const { label } = COMMITMENT_TYPE_INFO[p.type];
  const pledged =
    p.target !== undefined
      ? `${formatAmount(p.type, p.pledged)} of ${formatQuantity(p.type, p.target)} pledged`
      : `${formatQuantity(p.type, p.pledged)} pledged (no target)`;
  return `• *${label}*: ${pledged} · ${formatAmount(p.type, p.fulfilled)} fulfilled · ${plural(p.commitments, 'commitment')}`;
}

/** `/iec commission show <key>`: channel, leads, and the school year's targets with what was pledged and fulfilled. */
export function commissionDetailBlocks(detail: CommissionDetail): KnownBlock[] {
  const progress =
    detail.progress.length > 0
      ? fitLines(detail.progress.map(progressLine), more)
      : `_No targets and no commitments yet. Set a target with \`/iec commission set-target ${detail.key} mentoring 40\`._`;
  return [
    { type: 'header', text: { type: 'plain_text', text: truncate(detail.name, 150) } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Key*\n\`${detail.key}\`${detail.active ? '' : ' _(inactive)_'}` },
        { type: 'mrkdwn', text: `*Channel*\n${channelText(detail.channelId)}` },
        { type: 'mrkdwn', text: `*Leads*\n${leadsText(detail.leads)}` },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*${detail.schoolYear} targets and progress*\n${progress}` } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Change: \`/iec commission set-channel ${detail.key} #channel\` · \`set-target ${detail.key} <type> <n>\` · \`lead add|remove ${detail.key} @user\``,
        },
      ],
    },
  ];
}

/** What an answer says when its commission came from the channel: `Construction/Sustainability (this channel's commission; name another to change it)`. */
export function channelChoiceNote(c: { name: string; fromChannel: boolean } | undefined, command: string): string | undefined {
  if (!c?.fromChannel) return undefined;
  return `_For *${escapeMrkdwn(truncate(c.name, 100))}*, this channel's commission. For another, name it: \`${command} <commission>\`._`;
}

/** The same as a hint under a form's commission select (plain text). */
export function channelChoiceHint(c: { name: string; fromChannel: boolean } | undefined): string | undefined {
  if (!c?.fromChannel) return undefined;
  return truncate(`${c.name} is this channel's commission, so it is chosen; pick another to change it.`, 150);
}
