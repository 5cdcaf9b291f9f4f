import { Types } from 'mongoose';
import { canActForPartner, type Actor } from '../access';
import { commissionNames, commissionZone, commissionZones } from '../commissions';
import { followUpFieldsOf, openCommitmentsByTargetDate, type FollowUpFields } from '../commitments';
import { answerFollowUp, type FollowUpAnswer, type StoredCommitment } from '../commitments';
import { COMMITMENT_STATUS_LABELS, OPEN_COMMITMENT_STATUSES, type CommitmentStatus, type CommitmentType } from '../domain/commitments';
import { conflict, forbidden, notFound } from '../errors';
import { firstSlackContacts } from '../partners';
import { addDays, localDate, zonedDateTime, zonedDates, type ZonedDates } from '../domain/dates';

/**
 * The fulfilment follow-up: once a commitment's target date (its end date, or its start date when it has no
 * end) has passed and it is still pledged or confirmed, its partner contact in Slack — or the IEC who recorded
 * it when the partner has none — is asked whether it happened. The answer goes through the commitments
 * service, so the commitment is updated with history and the totals follow.
 */

/** Local time, on the day after the target date, at which the question is asked. */
export const FOLLOWUP_TIME = '10:00';
/** How long after its time a follow-up is still asked (after an outage); later it is skipped with the reason. */
export const FOLLOWUP_CATCH_UP_MS = 3 * 24 * 60 * 60 * 1000;

export type FollowUpRef = { commitmentId: string; targetDate: string };

/** What the question is about, and whom it goes to. */
export interface FollowUpSubject {
  commitmentId: string;
  partnerId: string;
  partnerName: string;
  commissionKey: string;
  /** The commission as people call it (its key when it has no record any more). */
  commissionName: string;
  type: CommitmentType;
  quantity: number;
  unit: string;
  fulfilledQuantity: number;
  startDate: string;
  endDate?: string;
  targetDate: string;
  status: CommitmentStatus;
  /** Slack user id of whoever is asked. */
  askUserId: string;
  /** A contact of the partner, or the IEC who recorded it (the partner has no contact in Slack). */
  askedAs: 'contact' | 'recorder';
  /** The commission's zone (the app's when it has none). */
  zone: string;
}

/** The date after which a commitment should have happened. */
export function targetDateOf(c: { startDate: string; endDate?: string | null }): string {
  return c.endDate || c.startDate;
}

/** When the follow-up of a target date is asked: the next day at FOLLOWUP_TIME in the zone. */
export function followUpDueAt(targetDate: string, zone: string, dates: Pick<ZonedDates, 'zonedDateTime'> = { zonedDateTime }): Date {
  return dates.zonedDateTime(addDays(targetDate, 1), FOLLOWUP_TIME, zone);
}

function isOpen(status: string | null | undefined): boolean {
  return OPEN_COMMITMENT_STATUSES.includes((status ?? 'pledged') as CommitmentStatus);
}

/** What a subject needs besides the commitment: its commissions' zones and names, its partners' contacts. */
interface SubjectContext {
  contacts: Map<string, string>;
  zones: Map<string, string>;
  names: Map<string, string>;
  defaultZone: string;
}

/** Every commission, when the caller has them (a planning run's shared read). */
type AllCommissions = () => Promise<ReadonlyArray<{ key: string; name: string; timeZone?: string | null }>>;

async function subjectContext(
  rows: readonly FollowUpFields[],
  defaultZone: string,
  allCommissions?: AllCommissions,
): Promise<SubjectContext> {
  const every = allCommissions?.();
  const [zones, names, contacts] = await Promise.all([
    every
      ? every.then((all) => new Map(all.map((c) => [c.key, commissionZone(c, defaultZone)])))
      : commissionZones(
          defaultZone,
          rows.map((r) => r.commissionKey),
        ),
    every ? every.then((all) => new Map(all.map((c) => [c.key, c.name]))) : commissionNames(),
    firstSlackContacts(rows.map((r) => r.partnerId)),
  ]);
  return { contacts, zones, names, defaultZone };
}

