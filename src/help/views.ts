import type { KnownBlock } from '@slack/types';
import type { Subcommand } from '../slack/iec-command';
import { escapeMrkdwn } from '../slack/text';

const SECTION_LIMIT = 3000;

/** The ephemeral help: every /iec subcommand with what it does, in as few sections as fit. */
export function helpBlocks(subcommands: readonly Subcommand[], intro?: string): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'iec-bot commands' } }];
  if (intro) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: intro } });
  const lines = subcommands.flatMap((sub) => sub.help.map((h) => `\`${escapeMrkdwn(h.usage)}\` — ${escapeMrkdwn(h.summary)}`));
  let current = '';
  for (const line of lines) {
    if (current.length + line.length + 1 > SECTION_LIMIT) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: 'Put names with spaces in quotes, e.g. `/iec partner show "Con Edison"`.' }],
  });
  return blocks;
}

export function helpText(): string {
  return 'iec-bot commands: /iec help lists them all.';
}
