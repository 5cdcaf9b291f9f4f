import type { KnownBlock } from '@slack/types';

/** Helpers for long lists in Block Kit: stay within Slack's limits and say honestly what was left out. */

export const SECTION_TEXT_BUDGET = 2900;

/**
 * Joins as many lines as fit in `maxChars`, then `more(n)` for the n lines left out (the result, with it,
 * still fits). Never cuts a line in the middle.
 */
export function fitLines(lines: readonly string[], more: (left: number) => string, maxChars = SECTION_TEXT_BUDGET): string {
  let text = '';
  for (let i = 0; i < lines.length; i += 1) {
    const next = text ? `${text}\n${lines[i]}` : lines[i];
    const tail = i + 1 < lines.length ? `\n${more(lines.length - i - 1)}` : '';
    if (next.length + tail.length > maxChars) return text ? `${text}\n${more(lines.length - i)}` : more(lines.length);
    text = next;
  }
  return text;
}

/** Sections of mrkdwn lines, each within the section limit, at most `maxBlocks` of them ("…and N more" at the end). */
export function lineSections(lines: readonly string[], maxBlocks: number, more: (left: number) => string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let index = 0;
  while (index < lines.length && blocks.length < maxBlocks) {
    const last = blocks.length === maxBlocks - 1;
    let text = '';
    let taken = 0;
    while (index + taken < lines.length) {
      const next = text ? `${text}\n${lines[index + taken]}` : lines[index + taken];
      if (next.length > (last ? SECTION_TEXT_BUDGET - 60 : SECTION_TEXT_BUDGET)) break;
      text = next;
      taken += 1;
    }
    if (taken === 0) {
      text = `${lines[index].slice(0, SECTION_TEXT_BUDGET - 61)}…`;
      taken = 1;
    }
    index += taken;
    if (last && index < lines.length) text = `${text}\n${more(lines.length - index)}`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  }
  return blocks;
}

/** An actions block with one "Show more" button carrying where the next page starts. */
export function showMoreBlock(blockId: string, actionId: string, value: string, label = 'Show more'): KnownBlock {
  return {
    type: 'actions',
    block_id: blockId,
    elements: [{ type: 'button', action_id: actionId, text: { type: 'plain_text', text: label }, value }],
  };
}

/** A message with a context line on top (e.g. which commission it chose), still within a message's 50 blocks. */
export function withNote<M extends { text: string; blocks?: KnownBlock[] }>(message: M, note: string): M {
  const blocks = message.blocks ?? [{ type: 'section', text: { type: 'mrkdwn', text: message.text } }];
  if (blocks.length >= 50) return message;
  return { ...message, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: note }] }, ...blocks] };
}
