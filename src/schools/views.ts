import type { KnownBlock } from '@slack/types';
import { lineSections, showMoreBlock } from '../slack/lists';
import { escapeMrkdwn, truncate } from '../slack/text';
import { SCHOOL_LIST_MORE_ACTION, SCHOOL_LIST_MORE_BLOCK } from './ids';
import type { SchoolListPage } from './service';

/** Schools per page of `/iec school list`. */
export const SCHOOL_PAGE_SIZE = 40;

/** One page of `/iec school list`, with "Show more" while there are more. */
export function schoolListBlocks(page: SchoolListPage, offset: number): KnownBlock[] {
  if (page.total === 0)
    return [{ type: 'section', text: { type: 'mrkdwn', text: 'No schools yet. Add one with `/iec school add "<name>" [code]`.' } }];
  const lines = page.schools.map((s) => `• *${escapeMrkdwn(truncate(s.name, 150))}*${s.code ? ` \`${escapeMrkdwn(s.code)}\`` : ''}`);
  const shownTo = offset + page.schools.length;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Schools' } },
    ...lineSections(lines, 40, (n) => `…and ${n} more`),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${offset + 1}–${shownTo} of ${page.total}` }] },
  ];
  if (shownTo < page.total)
    blocks.push(
      showMoreBlock(SCHOOL_LIST_MORE_BLOCK, SCHOOL_LIST_MORE_ACTION, String(shownTo), `Show more (${page.total - shownTo} left)`),
    );
  return blocks;
}
