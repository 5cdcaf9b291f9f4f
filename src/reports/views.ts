import type { KnownBlock } from '@slack/types';
import { COMMITMENT_STATUS_LABELS, COMMITMENT_STATUSES, COMMITMENT_TYPE_INFO } from '../domain/commitments';
import { listSection } from '../digest';
import { slackDateTime } from '../slack/dates';
import { escapeMrkdwn, truncate } from '../slack/text';
import type { ReportChartData } from './chart';
import type { ReportData, ReportScope } from './service';
import { formatAmount, formatNumber, formatQuantity, plural, unitLabel } from '../slack/format';

/** The report as an ephemeral message (a fixed handful of blocks, each list cut to fit) and the chart's data. */

const SECTION_MAX = 3000;
const HEADER_MAX = 150;
const NAME_MAX = 80;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_MAX) } };
}

const num = formatNumber;

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—';
}

/** "Healthcare commission", "Con Edison", "Aviation High School (24Q610)", "All commissions". */
export function scopeTitle(scope: ReportScope): string {
  switch (scope.kind) {
    case 'district':
      return 'All commissions';
    case 'commission':
      return `${truncate(scope.name, NAME_MAX)} commission`;
    case 'partner':
      return truncate(scope.name, NAME_MAX);
    case 'school':
      return `${truncate(scope.name, NAME_MAX)}${scope.code ? ` (${scope.code})` : ''}`;
  }
}

/** The `/iec export` that lists everything a report counts (the "and N more" of its lists). */
export function exportCommand(data: Pick<ReportData, 'scope' | 'schoolYear'>): string {
  if (data.scope.kind === 'partner') return `/iec commitments ${escapeMrkdwn(truncate(data.scope.name, NAME_MAX))}`;
  return data.scope.kind === 'commission' ? `/iec export ${data.scope.key} ${data.schoolYear}` : `/iec export all ${data.schoolYear}`;
}

function typeLine(t: ReportData['byType'][number]): string {
  const info = COMMITMENT_TYPE_INFO[t.type];
  const target = t.target !== undefined ? ` · target ${formatAmount(t.type, t.target)} (${percent(t.pledged, t.target)} pledged)` : '';
  const cancelled = t.counts.cancelled > 0 ? ` · ${formatNumber(t.counts.cancelled)} cancelled` : '';
  return `*${info.label}*: ${formatAmount(t.type, t.fulfilled)} of ${formatQuantity(t.type, t.pledged)} fulfilled (${percent(t.fulfilled, t.pledged)}) · ${plural(t.commitments, 'commitment')}${target}${cancelled}`;
}

export function reportMessage(data: ReportData): { text: string; blocks: KnownBlock[] } {
  const title = `Report: ${scopeTitle(data.scope)}, ${data.schoolYear}`;
  const rate = data.fulfilmentRate !== undefined ? `${Math.round(data.fulfilmentRate * 100)}%` : '—';
  const more = exportCommand(data);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, HEADER_MAX) } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `School year ${data.schoolYear} (July–June), as of ${slackDateTime(data.now, data.timeZone)}` }],
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Commitments*\n${num(data.commitments)} (cancelled ones not counted)` },
        { type: 'mrkdwn', text: `*Fulfilment rate*\n${rate} fully fulfilled` },
        { type: 'mrkdwn', text: `*Partners*\n${num(data.partners.total)}` },
        { type: 'mrkdwn', text: `*Schools*\n${num(data.schools.total)}` },
      ],
    },
    section(`*By status*\n${COMMITMENT_STATUSES.map((s) => `${COMMITMENT_STATUS_LABELS[s]}: ${num(data.byStatus[s])}`).join(' · ')}`),
    listSection(
      '*By type* (quantities fulfilled of pledged)',
      data.byType.map(typeLine),
      data.byType.length,
      more,
      '_Nothing recorded yet._',
    ),
    listSection(
      '*Partners involved*',
      data.partners.items.map((p) => `• ${escapeMrkdwn(truncate(p.name, NAME_MAX))} — ${p.commitments}`),
      data.partners.total,
      more,
      '_None yet._',
    ),
    listSection(
      '*Schools involved*',
      data.schools.items.map((s) => `• ${escapeMrkdwn(truncate(s.name, NAME_MAX))}${s.code ? ` (${s.code})` : ''} — ${s.commitments}`),
      data.schools.total,
      more,
      '_None named yet._',
    ),
  ];
  if (data.scope.kind === 'commission' || data.scope.kind === 'district') {
    blocks.push(
      listSection(
        '*Coverage gaps* (types with nothing pledged this year)',
        data.gaps.map(
          (g) =>
            `• ${data.scope.kind === 'district' ? `*${escapeMrkdwn(truncate(g.commissionName, NAME_MAX))}*: ` : ''}${g.types.map((t) => COMMITMENT_TYPE_INFO[t].label).join(', ')}`,
        ),
        data.gaps.length,
        '/iec report <commission>',
        '_None: every type has something pledged._',
      ),
    );
  }
  const text = `${escapeMrkdwn(title)}: ${plural(data.commitments, 'commitment')}, ${rate} fulfilled.`;
  return { text, blocks };
}

/** What the chart shows: quantities by type (each in its unit) and commitments by month. */
export function reportChartData(data: ReportData): ReportChartData {
  return {
    title: `${scopeTitle(data.scope)} — ${data.schoolYear}`,
    subtitle: `Commitments pledged and fulfilled, school year ${data.schoolYear} (cancelled ones not counted). ${data.now.toISOString().slice(0, 10)}`,
    byType: data.byType
      .filter((t) => t.commitments > 0 || t.fulfilled > 0)
      .map((t) => ({
        label: `${COMMITMENT_TYPE_INFO[t.type].label} (${unitLabel(t.type)})`,
        pledged: t.pledged,
        fulfilled: t.fulfilled,
      })),
    byMonth: data.byMonth.map((m) => ({
      label: `${MONTH_NAMES[Number(m.month.slice(5, 7)) - 1]} ${m.month.slice(2, 4)}`,
      pledged: m.starting,
      fulfilled: m.fulfilled,
    })),
  };
}

/** What a screen reader says about the chart. */
export function chartAltText(data: ReportData): string {
  const types = data.byType
    .filter((t) => t.commitments > 0)
    .map((t) => `${COMMITMENT_TYPE_INFO[t.type].label}: ${formatAmount(t.type, t.fulfilled)} of ${formatQuantity(t.type, t.pledged)}`)
    .join('; ');
  return truncate(`Bar charts of ${scopeTitle(data.scope)}, ${data.schoolYear}. ${types || 'Nothing recorded yet.'}`, 1000);
}
