import type { KnownBlock } from '@slack/types';
import { slackDateTime } from '../slack/dates';
import { SECTION_TEXT_BUDGET, fitLines } from '../slack/lists';
import { escapeMrkdwn, truncate } from '../slack/text';
import { STATUS_WINDOW_DAYS, type LatestRun, type SchedulerStatus } from './status';
import type { OutgoingMessage } from './types';

/** Block Kit of the scheduler: the failure DM to leads and `/iec status`. Pure functions. */

function target(t: { channel?: string; user?: string }): string {
  if (t.channel) return `<#${t.channel}>`;
  if (t.user) return `<@${t.user}>`;
  return 'nobody';
}

export interface FailureReportData {
  failedKind: string;
  /** `<#C…>` or `<@U…>`. */
  target: string;
  reason: string;
  dueAt: Date;
  timeZone: string;
}

export function failureReportMessage(d: FailureReportData): OutgoingMessage {
  const text = `:warning: A scheduled ${d.failedKind} message for ${d.target} (due ${slackDateTime(d.dueAt, d.timeZone)}) could not be delivered: ${d.reason}.`;
  const body = truncate(`${text}\nIt will not be retried. Fix the cause, then check \`/iec status\`.`, SECTION_TEXT_BUDGET);
  return {
    text: truncate(text, 3000),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: body } }],
  };
}

const MAX_LINE = 400;

/** Lines that fit in a section, then "…and N more" for those left out here or not loaded at all. */
function listWithMore(lines: readonly string[], total: number, budget: number): string {
  const hidden = total - lines.length;
  const more = (n: number) => `…and ${n + hidden} more`;
  const text = fitLines(lines, more, budget - 30);
  return hidden > 0 && text === lines.join('\n') ? `${text}\n${more(0)}` : text;
}

/** The latest scheduler run, and whether it is counted above (a run as of another time, e.g. `npm run job -- --at`, is not). */
function latestRunLine(run: LatestRun, now: Date, timeZone: string): string {
  const { sent, skipped, failed } = run.counts;
  const counted = run.at <= now && run.at.getTime() > now.getTime() - STATUS_WINDOW_DAYS * 24 * 60 * 60_000;
  return (
    `*Latest run* (as of ${slackDateTime(run.at, timeZone)}): ${sent} sent · ${skipped} skipped · ${failed} failed` +
    (counted ? '' : run.at > now ? ' — it ran as of a later time than now, so the 7 days above leave it out' : ' — before these 7 days')
  );
}

export function statusBlocks(s: SchedulerStatus, timeZone: string): KnownBlock[] {
  const { counts } = s;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Scheduled messages' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `*Last 7 days:* ${counts.sent} sent · ${counts.skipped} skipped · ${counts.failed} failed` +
          (counts.claimed > 0 ? ` · ${counts.claimed} being sent or retried` : '') +
          (s.latestRun ? `\n${latestRunLine(s.latestRun, s.now, timeZone)}` : ''),
      },
    },
  ];
  const failureLines = s.failures.map((f) =>
    truncate(`• ${escapeMrkdwn(f.kind)} to ${target(f.target)}, due ${slackDateTime(f.dueAt, timeZone)}: ${f.reason}`, MAX_LINE),
  );
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text:
        s.failuresTotal === 0
          ? '*Failures:* none :white_check_mark:'
          : `*Recent failures (${s.failuresTotal}):*\n${listWithMore(failureLines, s.failuresTotal, SECTION_TEXT_BUDGET - 40)}`,
    },
  });
  const upcomingLines = s.upcoming.map((u) =>
    truncate(
      `• ${slackDateTime(u.dueAt, timeZone)}: ${escapeMrkdwn(u.kind)}${u.about ? ` (${escapeMrkdwn(truncate(u.about, 200))})` : ''} to ${target(u.target)}`,
      MAX_LINE,
    ),
  );
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text:
        s.upcomingTotal === 0
          ? '*Due next:* nothing in the coming week'
          : `*Due next (${s.upcomingTotal} in the coming week):*\n${listWithMore(upcomingLines, s.upcomingTotal, SECTION_TEXT_BUDGET - 60)}`,
    },
  });
  if (s.planningErrors.length > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(`:warning: Could not plan: ${s.planningErrors.map(escapeMrkdwn).join('; ')}`, 2000) }],
    });
  }
  return blocks;
}

export function statusText(s: SchedulerStatus): string {
  return `Scheduled messages, last 7 days: ${s.counts.sent} sent, ${s.counts.skipped} skipped, ${s.counts.failed} failed.`;
}
