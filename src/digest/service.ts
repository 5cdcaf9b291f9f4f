import { DateTime } from 'luxon';
import { commissionZone, getCommission, targetsForYear } from '../commissions';
import { activityIds } from '../commitments';
import { commitmentsByIds } from '../commitments';
import { commitmentTotals } from '../commitments';
import { COMMITMENT_TYPES, type CommitmentStatus, type CommitmentType } from '../domain/commitments';
import { openDeliverablesDue, type DeliverableStatus } from '../deliverables';
import { notFound } from '../errors';
import { meetingsWithAttendance, type MeetingAttendance } from '../meetings';
import { assessPrograms, listPrograms, type AssessedProgram } from '../programs';
import { scheduledMeetingsBetween } from '../meetings';
import { quietPartners } from '../partners';
import { addWeeks, isoWeekRange } from './schedule';
import { isoWeekKey, localDate, schoolYearOf } from '../domain/dates';

/**
 * The data of a commission's weekly digest. Its cost follows the week's activity and the open items, never
 * the size of the history: the week's commitments come from the day index of recordings and fulfilments
 * (`commitments/activity.ts`, exact `_id` look-ups on every server), school-year totals from the
 * incrementally maintained rollup, and every list is fetched with a limit (plus a count only when the limit
 * is reached).
 */

/** Items fetched per list: more than a digest section shows; the rest is counted. */
export const DIGEST_LIST_LIMIT = 15;
export const UPCOMING_MEETING_DAYS = 14;
export const INACTIVE_PARTNER_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface Listed<T> {
  items: T[];
  /** How many there are in all (`items` holds the first ones). */
  total: number;
}

export interface DigestCommitment {
  id: string;
  partnerName: string;
  type: CommitmentType;
  quantity: number;
  unit: string;
  status: CommitmentStatus;
  fulfilledQuantity: number;
}

export interface DigestTotal {
  type: CommitmentType;
  /** Commitments of this type this school year, cancelled ones excluded. */
  commitments: number;
  /** Quantity pledged (all but cancelled). */
  pledged: number;
  fulfilled: number;
  /** The commission's target for the type, when it has one. */
  target?: number;
}

export interface DigestMeeting {
  id: string;
  title: string;
  startsAt: Date;
  location: string;
  link: string;
}

export interface DigestDeliverable {
  id: string;
  title: string;
  ownerId: string;
  dueDate: string;
  status: DeliverableStatus;
}

export interface DigestPartner {
  id: string;
  name: string;
  /** Last recorded activity; absent when nothing was ever recorded (then it counts from when it was added). */
  lastActivityAt?: Date;
}

export interface DigestData {
  commission: { key: string; name: string; channelId?: string };
  timeZone: string;
  /** The reported week: the last complete ISO week before `now`, in the commission's zone. */
  week: { key: string; start: Date; end: Date; firstDate: string; lastDate: string };
  /** Today's local date, for "overdue". */
  today: string;
  now: Date;
  schoolYear: string;
  recorded: Listed<DigestCommitment>;
  fulfilled: Listed<DigestCommitment>;
  totals: DigestTotal[];
  meetings: Listed<DigestMeeting>;
  overdueDeliverables: Listed<DigestDeliverable>;
  /** Open or in progress and not overdue. */
  upcomingDeliverables: Listed<DigestDeliverable>;
  inactivePartners: Listed<DigestPartner>;
  /** Meetings that ended in the reported week, with their attendance (counts only are shown: channels may be shared). */
  attendance?: MeetingAttendance[];
  /** The commission's programs of study at risk (review within 60 days and a gap); shown without partner names. */
  programsAtRisk?: AssessedProgram[];
}

/** The week a digest sent or shown at `now` reports on: the last complete ISO week in `zone`. */
export function reportedWeek(now: Date, zone: string): string {
  return addWeeks(isoWeekKey(now, zone), -1);
}

/**
 * Everything the weekly digest of `commissionKey` shows, as of `now`. `timeZone` is the app's default,
 * used when the commission has no zone of its own. The reported week is the last complete ISO week before
 * `now` unless `options.week` names one (a digest sent late still reports the week it was planned for).
 */
