/** Commitment types, their units and labels: the vocabulary of the whole app, defined once. */

export const COMMITMENT_TYPES = [
  'mentoring',
  'internship_hosting',
  'guest_speaking',
  'competition_support',
  'scholarship',
  'teacher_externship',
  'curriculum_support',
  'industry_benchmarks',
  'site_visit',
  'career_day',
  'workplace_tour',
  'mock_interviews',
  'resume_review',
  'teacher_pd',
  'equipment_donation',
  'curriculum_review',
  'technical_assessment_review',
  'employability_validation',
  'review_panelist',
  'other',
] as const;
export type CommitmentType = (typeof COMMITMENT_TYPES)[number];

/**
 * Work-based learning category of each type, along the career awareness → exploration → preparation continuum
 * that Perkins V program-quality reporting uses, plus the kinds of support that are not student experiences, each
 * its own category. Only the three student-experience categories count as work-based learning for a program's
 * readiness (src/programs).
 */
export const WBL_STUDENT_CATEGORIES = ['Career awareness', 'Career exploration', 'Career preparation'] as const;

interface TypeInfo {
  label: string;
  unit: string;
  one: string;
  money?: true;
  /** Work-based learning category (exports, readiness). */
  wbl: string;
  /** Support of one program of study's approval: recorded against that program (src/programs). */
  program?: true;
}

/** `unit` is the plural, `one` the singular; `money` quantities are dollars, written `$2,500`. */
export const COMMITMENT_TYPE_INFO: Record<CommitmentType, TypeInfo> = {
  mentoring: { label: 'Mentoring', unit: 'students mentored', one: 'student mentored', wbl: 'Career exploration' },
  internship_hosting: { label: 'Internship hosting', unit: 'interns', one: 'intern', wbl: 'Career preparation' },
  guest_speaking: { label: 'Guest speaking', unit: 'sessions', one: 'session', wbl: 'Career awareness' },
  competition_support: { label: 'Competition support', unit: 'competitions', one: 'competition', wbl: 'Career preparation' },
  scholarship: { label: 'Scholarship', unit: 'dollars', one: 'dollar', money: true, wbl: 'Scholarship' },
  teacher_externship: { label: 'Teacher externship', unit: 'teachers hosted', one: 'teacher hosted', wbl: 'Teacher externship' },
  curriculum_support: { label: 'Curriculum support', unit: 'hours', one: 'hour', wbl: 'Curriculum support' },
  industry_benchmarks: { label: 'Industry benchmarks', unit: 'benchmarks', one: 'benchmark', wbl: 'Program support' },
  site_visit: { label: 'Site visit / job shadow', unit: 'students', one: 'student', wbl: 'Career awareness' },
  career_day: { label: 'Career day', unit: 'career days', one: 'career day', wbl: 'Career awareness' },
  workplace_tour: { label: 'Workplace tour', unit: 'students toured', one: 'student toured', wbl: 'Career awareness' },
  mock_interviews: { label: 'Mock interviews', unit: 'students interviewed', one: 'student interviewed', wbl: 'Career preparation' },
  resume_review: { label: 'Resume review', unit: 'resumes reviewed', one: 'resume reviewed', wbl: 'Career preparation' },
  teacher_pd: { label: 'Teacher professional development', unit: 'sessions', one: 'session', wbl: 'Teacher professional development' },
  equipment_donation: { label: 'Equipment donation', unit: 'items donated', one: 'item donated', wbl: 'Equipment donation' },
  curriculum_review: { label: 'Curriculum review', unit: 'reviews', one: 'review', wbl: 'Program support', program: true },
  technical_assessment_review: {
    label: 'Technical assessment review',
    unit: 'reviews',
    one: 'review',
    wbl: 'Program support',
    program: true,
  },
  employability_validation: {
    label: 'Employability skills validation',
    unit: 'validations',
    one: 'validation',
    wbl: 'Program support',
    program: true,
  },
  review_panelist: {
    label: 'External review panelist',
    unit: 'reviews served',
    one: 'review served',
    wbl: 'Program support',
    program: true,
  },
  other: { label: 'Other', unit: 'units', one: 'unit', wbl: 'Other' },
};

