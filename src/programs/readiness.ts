import type { EvidenceCommitment } from '../commitments';
import { COMMITMENT_TYPE_INFO, type CommitmentType } from '../commitments';
import type { PartnerKindInfo } from '../partners';
import type { ProgramStage } from './model';

/**
 * A program's readiness for its approval step, per school year: pure, with today's date passed in. The district's
 * program-quality rules it follows (see README, "Programs of study"):
 * - the commission is the program's advisory board for the school staff who actively take part: its school's staff
 *   attended at least `minFormalMeetings` formal meetings of the commission this school year (2 by default);
 * - industry partners reviewed the curriculum and the technical assessment and validated the employability skills
 *   (a review counts once fulfilled; a pledged one is "planned");
 * - at least `minWorkBasedLearning` work-based learning commitments (career awareness, exploration or preparation)
 *   of the commission serve the program's school this school year (1 by default);
 * - when the external review is within 90 days: a panel of at least two distinct industry organisations of the
 *   program's commission and one postsecondary representative who committed to serve on it.
 * Only industry partners count as industry evidence: educational providers and community organisations do not.
 * An approved program's renewal (a new self-study and external review) needs the same evidence: with a gap and the
 * renewal within `RENEWAL_AT_RISK_DAYS` it is at risk; with a gap once the renewal date passed its approval has
 * lapsed (worked out from the dates, until the scheduler sets the stored stage: lapse.ts). A program whose stage is
 * `lapsed` needs a new approval: it is at risk, with renewal `lapsed`, until someone sets another stage.
 */

export interface ReadinessRules {
  minFormalMeetings: number;
  minWorkBasedLearning: number;
}

export const DEFAULT_RULES: ReadinessRules = { minFormalMeetings: 2, minWorkBasedLearning: 1 };
/** The panel is checked once the external review is this close. */
export const PANEL_WINDOW_DAYS = 90;
/** A program with a gap and its review this close is at risk. */
export const AT_RISK_DAYS = 60;
/** An approved program with a gap and its renewal this close is at risk (the first renewal reminder's 90 days). */
export const RENEWAL_AT_RISK_DAYS = 90;
export const PANEL_INDUSTRY_MIN = 2;
export const PANEL_POSTSECONDARY_MIN = 1;

export interface ReadinessProgram {
  id: string;
  schoolId: string;
  commissionKey: string;
  stage: ProgramStage;
  reviewDate?: string;
  renewalDate?: string;
}

/**
 * Where an approved program's renewal stands, when it needs attention: `at_risk` (renewal within
 * RENEWAL_AT_RISK_DAYS and a gap), `lapsed` (renewal date passed with a gap, or the stage is `lapsed`), `overdue`
 * (passed, the evidence complete: the renewal review was not set; the scheduler lapses it).
 */
export type RenewalStatus = 'at_risk' | 'lapsed' | 'overdue';

export interface AttendedMeeting {
  id: string;
  title: string;
  /** `YYYY-MM-DD` in the commission's zone. */
  date: string;
  /** The program's school staff who were there (names: leads and the packet only). */
  staff: string[];
}

export interface ProgramEvidence {
  /** Formal meetings of the commission this school year that staff of the program's school attended. */
  meetings: AttendedMeeting[];
  /** Commitments recorded against the program (not cancelled). */
  programCommitments: EvidenceCommitment[];
  /** Work-based learning commitments of the commission serving schools this school year (not cancelled). */
  workBasedLearning: EvidenceCommitment[];
  partners: ReadonlyMap<string, PartnerKindInfo>;
}

export type CheckKey = 'attendance' | 'curriculum' | 'assessment' | 'employability' | 'wbl' | 'panel';

export interface ReadinessCheck {
  key: CheckKey;
  label: string;
  met: boolean;
  /** Counts only, no names: fit for a shared channel. */
  detail: string;
  /** What is missing, when not met. */
  gap?: string;
}

export interface Panelist {
  partnerId: string;
  name: string;
  commitmentId: string;
}

export interface Readiness {
  programId: string;
  schoolYear: string;
  checks: ReadinessCheck[];
  gaps: string[];
  /** Days from today to the external review (negative once past), when one is scheduled. */
  reviewInDays?: number;
  /** Days from today to an approved program's renewal date (negative once past). */
  renewalInDays?: number;
  renewal?: RenewalStatus;
  panelNeeded: boolean;
  panel: { industry: Panelist[]; postsecondary: Panelist[] };
  /** The reviews counted or planned, by type (names are for leads only). */
  reviews: Array<{ type: CommitmentType; partnerName: string; date: string; done: boolean; industry: boolean }>;
  workBasedLearning: number;
  /** The commitments that count as evidence (fulfilled industry reviews, work-based learning, panelists), by id. */
  counted: string[];
  atRisk: boolean;
}

