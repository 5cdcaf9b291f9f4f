import { Types } from 'mongoose';
import { canActForPartner, type Actor } from '../access/actor';
import { addDays } from '../calendar/service';
import { CommissionModel } from '../commissions/model';
import { commissionZone } from '../commissions/service';
import { CommitmentModel } from '../commitments/model';
import { answerFollowUp, type FollowUpAnswer, type StoredCommitment } from '../commitments/service';
import { COMMITMENT_STATUS_LABELS, OPEN_COMMITMENT_STATUSES, type CommitmentStatus, type CommitmentType } from '../commitments/types';
import { conflict, forbidden, notFound } from '../errors';
import { PartnerModel } from '../partners/model';
import { localDate, zonedDateTime } from '../scheduler/time';

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

type CommitmentFields = Pick<
  StoredCommitment,
  | '_id'
  | 'partnerId'
  | 'partnerName'
  | 'commissionKey'
  | 'type'
  | 'quantity'
  | 'unit'
  | 'fulfilledQuantity'
  | 'startDate'
  | 'endDate'
  | 'status'
  | 'recordedBy'
>;

const PROJECTION = {
  partnerId: 1,
  partnerName: 1,
  commissionKey: 1,
  type: 1,
  quantity: 1,
  unit: 1,
  fulfilledQuantity: 1,
  startDate: 1,
  endDate: 1,
  status: 1,
  recordedBy: 1,
} as const;

/** The date after which a commitment should have happened. */
export function targetDateOf(c: { startDate: string; endDate?: string | null }): string {
  return c.endDate || c.startDate;
}

/** When the follow-up of a target date is asked: the next day at FOLLOWUP_TIME in the zone. */
export function followUpDueAt(targetDate: string, zone: string): Date {
  return zonedDateTime(addDays(targetDate, 1), FOLLOWUP_TIME, zone);
}

function isOpen(status: string | null | undefined): boolean {
  return OPEN_COMMITMENT_STATUSES.includes((status ?? 'pledged') as CommitmentStatus);
}

async function zonesOf(keys: string[], defaultZone: string): Promise<Map<string, string>> {
  const rows = await CommissionModel.find({ key: { $in: [...new Set(keys)] } }, { key: 1, timeZone: 1 }).lean();
  return new Map(rows.map((c) => [c.key, commissionZone(c, defaultZone)]));
}

/** The first contact of each partner who is in Slack. */
async function slackContactsOf(partnerIds: Types.ObjectId[]): Promise<Map<string, string>> {
  const rows = await PartnerModel.find({ _id: { $in: partnerIds } }, { contacts: 1 }).lean();
  const out = new Map<string, string>();
  for (const p of rows) {
    const contact = p.contacts.find((c) => c.slackUserId);
    if (contact?.slackUserId) out.set(String(p._id), contact.slackUserId);
  }
  return out;
}

function subjectOf(c: CommitmentFields, contacts: Map<string, string>, zones: Map<string, string>, defaultZone: string): FollowUpSubject {
  const contact = contacts.get(String(c.partnerId));
  return {
    commitmentId: String(c._id),
    partnerId: String(c.partnerId),
    partnerName: c.partnerName,
    commissionKey: c.commissionKey,
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
): Promise<Array<{ subject: FollowUpSubject; dueAt: Date }>> {
  const first = addDays(localDate(window.from, 'UTC'), -3);
  const last = localDate(window.to, 'UTC');
  const range = { $gte: first, $lte: last };
  const rows = await CommitmentModel.find(
    // each branch a bounded range of the status/endDate index (an $or under an AND cannot bound it)
    {
      $or: [
        { status: { $in: OPEN_COMMITMENT_STATUSES }, endDate: range },
        { status: { $in: OPEN_COMMITMENT_STATUSES }, endDate: null, startDate: range },
      ],
    },
    PROJECTION,
  ).lean<CommitmentFields[]>();
  if (rows.length === 0) return [];
  const [zones, contacts] = await Promise.all([
    zonesOf(
      rows.map((r) => r.commissionKey),
      defaultZone,
    ),
    slackContactsOf(rows.map((r) => r.partnerId)),
  ]);
  return rows
    .map((r) => {
      const subject = subjectOf(r, contacts, zones, defaultZone);
      return { subject, dueAt: followUpDueAt(subject.targetDate, subject.zone) };
    })
    .filter(({ dueAt }) => dueAt > window.from && dueAt <= window.to);
}

/** The follow-up of one commitment, from fresh data; undefined when the commitment is gone. */
export async function loadFollowUpSubject(commitmentId: string, defaultZone: string): Promise<FollowUpSubject | undefined> {
  if (!Types.ObjectId.isValid(commitmentId)) return undefined;
  const c = await CommitmentModel.findById(commitmentId, PROJECTION).lean<CommitmentFields>();
  if (!c) return undefined;
  const [zones, contacts] = await Promise.all([zonesOf([c.commissionKey], defaultZone), slackContactsOf([c.partnerId])]);
  return subjectOf(c, contacts, zones, defaultZone);
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
