import type { Types } from 'mongoose';
import { CommitmentModel, type Commitment } from './model';
import { CommitmentRequestModel } from './request-model';
import type { StoredCommitment } from './service';
import { OPEN_COMMITMENT_STATUSES } from '../domain/commitments';

/**
 * The reads other features make of commitments (commissions, partners, digests, Home, reports, exports,
 * follow-ups): they call these, exported from the commitments index, instead of using the model. Writes go
 * through the commitments service.
 */

/** A list's first rows and how many there are in all (counted only when the list is full). */
export interface Counted<T> {
  items: T[];
  total: number;
}

/** A stored commitment without its history: what every list and report reads. */
export type CommitmentRow = Omit<StoredCommitment, 'history'>;

/** Commitments by id (without history), in no particular order; ids that are gone are left out. */
export async function commitmentsByIds(ids: readonly Types.ObjectId[]): Promise<CommitmentRow[]> {
  return CommitmentModel.find({ _id: { $in: [...ids] } }, { history: 0 }).lean<CommitmentRow[]>();
}

/** Which commitments a report or an export reads: every field optional, all of them when empty. */
export interface CommitmentScope {
  commissionKey?: string;
  schoolYear?: string;
  partnerId?: Types.ObjectId;
  /** Any of these partners (a partner contact's export). */
  partnerIds?: readonly Types.ObjectId[];
  /** Commitments for this school. */
  schoolId?: Types.ObjectId;
}

export function commitmentScopeFilter(scope: CommitmentScope): Record<string, unknown> {
  return {
    ...(scope.schoolYear !== undefined ? { schoolYear: String(scope.schoolYear) } : {}),
    ...(scope.commissionKey !== undefined ? { commissionKey: String(scope.commissionKey) } : {}),
    ...(scope.partnerId ? { partnerId: scope.partnerId } : {}),
    ...(scope.partnerIds ? { partnerId: { $in: [...scope.partnerIds] } } : {}),
    ...(scope.schoolId ? { schoolIds: scope.schoolId } : {}),
  };
}

/**
 * The commitments of a scope read with a cursor, `batchSize` at a time (never all in memory): only `fields`
 * when given, else everything but the history; in id order with `byId`.
 */
export function eachCommitment(
  scope: CommitmentScope,
  options: { fields?: ReadonlyArray<keyof Commitment>; byId?: boolean; batchSize: number },
): AsyncIterable<CommitmentRow> {
  const projection = options.fields ? Object.fromEntries(options.fields.map((f) => [f, 1])) : { history: 0 };
  const found = CommitmentModel.find(commitmentScopeFilter(scope), projection);
  return (options.byId ? found.sort({ _id: 1 }) : found).lean<CommitmentRow[]>().cursor({ batchSize: options.batchSize });
}

/** A partner's latest commitments (by start date), at most `limit`. */
export async function latestPartnerCommitments(partnerId: Types.ObjectId, limit: number): Promise<CommitmentRow[]> {
  return CommitmentModel.find({ partnerId }, { history: 0 }).sort({ startDate: -1, _id: -1 }).limit(limit).lean<CommitmentRow[]>();
}

/** What a follow-up needs of a commitment. */
export type FollowUpFields = Pick<
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

const FOLLOW_UP_PROJECTION = {
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

/** Open (pledged or confirmed) commitments whose target date (end date, else start date) lies in [first, last]. */
export async function openCommitmentsByTargetDate(first: string, last: string): Promise<FollowUpFields[]> {
  const range = { $gte: first, $lte: last };
  return CommitmentModel.find(
    // each branch a bounded range of the status/endDate index (an $or under an AND cannot bound it)
    {
      $or: [
        { status: { $in: OPEN_COMMITMENT_STATUSES }, endDate: range },
        { status: { $in: OPEN_COMMITMENT_STATUSES }, endDate: null, startDate: range },
      ],
    },
    FOLLOW_UP_PROJECTION,
  ).lean<FollowUpFields[]>();
}

/** One commitment's follow-up fields, or null when it is gone. */
export async function followUpFieldsOf(commitmentId: string): Promise<FollowUpFields | null> {
  return CommitmentModel.findById(commitmentId, FOLLOW_UP_PROJECTION).lean<FollowUpFields>();
}

export interface PastDuePledge {
  id: string;
  partnerName: string;
  type: string;
  quantity: number;
  unit: string;
  /** The date it should have happened by (end date, else start date). */
  date: string;
}

/** Pledged or confirmed commitments whose date (end date, else start date) is before `today`: nobody said how it went. */
export async function pastDuePledges(commissionKey: string, today: string, limit: number): Promise<Counted<PastDuePledge>> {
  const filter = {
    commissionKey: String(commissionKey),
    status: { $in: OPEN_COMMITMENT_STATUSES },
    $or: [{ endDate: { $lt: today } }, { endDate: null, startDate: { $lt: today } }],
  };
  const rows = await CommitmentModel.find(filter, { partnerName: 1, type: 1, quantity: 1, unit: 1, startDate: 1, endDate: 1 })
    .sort({ startDate: 1, _id: 1 })
    .limit(limit)
    .lean();
  const items = rows.map((r) => ({
    id: String(r._id),
    partnerName: r.partnerName,
    type: r.type,
    quantity: r.quantity,
    unit: r.unit,
    date: r.endDate ?? r.startDate,
  }));
  return { items, total: rows.length < limit ? rows.length : await CommitmentModel.countDocuments(filter) };
}

/** How many requests to `contactUserId` are still open. */
export async function countOpenRequests(contactUserId: string): Promise<number> {
  return CommitmentRequestModel.countDocuments({ contactUserId: String(contactUserId), status: 'open' });
}

/** The ids of a school year's open (pledged or confirmed) commitments, at most `limit`. */
export async function openCommitmentIds(schoolYear: string, limit: number): Promise<string[]> {
  const rows = await CommitmentModel.find({ schoolYear, status: { $in: OPEN_COMMITMENT_STATUSES } }, { _id: 1 })
    .limit(limit)
    .lean();
  return rows.map((c) => String(c._id));
}

/** About how many commitments there are (from the collection's metadata). */
export async function estimatedCommitmentCount(): Promise<number> {
  return CommitmentModel.estimatedDocumentCount();
}

/**
 * Every commission's totals by school year, type and status, computed afresh by one aggregation over all
 * commitments: what the totals rollup replaced (the bench measures both).
 */
export async function aggregateAllTotals(): Promise<unknown[]> {
  return CommitmentModel.aggregate([
    {
      $group: {
        _id: { commissionKey: '$commissionKey', schoolYear: '$schoolYear', type: '$type', status: '$status' },
        n: { $sum: 1 },
        pledged: { $sum: '$quantity' },
        fulfilled: { $sum: '$fulfilledQuantity' },
      },
    },
  ]);
}