export async function buildDigest(
  commissionKey: string,
  now: Date,
  timeZone: string,
  options: { week?: string } = {},
): Promise<DigestData> {
  const commission = await getCommission(commissionKey);
  if (!commission) throw notFound(`There is no commission \`${commissionKey}\`. See them with \`/iec commission list\`.`);
  const zone = commissionZone(commission, timeZone);
  const weekKey = options.week ?? reportedWeek(now, zone);
  const week = { key: weekKey, ...isoWeekRange(weekKey, zone) };
  const today = localDate(now, zone);
  const schoolYear = schoolYearOf(now, zone);

  const [activity, totals, meetings, overdueDeliverables, upcomingDeliverables, inactivePartners, attendance, programs] = await Promise.all(
    [
      weekActivity(commissionKey, week),
      commitmentTotals({ commissionKey, schoolYear }),
      upcomingMeetings(commissionKey, now),
      deliverables(commissionKey, { $lt: today }),
      deliverables(commissionKey, { $gte: today }),
      quietPartnersOf(commissionKey, now),
      meetingsWithAttendance(commissionKey, { from: week.start, to: week.end }, DIGEST_LIST_LIMIT),
      listPrograms([commissionKey]).then((list) => assessPrograms(list, now, timeZone)),
    ],
  );

  const targets = targetsForYear(commission.targets, schoolYear, schoolYear);
  const byType = new Map(totals.byType.map((t) => [t.type, t]));
  const digestTotals: DigestTotal[] = COMMITMENT_TYPES.filter((type) => targets.has(type) || byType.has(type)).map((type) => {
    const row = byType.get(type);
    return {
      type,
      commitments: row?.commitments ?? 0,
      pledged: row?.pledged ?? 0,
      fulfilled: row?.fulfilled ?? 0,
      target: targets.get(type),
    };
  });

  return {
    commission: { key: commission.key, name: commission.name, channelId: commission.channelId ?? undefined },
    timeZone: zone,
    week,
    today,
    now,
    schoolYear,
    recorded: activity.recorded,
    fulfilled: activity.fulfilled,
    totals: digestTotals,
    meetings,
    overdueDeliverables,
    upcomingDeliverables,
    inactivePartners,
    attendance,
    programsAtRisk: programs.filter((p) => p.readiness.atRisk),
  };
}

const FULFILLED_STATUSES: readonly CommitmentStatus[] = ['fulfilled', 'partially_fulfilled'];

/** Commitments recorded, and commitments fulfilled, in the week: candidates from the day index, checked here. */
async function weekActivity(
  commissionKey: string,
  week: { start: Date; end: Date },
): Promise<{ recorded: Listed<DigestCommitment>; fulfilled: Listed<DigestCommitment> }> {
  // Candidates come from the day index (exact _id look-ups), then are checked against the documents.
  const ids = await activityIds(commissionKey, week);
  const rows = await commitmentsByIds(ids);
  const inWeek = (d: Date | null | undefined) => !!d && d >= week.start && d < week.end;
  const toItem = (r: (typeof rows)[number]): DigestCommitment => ({
    id: String(r._id),
    partnerName: r.partnerName,
    type: r.type as CommitmentType,
    quantity: r.quantity,
    unit: r.unit,
    status: (r.status ?? 'pledged') as CommitmentStatus,
    fulfilledQuantity: r.fulfilledQuantity ?? 0,
  });
  const ours = rows.filter((r) => r.commissionKey === commissionKey);
  const recorded = ours
    .filter((r) => inWeek(r.createdAt))
    .sort((a, b) => (b.createdAt as Date).getTime() - (a.createdAt as Date).getTime());
  const fulfilled = ours
    .filter((r) => inWeek(r.fulfilledAt) && FULFILLED_STATUSES.includes(r.status as CommitmentStatus))
    .sort((a, b) => (b.fulfilledAt as Date).getTime() - (a.fulfilledAt as Date).getTime());
  return {
    recorded: { items: recorded.slice(0, DIGEST_LIST_LIMIT).map(toItem), total: recorded.length },
    fulfilled: { items: fulfilled.slice(0, DIGEST_LIST_LIMIT).map(toItem), total: fulfilled.length },
  };
}

async function upcomingMeetings(commissionKey: string, now: Date): Promise<Listed<DigestMeeting>> {
  const { items, total } = await scheduledMeetingsBetween(
    commissionKey,
    now,
    new Date(now.getTime() + UPCOMING_MEETING_DAYS * DAY_MS),
    DIGEST_LIST_LIMIT,
  );
  return {
    items: items.map((m) => ({ id: String(m._id), title: m.title, startsAt: m.startsAt, location: m.location ?? '', link: m.link ?? '' })),
    total,
  };
}

async function deliverables(commissionKey: string, dueDate: { $lt: string } | { $gte: string }): Promise<Listed<DigestDeliverable>> {
  const { items, total } = await openDeliverablesDue(commissionKey, dueDate, DIGEST_LIST_LIMIT);
  return {
    items: items.map((d) => ({ id: String(d._id), title: d.title, ownerId: d.ownerId, dueDate: d.dueDate, status: d.status })),
    total,
  };
}

/**
 * The commission's partners with nothing recorded for `INACTIVE_PARTNER_DAYS` days (prospects and active ones),
 * oldest activity first.
 */
async function quietPartnersOf(commissionKey: string, now: Date): Promise<Listed<DigestPartner>> {
  const { items, total } = await quietPartners(commissionKey, new Date(now.getTime() - INACTIVE_PARTNER_DAYS * DAY_MS), DIGEST_LIST_LIMIT);
  return { items: items.map((p) => ({ id: String(p._id), name: p.name, lastActivityAt: p.lastActivityAt ?? undefined })), total };
}

/** "Nov 23 – Nov 29" for the reported week, in the commission's zone (for text, not for Slack dates). */
export function describeWeek(week: { firstDate: string; lastDate: string }): string {
  const f = (d: string) => DateTime.fromISO(d, { zone: 'utc' }).toFormat('LLL d');
  return `${f(week.firstDate)} – ${f(week.lastDate)}`;
}
