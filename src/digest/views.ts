import type { KnownBlock } from '@slack/types';
import { COMMITMENT_TYPE_INFO } from '../domain/commitments';
import { slackDate, slackDateTime } from '../slack/dates';
import { escapeMrkdwn, personMention, truncate } from '../slack/text';
import { attendanceLine } from '../meetings';
import { digestProgramsBlocks } from '../programs';
import { DIGEST_SUBCOMMAND } from './ids';
import { describeWeek, INACTIVE_PARTNER_DAYS, UPCOMING_MEETING_DAYS, type DigestCommitment, type DigestData, type Listed } from './service';
import { formatAmount, formatQuantity, plural } from '../slack/format';
import { localDate } from '../domain/dates';

/**
 * The weekly digest as a Slack message. It stays within Slack's limits at any data size: a fixed number of
 * blocks (far below 50), each list cut to what fits in one section (3000 characters) and ended with
 * "and 37 more — `/iec …`", naming the command that shows the rest.
 */

const SECTION_MAX = 3000;
const HEADER_MAX = 150;
/** Lines a list shows at most, so the digest stays readable. */
export const DIGEST_MAX_LINES = 8;
const NAME_MAX = 80;

/** The command that lists the rest of each digest section. */
export function moreCommands(key: string) {
  return {
    recorded: `/iec commitments ${key}`,
    fulfilled: `/iec commitments ${key} fulfilled`,
    meetings: `/iec meetings ${key}`,
    overdue: `/iec deliverables ${key} overdue`,
    upcoming: `/iec deliverables ${key} open`,
    partners: `/iec partner list ${key}`,
  };
}

export function moreLine(count: number, command: string): string {
  return `_and ${count} more — \`${command}\`_`;
}

/**
 * A section listing `lines` under `title`: as many lines as fit (at most DIGEST_MAX_LINES), then
 * "and N more — command" for the rest of `total`. Pure, so it is tested on its own.
 */
export function listSection(title: string, lines: readonly string[], total: number, moreCommand: string, emptyText: string): KnownBlock {
  if (total === 0) return section(`${title}\n${emptyText}`);
  const shown: string[] = [];
  for (const line of lines.slice(0, DIGEST_MAX_LINES)) {
    const rest = total - shown.length - 1;
    const reserve = rest > 0 ? moreLine(rest, moreCommand).length + 1 : 0;
    const length = [title, ...shown, line].join('\n').length;
    if (length + reserve > SECTION_MAX) break;
    shown.push(line);
  }
  const rest = total - shown.length;
  return section([title, ...shown, ...(rest > 0 ? [moreLine(rest, moreCommand)] : [])].join('\n'));
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_MAX) } };
}

function name(text: string): string {
  return escapeMrkdwn(truncate(text, NAME_MAX));
}

function commitmentLine(c: DigestCommitment, fulfilment: boolean): string {
  const label = COMMITMENT_TYPE_INFO[c.type]?.label ?? c.type;
  const unit = escapeMrkdwn(truncate(c.unit, 40));
  const amount =
    fulfilment && c.status === 'partially_fulfilled'
      ? `${formatAmount(c.type, c.fulfilledQuantity ?? 0)} of ${formatQuantity(c.type, c.quantity, unit)} (partly)`
      : formatQuantity(c.type, c.quantity, unit);
  return `• *${name(c.partnerName)}* — ${amount}, ${label}`;
}

function commitmentSection(title: string, listed: Listed<DigestCommitment>, fulfilment: boolean, command: string): KnownBlock {
  return listSection(
    heading(title, listed),
    listed.items.map((c) => commitmentLine(c, fulfilment)),
    listed.total,
    command,
    '_None._',
  );
}

function link(url: string): string {
  return /^https?:\/\/[^\s<>|]+$/.test(url) && url.length <= 500 ? ` · <${url}|join>` : '';
}

function heading(text: string, listed: Listed<unknown>): string {
  return `*${text}: ${listed.total}*`;
}

/** What a channel shared beyond the district's staff shows instead of the commitment lists: counts only. */
function countSection(title: string, listed: Listed<unknown>): KnownBlock {
  return section(heading(title, listed));
}

export interface DigestOptions {
  /**
   * For a channel shared beyond the district's staff (Slack Connect, guests, partner contacts): no partner names
   * and no per-partner figures — counts and totals by type, meetings and deliverables, and a pointer to
   * `/iec digest` for staff.
   */
  redacted?: boolean;
}

