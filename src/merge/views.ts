import type { KnownBlock } from '@slack/types';
import { partlyUndone } from '../domain/undo';
import { plural } from '../slack/format';
import { escapeWithin, truncate } from '../slack/text';
import { undoBlocks } from '../slack/undo';
import { MERGE_ACTION, MERGE_BLOCK, MERGE_UNDO_BLOCK } from './ids';
import type { MergeOutcome, MergePlan, UndoneMerge } from './service';

export interface MergeMessage {
  text: string;
  blocks: KnownBlock[];
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: false });
const bold = (name: string, max = 150) => `*${escapeWithin(name, max)}*`;
const listed = (names: readonly string[]) =>
  names.length > 8
    ? `${names
        .slice(0, 8)
        .map((n) => escapeWithin(n, 80))
        .join(', ')} and ${names.length - 8} more`
    : names.map((n) => escapeWithin(n, 80)).join(', ');

/** What the preview lists as moving, one line each. */
function movingLines(plan: MergePlan): string[] {
  const c = plan.commitments;
  const contacts =
    plan.duplicate.contacts.length === 0
      ? 'no contacts'
      : `${plural(plan.contactsAdded, 'contact')}${plan.contactsMatched > 0 ? ` (${plural(plan.contactsMatched, 'other is', 'others are')} already there, by email or Slack account: not added twice)` : ''}`;
  const commitments =
    c.commitments === 0
      ? 'no commitments'
      : [
          plural(c.commitments, 'commitment'),
          c.withProgram > 0
            ? `${plural(c.withProgram, 'is', 'are')} linked to a program of study and keep${c.withProgram === 1 ? 's' : ''} the link`
            : '',
          c.open > 0 ? `the fulfilment follow-ups of the ${plural(c.open, 'open one')} follow them` : '',
        ]
          .filter(Boolean)
          .join('; ');
  return [
    contacts,
    commitments,
    c.requests > 0 ? `${plural(c.requests, 'commitment request')}${c.openRequests > 0 ? ` (${c.openRequests} open)` : ''}` : '',
    ...plan.members,
    plan.commissionsAdded.length > 0 ? `its commissions: ${listed(plan.commissionsAdded)}` : '',
  ].filter(Boolean);
}

/** `/iec partner merge`: what will move, and a Merge button behind Slack's confirm dialog. */
export function mergePreview(plan: MergePlan, buttonValue: string): MergeMessage {
  const dup = bold(plan.duplicate.name);
  const keeper = bold(plan.keeper.name);
  const lines = movingLines(plan).map((l) => `• ${l}`);
  const text = `Merge ${dup} into ${keeper}?`;
  const body = [
    `${text} This moves to ${keeper}:`,
    ...lines,
    `Then ${dup} is archived, pointing to ${keeper}. Both keep their history, and ${keeper}'s name, status, kind, owner and notes stay. The totals do not change: the commitments count for ${keeper}.`,
  ].join('\n');
  return {
    text: text.replace(/[*]/g, ''),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: body } },
      {
        type: 'actions',
        block_id: MERGE_BLOCK,
        elements: [
          {
            type: 'button',
            text: plain('Merge'),
            action_id: MERGE_ACTION.confirm,
            value: buttonValue,
            style: 'primary',
            confirm: {
              title: plain('Merge these partners?'),
              text: plain(`${truncate(plan.duplicate.name, 120)} is merged into ${truncate(plan.keeper.name, 120)} and archived.`),
              confirm: plain('Merge'),
              deny: plain('Cancel'),
            },
          },
        ],
      },
    ],
  };
}

/** After the merge: what moved (or that it was done already), with Undo for its author when it has a record. */
export function mergedMessage(outcome: MergeOutcome): MergeMessage {
  const dup = bold(outcome.duplicate.name);
  const keeper = bold(outcome.keeper.name);
  const text = outcome.already
    ? `${dup} was merged into ${keeper} already: nothing was moved again.`
    : `:twisted_rightwards_arrows: Merged ${dup} into ${keeper}: ${[
        plural(outcome.contactsAdded, 'contact'),
        plural(outcome.commitments, 'commitment'),
        ...(outcome.requests > 0 ? [plural(outcome.requests, 'commitment request')] : []),
        ...(outcome.members > 0 ? [plural(outcome.members, 'commission member')] : []),
      ].join(', ')} moved. ${dup} is archived and points to ${keeper}; the merge is in both histories and the audit trail.`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (!outcome.already && outcome.mergeId) blocks.push(...undoBlocks(MERGE_ACTION.undo, outcome.mergeId, MERGE_UNDO_BLOCK));
  return { text: text.replace(/[*]/g, ''), blocks };
}

/** After an undo: what went back; a partial undo says so and names what was left as it is. */
export function mergeUndoneMessage(undone: UndoneMerge): MergeMessage {
  const moved = [
    plural(undone.commitments, 'commitment'),
    ...(undone.requests > 0 ? [plural(undone.requests, 'commitment request')] : []),
    ...(undone.members > 0 ? [plural(undone.members, 'commission member')] : []),
  ].join(', ');
  const text =
    undone.left.length > 0
      ? partlyUndone(`Moved back out of ${bold(undone.keeper.name)} into ${bold(undone.duplicate.name)}: ${moved}.`, undone.left)
      : `:leftwards_arrow_with_hook: Undone: ${bold(undone.duplicate.name)} is back as it was before the merge into ${bold(undone.keeper.name)}, with its contacts and ${moved}. Both histories say so.`;
  return { text: text.replace(/[*]/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
