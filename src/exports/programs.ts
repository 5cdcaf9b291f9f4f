import { COMMITMENT_STATUS_LABELS, COMMITMENT_TYPE_INFO } from '../domain/commitments';
import type { EvidenceCommitment } from '../commitments';
import { PARTNER_KIND_LABELS, type PartnerContactInfo } from '../partners';
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
 * review asks for, one row per item under its section: the program, its contacts (name, school, email), the readiness
 * checks, the advisory board's formal meetings its school's staff attended (with who), every commitment recorded for
 * it or serving its school (organisation, kind, status, whether it counts), the partners involved with their kind,
 * each partner's contacts (name, organisation, title, email), and the gaps.
 */
export const PACKET_COLUMNS = [
  'Section',
  'Item',
  'Date',
  'Organisation',
  'Kind',
  'Status',
  'Counts as evidence',
  'Detail',
  'Email',
] as const;

type PacketRow = [string, string, string, string, string, string, string, string, string];

/** Who the packet names, read by the caller: the program's contacts (those in Slack by name) and each partner's. */
export interface PacketContacts {
  program: ReadonlyArray<{ name: string; email: string; inSlack: boolean }>;
  /** By partner id. */
  partners: ReadonlyMap<string, readonly PartnerContactInfo[]>;
}

export function programPacketRows(a: AssessedProgram, contacts: PacketContacts): PacketRow[] {
  const { program: p, readiness: r, evidence: e } = a;
  const rows: PacketRow[] = [];
  const row = (cells: Partial<Record<(typeof PACKET_COLUMNS)[number], string>>): void => {
    rows.push(PACKET_COLUMNS.map((c) => cells[c] ?? '') as PacketRow);
  };
  const info = (item: string, detail: string, date = '') => row({ Section: 'Program', Item: item, Date: date, Detail: detail });
  info('Program', p.name);
  info('School', `${p.schoolName}${p.schoolCode ? ` (${p.schoolCode})` : ''}`);
  info('Commission', p.commissionKey);
  info('Stage', p.stage);
  if (p.reviewDate) info('External review', '', p.reviewDate);
  if (p.approvedDate) info('Approved', '', p.approvedDate);
  if (p.renewalDate) info('Renewal due', r.renewal ? `renewal ${r.renewal.replace('_', ' ')}` : '', p.renewalDate);
  info('School year', r.schoolYear);
  for (const c of contacts.program) {
    row({
      Section: 'Program contact',
      Item: c.name,
      Organisation: p.schoolName,
      Kind: 'school staff',
      Detail: c.inSlack ? 'in Slack' : '',
      Email: c.email,
    });
  }

  for (const c of r.checks) row({ Section: 'Readiness', Item: c.label, Status: c.met ? 'met' : 'not met', Detail: c.detail });
  row({ Section: 'Readiness', Item: 'At risk', Status: r.atRisk ? 'yes' : 'no' });

  for (const m of e.meetings) {
    row({
      Section: 'Advisory board meeting',
      Item: m.title,
      Date: m.date,
      Kind: 'school staff',
      Status: 'attended',
      'Counts as evidence': 'yes',
      Detail: m.staff.join('; '),
    });
  }

  const counted = new Set(r.counted);
  const kindOf = (partnerId: string) => e.partners.get(partnerId)?.kind ?? 'industry';
  const commitment = (c: EvidenceCommitment) => {
    const type = COMMITMENT_TYPE_INFO[c.type];
    row({
      Section: 'Commitment',
      Item: type.label,
      Date: c.startDate,
      Organisation: c.partnerName,
      Kind: PARTNER_KIND_LABELS[kindOf(c.partnerId)],
      Status: COMMITMENT_STATUS_LABELS[c.status] ?? c.status,
      'Counts as evidence': counted.has(c.id) ? 'yes' : 'no',
      Detail: `${type.money ? `$${c.quantity.toLocaleString('en-US')}` : `${c.quantity} ${c.quantity === 1 ? type.one : type.unit}`}, school year ${c.schoolYear}`,
    });
  };
  const commitments = [...e.programCommitments, ...e.workBasedLearning.filter((w) => !e.programCommitments.some((c) => c.id === w.id))];
  commitments.sort((x, y) => x.startDate.localeCompare(y.startDate) || x.partnerName.localeCompare(y.partnerName)).forEach(commitment);

  const partnerIds = [...new Set(commitments.map((c) => c.partnerId))];
  const partnerName = (id: string) => e.partners.get(id)?.name ?? commitments.find((c) => c.partnerId === id)?.partnerName ?? '';
  for (const id of partnerIds) {
    const kind = kindOf(id);
    row({
      Section: 'Partner',
      Item: partnerName(id),
      Organisation: partnerName(id),
      Kind: PARTNER_KIND_LABELS[kind],
      'Counts as evidence': kind === 'industry' ? 'yes' : kind === 'postsecondary' ? 'panel only' : 'no',
      Detail: (e.partners.get(id)?.commissions ?? []).join('; '),
    });
  }
  for (const id of partnerIds) {
    for (const c of contacts.partners.get(id) ?? []) {
      row({
        Section: 'Partner contact',
        Item: c.name,
        Organisation: partnerName(id),
        Kind: PARTNER_KIND_LABELS[kindOf(id)],
        Detail: [c.title, c.phone].filter(Boolean).join('; '),
        Email: c.email ?? '',
      });
    }
  }
  for (const gap of r.gaps) row({ Section: 'Gap', Item: gap, Status: 'missing' });
  return rows;
}

export function buildProgramPacketCsv(a: AssessedProgram, contacts: PacketContacts): { content: Buffer; rows: number } {
  const rows = programPacketRows(a, contacts);
  return {
    content: Buffer.from(UTF8_BOM + csvRow([...PACKET_COLUMNS]) + rows.map((row) => csvRow(row)).join(''), 'utf8'),
    rows: rows.length,
  };
}