function subjectOf(c: FollowUpFields, { contacts, zones, names, defaultZone }: SubjectContext): FollowUpSubject {
  const contact = contacts.get(String(c.partnerId));
  return {
    commitmentId: String(c._id),
    partnerId: String(c.partnerId),
    partnerName: c.partnerName,
    commissionKey: c.commissionKey,
    commissionName: names.get(c.commissionKey) ?? c.commissionKey,
    type: c.type as CommitmentType,
    quantity: c.quantity,
    unit: c.unit,
    fulfilledQuantity: c.fulfilledQuantity ?? 0,
    startDate: c.startDate,
    endDate: c.endDate ?? undefined,
    targetDate: targetDateOf(c),
    status: (c.status ?? 'pledged') as CommitmentStatus,
    askUserId: contact ?? c.recordedBy,
    askedAs: contact ? 'contact' : 'recorder',
    zone: zones.get(c.commissionKey) ?? defaultZone,
  };
}

/**
 * Open commitments whose follow-up falls in (from, to]. Bounded by the window: only commitments whose target
 * date lies in it (every zone is within a day of UTC, so the candidate dates are widened by two days and the
 * exact instants filtered afterwards).
 */
export async function dueFollowUps(
  window: { from: Date; to: Date },
  defaultZone: string,
  allCommissions?: AllCommissions,
): Promise<Array<{ subject: FollowUpSubject; dueAt: Date }>> {
  const first = addDays(localDate(window.from, 'UTC'), -3);
  const last = localDate(window.to, 'UTC');
  const rows = await openCommitmentsByTargetDate(first, last);
  if (rows.length === 0) return [];
  const context = await subjectContext(rows, defaultZone, allCommissions);
  // many commitments share a target date: each date converted once in each zone
  const dates = zonedDates();
  return rows
    .map((r) => {
      const subject = subjectOf(r, context);
      return { subject, dueAt: followUpDueAt(subject.targetDate, subject.zone, dates) };
    })
    .filter(({ dueAt }) => dueAt > window.from && dueAt <= window.to);
}

/** The follow-up of one commitment, from fresh data; undefined when the commitment is gone. */
export async function loadFollowUpSubject(commitmentId: string, defaultZone: string): Promise<FollowUpSubject | undefined> {
  if (!Types.ObjectId.isValid(commitmentId)) return undefined;
  const c = await followUpFieldsOf(commitmentId);
  if (!c) return undefined;
  return subjectOf(c, await subjectContext([c], defaultZone));
}

/** Why a follow-up must not be asked (or answered) any more, if it must not. */
export function staleReason(subject: FollowUpSubject, targetDate: string): string | undefined {
  if (!isOpen(subject.status)) return `already answered: it is ${COMMITMENT_STATUS_LABELS[subject.status].toLowerCase()}`;
  if (subject.targetDate !== targetDate) return `its date changed to ${subject.targetDate}; it will be asked after that`;
  return undefined;
}

/**
 * The follow-up as `actor` may answer it: only the partner's contacts and IECs may, and only while the
 * commitment is still open and its date is the one asked about.
 */
export async function requireAnswerable(ref: FollowUpRef, actor: Actor, defaultZone: string): Promise<FollowUpSubject> {
  const subject = await loadFollowUpSubject(ref.commitmentId, defaultZone);
  if (!subject) throw notFound('I could not find that commitment: it may have been removed.');
  if (!canActForPartner(actor, subject.partnerId)) {
    throw forbidden(`:lock: Sorry, only contacts of *${subject.partnerName}* and IECs can answer this.`);
  }
  if (!isOpen(subject.status)) {
    throw conflict(`This was already answered: the commitment is now *${COMMITMENT_STATUS_LABELS[subject.status].toLowerCase()}*.`);
  }
  if (subject.targetDate !== ref.targetDate) {
    throw conflict(`This commitment was already rescheduled to ${subject.targetDate}; I will ask again after that.`);
  }
  return subject;
}

/** Records the answer (through the commitments service, with history): the follow-up before and after it. */
export async function answerCommitmentFollowUp(
  ref: FollowUpRef,
  answer: FollowUpAnswer,
  actor: Actor,
  now: Date,
  defaultZone: string,
): Promise<{ before: FollowUpSubject; after: FollowUpSubject }> {
  const before = await requireAnswerable(ref, actor, defaultZone);
  const updated = await answerFollowUp(ref.commitmentId, answer, actor, now);
  return { before, after: { ...before, ...subjectFields(updated) } };
}

function subjectFields(c: StoredCommitment): Partial<FollowUpSubject> {
  return {
    status: (c.status ?? 'pledged') as CommitmentStatus,
    fulfilledQuantity: c.fulfilledQuantity ?? 0,
    startDate: c.startDate,
    endDate: c.endDate ?? undefined,
    targetDate: targetDateOf(c),
  };
}