const DAY = 86_400_000;
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

const REVIEW_CHECKS: Array<{ key: CheckKey; type: CommitmentType; label: string; missing: string }> = [
  { key: 'curriculum', type: 'curriculum_review', label: 'Curriculum reviewed', missing: 'no industry curriculum review' },
  {
    key: 'assessment',
    type: 'technical_assessment_review',
    label: 'Technical assessment reviewed',
    missing: 'no industry review of the technical assessment',
  },
  {
    key: 'employability',
    type: 'employability_validation',
    label: 'Employability skills validated',
    missing: 'no industry validation of employability skills',
  },
];

const isDone = (c: EvidenceCommitment) => c.status === 'fulfilled' || c.status === 'partially_fulfilled';
const s = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The readiness of one program in one school year, as of `today` (`YYYY-MM-DD`). */
export function assessReadiness(
  program: ReadinessProgram,
  evidence: ProgramEvidence,
  rules: ReadinessRules,
  schoolYear: string,
  today: string,
): Readiness {
  const kindOf = (partnerId: string) => evidence.partners.get(partnerId)?.kind ?? 'industry';
  const isIndustry = (c: EvidenceCommitment) => kindOf(c.partnerId) === 'industry';
  const checks: ReadinessCheck[] = [];
  const counted = new Set<string>();

  const attended = evidence.meetings.length;
  checks.push({
    key: 'attendance',
    label: 'School staff at formal meetings',
    met: attended >= rules.minFormalMeetings,
    detail: `${attended} of ${rules.minFormalMeetings} formal meetings this school year`,
    gap: `its school's staff attended ${s(attended, 'formal meeting')} of the ${rules.minFormalMeetings} needed`,
  });

  const ofProgram = evidence.programCommitments.filter((c) => c.programId === program.id);
  const reviews: Readiness['reviews'] = [];
  for (const r of REVIEW_CHECKS) {
    const thisYear = ofProgram.filter((c) => c.type === r.type && c.schoolYear === schoolYear);
    for (const c of thisYear)
      reviews.push({ type: r.type, partnerName: c.partnerName, date: c.startDate, done: isDone(c), industry: isIndustry(c) });
    const doneReviews = thisYear.filter((c) => isIndustry(c) && isDone(c));
    for (const c of doneReviews) counted.add(c.id);
    const done = doneReviews.length;
    const planned = thisYear.filter((c) => isIndustry(c) && !isDone(c)).length;
    const notIndustry = thisYear.filter((c) => !isIndustry(c)).length;
    const extra = notIndustry > 0 ? ` (${s(notIndustry, 'other not by industry', 'others not by industry')}, not counted)` : '';
    checks.push({
      key: r.key,
      label: r.label,
      met: done > 0,
      detail:
        done > 0
          ? `done (${s(done, 'review')})${extra}`
          : planned > 0
            ? `planned (${s(planned, 'pledge')}), not done yet${extra}`
            : `none${extra}`,
      gap: planned > 0 ? `${r.missing} done yet (${s(planned, 'planned')})` : r.missing,
    });
  }

  const wblCounted = evidence.workBasedLearning.filter(
    (c) =>
      c.commissionKey === program.commissionKey && c.schoolYear === schoolYear && c.schoolIds.includes(program.schoolId) && isIndustry(c),
  );
  for (const c of wblCounted) counted.add(c.id);
  const wbl = wblCounted.length;
  checks.push({
    key: 'wbl',
    label: 'Work-based learning',
    met: wbl >= rules.minWorkBasedLearning,
    detail: `${s(wbl, 'industry commitment')} serving the school (${rules.minWorkBasedLearning} needed)`,
    gap: `${s(wbl, 'work-based learning commitment')} serving the school of the ${rules.minWorkBasedLearning} needed`,
  });

  const reviewInDays = program.stage === 'review_scheduled' && program.reviewDate ? daysBetween(today, program.reviewDate) : undefined;
  const panelNeeded = reviewInDays !== undefined && reviewInDays >= 0 && reviewInDays <= PANEL_WINDOW_DAYS;
  const industry = new Map<string, Panelist>();
  const postsecondary = new Map<string, Panelist>();
  for (const c of ofProgram) {
    if (c.type !== 'review_panelist') continue;
    const partner = evidence.partners.get(c.partnerId);
    const kind = partner?.kind ?? 'industry';
    const panelist = { partnerId: c.partnerId, name: c.partnerName, commitmentId: c.id };
    const ofCommission = c.commissionKey === program.commissionKey || (partner?.commissions ?? []).includes(program.commissionKey);
    if (kind === 'industry' && ofCommission && !industry.has(c.partnerId)) industry.set(c.partnerId, panelist);
    if (kind === 'postsecondary' && !postsecondary.has(c.partnerId)) postsecondary.set(c.partnerId, panelist);
  }
  for (const x of [...industry.values(), ...postsecondary.values()]) counted.add(x.commitmentId);
  if (panelNeeded) {
    const missing: string[] = [];
    if (industry.size < PANEL_INDUSTRY_MIN)
      missing.push(`${PANEL_INDUSTRY_MIN - industry.size} more industry panelist${PANEL_INDUSTRY_MIN - industry.size === 1 ? '' : 's'}`);
    if (postsecondary.size < PANEL_POSTSECONDARY_MIN) missing.push('a postsecondary panelist');
    checks.push({
      key: 'panel',
      label: 'External review panel',
      met: missing.length === 0,
      detail: `${s(industry.size, 'industry organisation')} of ${PANEL_INDUSTRY_MIN}, ${postsecondary.size} of ${PANEL_POSTSECONDARY_MIN} postsecondary`,
      gap: `the review panel needs ${missing.join(' and ')}`,
    });
  }

  const gaps = checks.filter((c) => !c.met).map((c) => c.gap ?? c.label);
  for (const c of checks) if (c.met) delete c.gap;
  const renewalInDays =
    (program.stage === 'approved' || program.stage === 'lapsed') && program.renewalDate
      ? daysBetween(today, program.renewalDate)
      : undefined;
  // a lapsed stage (set by iec-bot once the renewal date passed, or by a person) needs a new approval: the most urgent
  const renewal = program.stage === 'lapsed' ? 'lapsed' : renewalStatus(renewalInDays, gaps.length > 0);
  const reviewAtRisk = reviewInDays !== undefined && reviewInDays >= 0 && reviewInDays <= AT_RISK_DAYS && gaps.length > 0;
  const atRisk = reviewAtRisk || renewal !== undefined;
  return {
    programId: program.id,
    schoolYear,
    checks,
    gaps,
    ...(reviewInDays !== undefined ? { reviewInDays } : {}),
    ...(renewalInDays !== undefined ? { renewalInDays } : {}),
    ...(renewal ? { renewal } : {}),
    panelNeeded,
    panel: { industry: [...industry.values()], postsecondary: [...postsecondary.values()] },
    reviews,
    workBasedLearning: wbl,
    counted: [...counted],
    atRisk,
  };
}

