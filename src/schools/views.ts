import type { KnownBlock, ModalView } from '@slack/types';
import { historyButton, historyModal, type HistoryPage, type HistoryVocabulary, userMention } from '../slack/history';
import { showMoreBlock } from '../slack/lists';
import { escapeMrkdwn, truncate } from '../slack/text';
import { SCHOOL_ACTION, SCHOOL_HISTORY_BLOCK, SCHOOL_HISTORY_CALLBACK, SCHOOL_LIST_MORE_ACTION, SCHOOL_LIST_MORE_BLOCK } from './ids';
import type { SchoolListPage } from './service';

/** Schools per page of `/iec school list`. */
export const SCHOOL_PAGE_SIZE = 40;

/** One page of `/iec school list`: a row per school with its History, and "Show more" while there are more. */
export function schoolListBlocks(page: SchoolListPage, offset: number): KnownBlock[] {
  if (page.total === 0)
    return [{ type: 'section', text: { type: 'mrkdwn', text: 'No schools yet. Add one with `/iec school add "<name>" [code]`.' } }];
  const rows: KnownBlock[] = page.schools.slice(0, SCHOOL_PAGE_SIZE).map((s) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: `*${escapeMrkdwn(truncate(s.name, 150))}*${s.code ? ` \`${escapeMrkdwn(s.code)}\`` : ''}` },
    accessory: historyButton(SCHOOL_ACTION.history, s.id),
  }));
  const shownTo = offset + rows.length;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Schools' } },
    ...rows,
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${offset + 1}–${shownTo} of ${page.total}` }] },
  ];
  if (shownTo < page.total)
    blocks.push(
      showMoreBlock(SCHOOL_LIST_MORE_BLOCK, SCHOOL_LIST_MORE_ACTION, String(shownTo), `Show more (${page.total - shownTo} left)`),
    );
  return blocks;
}

/** How a school's history names its fields and shows their values. */
export const SCHOOL_HISTORY_VOCABULARY: HistoryVocabulary = {
  labels: { name: 'name', code: 'district code', programs: 'career programs', archivedAt: 'archived', archivedBy: 'archived by' },
  value: (field, v) => (field === 'archivedBy' ? userMention(v) : undefined),
};

/** A school's History: its name and code, then a page of its changes with Newer / Older changes. */
export function schoolHistoryView(school: { id: string; name: string; code?: string }, page: HistoryPage, zone: string): ModalView {
  return historyModal({
    callbackId: SCHOOL_HISTORY_CALLBACK,
    subject: `*${escapeMrkdwn(truncate(school.name, 200))}*${school.code ? ` \`${escapeMrkdwn(school.code)}\`` : ''}`,
    page,
    zone,
    vocabulary: SCHOOL_HISTORY_VOCABULARY,
    more: {
      blockId: SCHOOL_HISTORY_BLOCK,
      older: SCHOOL_ACTION.historyOlder,
      newer: SCHOOL_ACTION.historyNewer,
      value: (offset) => `${school.id}:${offset}`,
    },
  });
}
