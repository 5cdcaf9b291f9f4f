import type { KnownBlock } from '@slack/types';
import { COMMITMENT_TYPE_INFO, commitmentHistoryVocabulary, type PartnerHistoryEntry } from '../commitments';
import type { HistoryEntry } from '../db/history';
import { slackDate } from '../slack/dates';
import { HISTORY_PAGE_SIZE, historyBlocks, type HistoryVocabulary } from '../slack/history';
import { CORRECTION_ACTION, CORRECTION_BLOCK } from './ids';
import type { CorrectionMessage } from './views';

export { HISTORY_PAGE_SIZE };

/** A partner's commitments' changes, in the shared history renderer's words, each saying which commitment it is. */
function vocabulary(zone: string, schoolNames: ReadonlyMap<string, string>): HistoryVocabulary {
  return {
    ...commitmentHistoryVocabulary(schoolNames),
    about: (e: HistoryEntry) => {
      const { commitment } = e as PartnerHistoryEntry;
      return `${COMMITMENT_TYPE_INFO[commitment.type]?.label ?? commitment.type} of ${slackDate(commitment.startDate, zone)}`;
    },
  };
}

/** `/iec history <partner>`: its commitments' changes, newest first, a page at a time with Older / Newer changes. */
export function historyMessage(
  partner: { id: string; name: string },
  page: { entries: PartnerHistoryEntry[]; total: number },
  offset: number,
  zone: string,
  schoolNames: ReadonlyMap<string, string> = new Map(),
): CorrectionMessage {
  const title = `History of ${partner.name}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
    ...historyBlocks({ entries: page.entries, total: page.total, offset }, zone, vocabulary(zone, schoolNames), {
      blockId: CORRECTION_BLOCK,
      older: CORRECTION_ACTION.historyMore,
      newer: CORRECTION_ACTION.historyNewer,
      value: (at) => `${partner.id}:${at}`,
    }),
  ];
  return { text: `${title}: ${page.total} changes`, blocks };
}