/** Types a commitment is recorded against one program of study with. */
export const PROGRAM_COMMITMENT_TYPES: readonly CommitmentType[] = COMMITMENT_TYPES.filter((t) => COMMITMENT_TYPE_INFO[t].program);

/** Whether a type is a student work-based learning experience (awareness, exploration, preparation). */
export const isWorkBasedLearning = (type: CommitmentType): boolean =>
  (WBL_STUDENT_CATEGORIES as readonly string[]).includes(COMMITMENT_TYPE_INFO[type].wbl);

export const COMMITMENT_STATUSES = ['pledged', 'confirmed', 'fulfilled', 'partially_fulfilled', 'cancelled'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export const COMMITMENT_STATUS_LABELS: Record<CommitmentStatus, string> = {
  pledged: 'Pledged',
  confirmed: 'Confirmed',
  fulfilled: 'Fulfilled',
  partially_fulfilled: 'Partially fulfilled',
  cancelled: 'Cancelled',
};

/** Statuses in which a commitment is still expected to happen. */
export const OPEN_COMMITMENT_STATUSES: readonly CommitmentStatus[] = ['pledged', 'confirmed'];

/** Whether a fulfilment can still be recorded: not once it is fully fulfilled or cancelled (Edit corrects those). */
export const acceptsFulfilment = (status: string | null | undefined): boolean => status !== 'fulfilled' && status !== 'cancelled';

/** The type names as people write them (`guest speaking`), for help and error messages. */
export const COMMITMENT_TYPE_NAMES: readonly string[] = COMMITMENT_TYPES.map((t) => t.replace(/_/g, ' '));

/** Other words people use for a type. */
const TYPE_ALIASES: Record<string, CommitmentType> = {
  mentor: 'mentoring',
  mentors: 'mentoring',
  intern: 'internship_hosting',
  interns: 'internship_hosting',
  internship: 'internship_hosting',
  internships: 'internship_hosting',
  guest_speaker: 'guest_speaking',
  guest_speakers: 'guest_speaking',
  speaking: 'guest_speaking',
  job_shadow: 'site_visit',
  job_shadowing: 'site_visit',
  site_visits: 'site_visit',
  externship: 'teacher_externship',
  externships: 'teacher_externship',
  scholarships: 'scholarship',
  benchmarks: 'industry_benchmarks',
  panelist: 'review_panelist',
  external_review_panelist: 'review_panelist',
  curriculum: 'curriculum_review',
  technical_assessment: 'technical_assessment_review',
  assessment_review: 'technical_assessment_review',
  employability: 'employability_validation',
  employability_skills: 'employability_validation',
  employability_skills_validation: 'employability_validation',
  professional_development: 'teacher_pd',
  teacher_professional_development: 'teacher_pd',
  pd: 'teacher_pd',
  equipment: 'equipment_donation',
  tour: 'workplace_tour',
  mock_interview: 'mock_interviews',
  resume: 'resume_review',
  resumes: 'resume_review',
};

/** Accepts `internship`, `Internship hosting`, `internship-hosting`, `guest speaking`, `Guest Speaking`… → the type. */
export function parseCommitmentType(input: string): CommitmentType | undefined {
  const norm = input
    .trim()
    .toLowerCase()
    .replace(/[\s/_-]+/g, '_')
    .replace(/^_|_$/g, '');
  if ((COMMITMENT_TYPES as readonly string[]).includes(norm)) return norm as CommitmentType;
  const byLabel = COMMITMENT_TYPES.find((t) => COMMITMENT_TYPE_INFO[t].label.toLowerCase().replace(/[\s/-]+/g, '_') === norm);
  if (byLabel) return byLabel;
  if (Object.hasOwn(TYPE_ALIASES, norm)) return TYPE_ALIASES[norm];
  const prefixed = COMMITMENT_TYPES.filter((t) => t.startsWith(norm));
  return norm.length >= 3 && prefixed.length === 1 ? prefixed[0] : undefined;
}

export function parseCommitmentStatus(input: string): CommitmentStatus | undefined {
  const norm = input
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if ((COMMITMENT_STATUSES as readonly string[]).includes(norm)) return norm as CommitmentStatus;
  return norm === 'partial' || norm === 'partly' ? 'partially_fulfilled' : undefined;
}