function renewalStatus(inDays: number | undefined, gap: boolean): RenewalStatus | undefined {
  if (inDays === undefined) return undefined;
  if (inDays < 0) return gap ? 'lapsed' : 'overdue';
  return gap && inDays <= RENEWAL_AT_RISK_DAYS ? 'at_risk' : undefined;
}

/**
 * Programs ordered for a list: at risk first (a lapsed or overdue renewal before the rest), then the nearest review
 * or renewal, then by school and name.
 */
export function byUrgency<T extends { readiness: Readiness; schoolName: string; name: string }>(a: T, b: T): number {
  const risk = Number(b.readiness.atRisk) - Number(a.readiness.atRisk);
  if (risk) return risk;
  const due = (r: Readiness) => {
    const days = r.reviewInDays ?? r.renewalInDays;
    if (days === undefined) return Number.POSITIVE_INFINITY;
    // a review date that passed only needs its stage updated; a renewal that passed is the most urgent
    if (days < 0) return r.renewal ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    return days;
  };
  const da = due(a.readiness);
  const db = due(b.readiness);
  return (da === db ? 0 : da < db ? -1 : 1) || a.schoolName.localeCompare(b.schoolName) || a.name.localeCompare(b.name);
}

export const typeLabel = (t: CommitmentType): string => COMMITMENT_TYPE_INFO[t].label;
