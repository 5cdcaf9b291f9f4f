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
