import type { Button, KnownBlock } from '@slack/types';
import type { OwnedRecords } from '../domain/handover';
import { slackDateTime } from '../slack/dates';
import { plural } from '../slack/format';
import { escapeMrkdwn, truncate } from '../slack/text';
import { REASSIGN_ACTION, REASSIGN_BLOCK } from './ids';
import { handOverValue } from './input';
import type { AlreadyHandedOver, HandOverOutcome, HandOverPlan } from './service';

/** The hand-over's messages: the preview with its buttons, the outcome, a second press. Each within Slack's limits. */

export interface HandOverMessage {
  text: string;
  blocks: KnownBlock[];
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });

function names(records: OwnedRecords): string {
  if (records.names.length === 0) return '';
  const shown = records.names.map((n) => escapeMrkdwn(truncate(n, 80))).join(', ');
  const more = records.total - records.names.length;
  return `: ${shown}${more > 0 ? `, and ${plural(more, 'more', 'more')}` : ''}`;
}

function where(p: { commission?: { name: string }; limitedTo?: ReadonlyArray<{ name: string }> }): string {
  if (p.commission) return `in *${escapeMrkdwn(p.commission.name)}*`;
  if (p.limitedTo) return `in the commissions you lead (${p.limitedTo.map((c) => `*${escapeMrkdwn(c.name)}*`).join(', ')})`;
  return 'in every commission';
}

const isEmpty = (p: Pick<HandOverPlan, 'partners' | 'deliverables' | 'meetings' | 'leadRoles'>) =>
  p.partners.total + p.deliverables.total + p.meetings.total + p.leadRoles.length === 0;

/** `/iec reassign …`: what would move, with Hand over (and Hand over with lead roles) and Cancel. */
export function handOverPreview(plan: HandOverPlan, previewId: string): HandOverMessage {
  const who = `<@${plan.from}>`;
  const flag = plan.fromDeactivated ? `:warning: ${who}'s Slack account is deactivated: what they still own is listed here.\n` : '';
  if (isEmpty(plan)) {
    const text = `${flag}${who} owns nothing to hand over ${where(plan)}: no partners, open deliverables, coming meetings or lead roles.`;
    return { text: `${plan.fromDeactivated ? 'Deactivated account. ' : ''}Nothing to hand over.`, blocks: [section(text)] };
  }
  const leadsMove = plan.withLeads && plan.leadRoles.length > 0;
  const leadNames = plan.leadRoles.map((r) => `*${escapeMrkdwn(r.name)}*`).join(', ');
  const lines = [
    `${flag}*Hand over ${who}'s work to <@${plan.to}>* ${where(plan)}:`,
    `• ${plural(plan.partners.total, 'partner')} they own${names(plan.partners)}`,
    `• ${plural(plan.deliverables.total, 'open deliverable')}${names(plan.deliverables)}`,
    `• ${plural(plan.meetings.total, 'coming meeting')} they organise${names(plan.meetings)}`,
  ];
  if (plan.leadRoles.length > 0)
    lines.push(
      leadsMove
        ? `• lead of ${leadNames}: <@${plan.to}> leads it instead`
        : `• ${who} also leads ${leadNames}: that stays unless you choose *Hand over with lead roles*`,
    );
  const button = { from: plan.from, to: plan.to, ...(plan.commission ? { commissionKey: plan.commission.key } : {}), previewId };
  const value = handOverValue(button);
  const elements: Button[] = [
    {
      type: 'button',
      action_id: leadsMove ? REASSIGN_ACTION.confirmWithLeads : REASSIGN_ACTION.confirm,
      text: plain(leadsMove ? 'Hand over with lead roles' : 'Hand over'),
      style: 'primary',
      value,
    },
  ];
  if (!leadsMove && plan.leadRoles.length > 0)
    elements.push({ type: 'button', action_id: REASSIGN_ACTION.confirmWithLeads, text: plain('Hand over with lead roles'), value });
  elements.push({ type: 'button', action_id: REASSIGN_ACTION.cancel, text: plain('Cancel'), value });
  return {
    text: `Hand over ${plan.partners.total} partners, ${plan.deliverables.total} deliverables and ${plan.meetings.total} meetings?`,
    blocks: [
      section(lines.join('\n')),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Done and dropped deliverables and past meetings keep who did them. Every record moved gets a history entry, and the hand-over is in `/iec audit`.',
          },
        ],
      },
      { type: 'actions', block_id: REASSIGN_BLOCK, elements },
    ],
  };
}

