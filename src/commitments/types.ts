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
  'other',
] as const;
export type CommitmentType = (typeof COMMITMENT_TYPES)[number];

/** `unit` is the plural, `one` the singular; `money` quantities are dollars, written `$2,500`. */
export const COMMITMENT_TYPE_INFO: Record<CommitmentType, { label: string; unit: string; one: string; money?: true }> = {
  mentoring: { label: 'Mentoring', unit: 'students mentored', one: 'student mentored' },
  internship_hosting: { label: 'Internship hosting', unit: 'interns', one: 'intern' },
  guest_speaking: { label: 'Guest speaking', unit: 'sessions', one: 'session' },
  competition_support: { label: 'Competition support', unit: 'competitions', one: 'competition' },
  scholarship: { label: 'Scholarship', unit: 'dollars', one: 'dollar', money: true },
  teacher_externship: { label: 'Teacher externship', unit: 'teachers hosted', one: 'teacher hosted' },
  curriculum_support: { label: 'Curriculum support', unit: 'hours', one: 'hour' },
  industry_benchmarks: { label: 'Industry benchmarks', unit: 'benchmarks', one: 'benchmark' },
  site_visit: { label: 'Site visit / job shadow', unit: 'students', one: 'student' },
  other: { label: 'Other', unit: 'units', one: 'unit' },
};

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
