import type { KnownBlock } from '@slack/types';
import { slackDateTime } from '../slack/dates';
import { fitLines } from '../slack/lists';
import type { AdminList } from './service';

/** `/iec admin list`: configured administrators, then those added in Slack (with who added them and when). */
export function adminListBlocks(list: AdminList, timeZone: string): KnownBlock[] {
  const more = (n: number) => `…and ${n} more`;
  const configured =
    list.fromConfig.length > 0
      ? fitLines(
          list.fromConfig.map((u) => `• <@${u}>`),
          more,
        )
      : '_none_';
  const addedLines = list.added.map(
    (a) => `• <@${a.userId}> — added by <@${a.addedBy}>${a.addedAt ? ` ${slackDateTime(a.addedAt, timeZone)}` : ''}`,
  );
  return [
    { type: 'header', text: { type: 'plain_text', text: 'iec-bot administrators' } },
    { type: 'section', text: { type: 'mrkdwn', text: `*From the IEC_ADMINS setting* (always administrators)\n${configured}` } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Added in Slack*\n${addedLines.length > 0 ? fitLines(addedLines, more) : '_none yet — `/iec admin add @someone`_'}`,
      },
    },
  ];
}

export function adminListText(list: AdminList): string {
  return `${list.fromConfig.length + list.added.length} iec-bot administrators`;
}