/** After Confirm: what moved. */
export function handOverDone(o: HandOverOutcome): HandOverMessage {
  const parts = [
    `${plural(o.partners.total, 'partner')}${names(o.partners)}`,
    `${plural(o.deliverables.total, 'open deliverable')}${names(o.deliverables)}`,
    `${plural(o.meetings.total, 'coming meeting')}${names(o.meetings)}`,
  ];
  if (o.leadRoles.length > 0) parts.push(`lead of ${o.leadRoles.map((n) => `*${escapeMrkdwn(n)}*`).join(', ')}`);
  const text = `:white_check_mark: Handed over <@${o.from}>'s work to <@${o.to}> ${where(o)}:\n${parts.map((p) => `• ${p}`).join('\n')}\nEach record's History says so; \`/iec audit <@${o.from}>\` lists the hand-over.`;
  return {
    text: `Handed over ${o.partners.total} partners, ${o.deliverables.total} deliverables and ${o.meetings.total} meetings.`,
    blocks: [section(text)],
  };
}

/** The same preview's Confirm pressed again (a double click): nothing more moves. */
export function handOverAlready(a: AlreadyHandedOver, zone: string): HandOverMessage {
  const text = `This hand-over was already confirmed by <@${a.by}> (${slackDateTime(a.at, zone)})${a.done ? '' : ' and is still under way'}: nothing more was moved. Run \`/iec reassign\` again to see what is left.`;
  return { text: 'This hand-over was already confirmed.', blocks: [section(text)] };
}

export function handOverCancelled(): HandOverMessage {
  const text = 'Nothing was handed over.';
  return { text, blocks: [section(text)] };
}

/** One deactivated account that still owns work, and what. */
export interface DeactivatedOwner {
  userId: string;
  partners: number;
  deliverables: number;
  meetings: number;
  /** Commission keys they lead. */
  leads: string[];
}

/** The administrators' weekly DM: deactivated accounts that still own work, each with its `/iec reassign`. */
export function deactivatedOwnersMessage(owners: readonly DeactivatedOwner[], total: number): HandOverMessage {
  const lines = owners.map((o) => {
    const what = [
      o.partners > 0 ? plural(o.partners, 'partner') : '',
      o.deliverables > 0 ? plural(o.deliverables, 'open deliverable') : '',
      o.meetings > 0 ? plural(o.meetings, 'coming meeting') : '',
      o.leads.length > 0 ? `lead of ${o.leads.map((k) => `\`${k}\``).join(', ')}` : '',
    ].filter(Boolean);
    return `• <@${o.userId}> — ${what.join(', ')} · \`/iec reassign <@${o.userId}> @someone${o.leads.length > 0 ? ' leads' : ''}\``;
  });
  const more = total - owners.length;
  const head = `:warning: *${plural(total, 'person', 'people')} whose Slack account was deactivated still ${total === 1 ? 'owns' : 'own'} work* — hand it over with \`/iec reassign\` (a preview first):`;
  return {
    text: `${plural(total, 'deactivated account')} still ${total === 1 ? 'owns' : 'own'} work: hand it over with /iec reassign.`,
    blocks: [section([head, ...lines, ...(more > 0 ? [`…and ${plural(more, 'more person', 'more people')}.`] : [])].join('\n'))],
  };
}