/** The digest's blocks. */
export function digestBlocks(data: DigestData, options: DigestOptions = {}): KnownBlock[] {
  const key = data.commission.key;
  const more = moreCommands(key);
  const zone = data.timeZone;
  if (options.redacted) return redactedDigestBlocks(data);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${data.commission.name} — weekly digest`, HEADER_MAX) } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Week of ${describeWeek(data.week)} (${data.week.key}) · school year ${data.schoolYear}` }],
    },
    commitmentSection('Commitments recorded that week', data.recorded, false, more.recorded),
    commitmentSection('Commitments fulfilled that week', data.fulfilled, true, more.fulfilled),
    { type: 'divider' },
    section(totalsText(data)),
    { type: 'divider' },
    listSection(
      heading(`Meetings in the next ${UPCOMING_MEETING_DAYS} days`, data.meetings),
      data.meetings.items.map(
        (m) => `• ${slackDateTime(m.startsAt, zone)} — *${name(m.title)}*${m.location ? ` · ${name(m.location)}` : ''}${link(m.link)}`,
      ),
      data.meetings.total,
      more.meetings,
      `_None scheduled. \`/iec meeting schedule\` adds one._`,
    ),
    ...(data.attendance?.length
      ? [
          listSection(
            `*Attendance at that week's meetings*`,
            data.attendance.map((x) => attendanceLine(x, zone)),
            data.attendance.length,
            `/iec attendance ${key}`,
            '',
          ),
        ]
      : []),
    // programs at risk: program, school and gaps only — no partner or panelist names, so fit for a shared channel
    ...digestProgramsBlocks(data.programsAtRisk ?? []),
    listSection(
      heading(':warning: Overdue deliverables', data.overdueDeliverables),
      data.overdueDeliverables.items.map((d) => `• *${name(d.title)}* — due ${slackDate(d.dueDate, zone)} · ${personMention(d.ownerId)}`),
      data.overdueDeliverables.total,
      more.overdue,
      '_None._',
    ),
    listSection(
      heading('Open deliverables', data.upcomingDeliverables),
      data.upcomingDeliverables.items.map(
        (d) =>
          `• *${name(d.title)}* — due ${slackDate(d.dueDate, zone)} · ${personMention(d.ownerId)}${d.status === 'in_progress' ? ' · in progress' : ''}`,
      ),
      data.upcomingDeliverables.total,
      more.upcoming,
      '_None._',
    ),
    listSection(
      heading(`Partners with no activity for ${INACTIVE_PARTNER_DAYS} days`, data.inactivePartners),
      data.inactivePartners.items.map(
        (p) =>
          `• *${name(p.name)}* — ${p.lastActivityAt ? `last activity ${slackDate(localDate(p.lastActivityAt, zone), zone)}` : 'nothing recorded yet'}`,
      ),
      data.inactivePartners.total,
      more.partners,
      '_None: every partner had something recorded recently._',
    ),
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `\`/iec ${DIGEST_SUBCOMMAND} ${key}\` shows this digest at any time.` }],
    },
  ];
  return blocks;
}

function redactedDigestBlocks(data: DigestData): KnownBlock[] {
  const full = digestBlocks(data);
  const key = data.commission.key;
  // header, week, then the two commitment lists (replaced by their counts); the partners list is left out
  const [header, week, , , ...rest] = full;
  const kept = rest.filter((b) => !JSON.stringify(b).includes(`no activity for ${INACTIVE_PARTNER_DAYS} days`));
  return [
    header,
    week,
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:lock: This channel is shared outside the district, so partner names and figures are left out. Staff: \`/iec ${DIGEST_SUBCOMMAND} ${key}\` shows the full digest.`,
        },
      ],
    },
    countSection('Commitments recorded that week', data.recorded),
    countSection('Commitments fulfilled that week', data.fulfilled),
    ...kept,
  ];
}

/** School-year totals by type against the commission's targets. */
export function totalsText(data: DigestData): string {
  const title = `*School-year totals ${data.schoolYear}*`;
  if (data.totals.length === 0) {
    return `${title}\n_Nothing recorded yet and no targets set. Set one with \`/iec commission set-target ${data.commission.key} <type> <number>\`._`;
  }
  const lines = data.totals.map((t) => {
    const info = COMMITMENT_TYPE_INFO[t.type];
    const pledged = `${formatAmount(t.type, t.pledged)} pledged in ${plural(t.commitments, 'commitment')}`;
    if (t.target === undefined) return `• *${info.label}*: ${formatQuantity(t.type, t.fulfilled)} fulfilled · ${pledged} _(no target)_`;
    const percent = t.target > 0 ? ` (${Math.floor((t.fulfilled / t.target) * 100)}%)` : '';
    return `• *${info.label}*: ${formatAmount(t.type, t.fulfilled)} of ${formatQuantity(t.type, t.target)} fulfilled${percent} · ${pledged}`;
  });
  return [title, ...lines].join('\n');
}

/** The notification text (what Slack shows where blocks are not rendered). */
export function digestText(data: DigestData): string {
  const openTotal = data.overdueDeliverables.total + data.upcomingDeliverables.total;
  return truncate(
    `Weekly digest for ${data.commission.name}, week of ${describeWeek(data.week)}: ` +
      `${plural(data.recorded.total, 'commitment')} recorded, ${data.fulfilled.total} fulfilled; ` +
      `${plural(openTotal, 'open deliverable')} (${data.overdueDeliverables.total} overdue); ` +
      `${plural(data.meetings.total, 'meeting')} in the next ${UPCOMING_MEETING_DAYS} days.`,
    3000,
  );
}
