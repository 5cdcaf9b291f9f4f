import { COMMITMENT_STATUS_LABELS, COMMITMENT_TYPE_INFO } from '../domain/commitments';
import type { EvidenceCommitment } from '../commitments';
import { PARTNER_KIND_LABELS } from '../partners';
import type { AssessedProgram } from '../programs';
import { csvRow, UTF8_BOM } from './csv';

/**
 * `/iec export programs`: one row per program of study with its evidence for the school year, in the shape a
 * self-study or external-review packet needs: meetings attended with dates, reviews with who and when, panel members.
 */

export const PROGRAM_EXPORT_COLUMNS = [
  'Program ID',
  'Program',
  'School',
  'School code',
  'Commission',
  'Stage',
  'External review date',
  'Approved on',
  'Renewal due',
  'School year',
  'Formal meetings attended',
  'Meetings attended (dates, school staff)',
  'Curriculum reviews',
  'Technical assessment reviews',
  'Employability skills validations',
  'Work-based learning commitments',
  'Industry panelists',
  'Postsecondary panelists',
  'Gaps',
  'At risk',
] as const;

const reviews = (a: AssessedProgram, type: 'curriculum_review' | 'technical_assessment_review' | 'employability_validation') =>
  a.readiness.reviews
    .filter((r) => r.type === type)
    .map((r) => `${r.partnerName} (${r.date}, ${r.done ? 'done' : 'planned'}${r.industry ? '' : ', not industry'})`)
    .join('; ');

export function programRow(a: AssessedProgram): Array<string | number> {
  const p = a.program;
  return [
    String(p._id),
    p.name,
    p.schoolName,
    p.schoolCode ?? '',
    p.commissionKey,
    p.stage,
    p.reviewDate ?? '',
    p.approvedDate ?? '',
    p.renewalDate ?? '',
    a.readiness.schoolYear,
    a.evidence.meetings.length,
    a.evidence.meetings.map((m) => `${m.date} ${m.title} (${m.staff.join(', ')})`).join('; '),
    reviews(a, 'curriculum_review'),
    reviews(a, 'technical_assessment_review'),
    reviews(a, 'employability_validation'),
    a.readiness.workBasedLearning,
    a.readiness.panel.industry.map((x) => x.name).join('; '),
    a.readiness.panel.postsecondary.map((x) => x.name).join('; '),
    a.readiness.gaps.join('; '),
    a.readiness.atRisk ? 'yes' : 'no',
  ];
}

export function buildProgramsCsv(items: readonly AssessedProgram[]): { content: Buffer; rows: number } {
  return {
    content: Buffer.from(UTF8_BOM + csvRow([...PROGRAM_EXPORT_COLUMNS]) + items.map((a) => csvRow(programRow(a))).join(''), 'utf8'),
    rows: items.length,
  };
}

/**
 * `/iec export program <school> <program>`: one program's evidence packet, what a self-study or the State's external
 * review asks for, one row per item under its section: the program, the readiness checks, the advisory board's
 * formal meetings its school's staff attended (with who), every commitment recorded for it or serving its school
 * (organisation, kind, status, whether it counts), the partners involved with their kind, and the gaps.
 */
export const PACKET_COLUMNS = ['Section', 'Item', 'Date', 'Organisation', 'Kind', 'Status', 'Counts as evidence', 'Detail'] as const;

type PacketRow = [string, string, string, string, string, string, string, string];

export function programPacketRows(a: AssessedProgram): PacketRow[] {
  const { program: p, readiness: r, evidence: e } = a;
  const rows: PacketRow[] = [];
  const info = (item: string, detail: string, date = '') => rows.push(['Program', item, date, '', '', '', '', detail]);
  info('Program', p.name);
  info('School', `${p.schoolName}${p.schoolCode ? ` (${p.schoolCode})` : ''}`);
  info('Commission', p.commissionKey);
  info('Stage', p.stage);
  if (p.reviewDate) info('External review', '', p.reviewDate);
  if (p.approvedDate) info('Approved', '', p.approvedDate);
  if (p.renewalDate) info('Renewal due', r.renewal ? `renewal ${r.renewal.replace('_', ' ')}` : '', p.renewalDate);
  info('School year', r.schoolYear);
  const contacts = (p.contacts ?? []).map((c) => (c.name && c.email ? `${c.name} <${c.email}>` : c.name || c.email || c.slackUserId || ''));
  info('Program contacts', contacts.filter(Boolean).join('; '));

  for (const c of r.checks) rows.push(['Readiness', c.label, '', '', '', c.met ? 'met' : 'not met', '', c.detail]);
  rows.push(['Readiness', 'At risk', '', '', '', r.atRisk ? 'yes' : 'no', '', '']);

  for (const m of e.meetings)
    rows.push(['Advisory board meeting', m.title, m.date, '', 'school staff', 'attended', 'yes', m.staff.join('; ')]);

  const counted = new Set(r.counted);
  const kindOf = (partnerId: string) => e.partners.get(partnerId)?.kind ?? 'industry';
  const commitment = (c: EvidenceCommitment) => {
    const type = COMMITMENT_TYPE_INFO[c.type];
    rows.push([
      'Commitment',
      type.label,
      c.startDate,
      c.partnerName,
      PARTNER_KIND_LABELS[kindOf(c.partnerId)],
      COMMITMENT_STATUS_LABELS[c.status] ?? c.status,
      counted.has(c.id) ? 'yes' : 'no',
      `${type.money ? `$${c.quantity.toLocaleString('en-US')}` : `${c.quantity} ${c.quantity === 1 ? type.one : type.unit}`}, school year ${c.schoolYear}`,
    ]);
  };
  const commitments = [...e.programCommitments, ...e.workBasedLearning.filter((w) => !e.programCommitments.some((c) => c.id === w.id))];
  commitments.sort((x, y) => x.startDate.localeCompare(y.startDate) || x.partnerName.localeCompare(y.partnerName)).forEach(commitment);

  const partnerIds = [...new Set(commitments.map((c) => c.partnerId))];
  for (const id of partnerIds) {
    const partner = e.partners.get(id);
    const name = partner?.name ?? commitments.find((c) => c.partnerId === id)?.partnerName ?? '';
    const kind = kindOf(id);
    rows.push([
      'Partner',
      name,
      '',
      name,
      PARTNER_KIND_LABELS[kind],
      '',
      kind === 'industry' ? 'yes' : kind === 'postsecondary' ? 'panel only' : 'no',
      (partner?.commissions ?? []).join('; '),
    ]);
  }
  for (const gap of r.gaps) rows.push(['Gap', gap, '', '', '', 'missing', '', '']);
  return rows;
}

export function buildProgramPacketCsv(a: AssessedProgram): { content: Buffer; rows: number } {
  const rows = programPacketRows(a);
  return {
    content: Buffer.from(UTF8_BOM + csvRow([...PACKET_COLUMNS]) + rows.map((row) => csvRow(row)).join(''), 'utf8'),
    rows: rows.length,
  };
}
