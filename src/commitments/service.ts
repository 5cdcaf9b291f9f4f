import { Types } from 'mongoose';
import { isIec, requireCommitmentWrite, requireKnown, requirePartnerAccess, type Actor } from '../access/actor';
import { isValidDate } from '../calendar/service';
import { CommissionModel } from '../commissions/model';
import { conflict, invalidInput, notFound } from '../errors';
import { PartnerModel } from '../partners/model';
import { SchoolModel } from '../schools/model';
import { CommitmentModel, type Commitment } from './model';
import { formatSchoolYear } from './school-year';
import { noteActivity } from './activity';
import { groupMemberIds, noteGroup } from './group-index';
import { applyTotalsChange, type TotalsContribution } from './totals';
import { COMMITMENT_TYPE_INFO, OPEN_COMMITMENT_STATUSES, type CommitmentStatus, type CommitmentType } from './types';
import { countMatching } from '../db/count';

/**
 * Recording and changing commitments. Knows nothing of Slack: every function takes the acting person
 * (permissions come from src/access/actor.ts) and `now`, writes one history entry per change
 * ({at, by, action, changes: [{field, from, to}]}), keeps the partner's `lastActivityAt` and the
 * CommitmentTotals rollup up to date.
 */

export type StoredCommitment = Commitment & { _id: Types.ObjectId; createdAt?: Date; updatedAt?: Date };

/** What a person fills in (the commitment form). Dates are `YYYY-MM-DD`. */
export interface CommitmentInput {
  partnerId: string;
  commissionKey: string;
  type: CommitmentType;
  quantity: number;
  startDate: string;
  endDate?: string;
  schoolIds: string[];
  notes: string;
}

export interface CreateOptions {
  /** Idempotency key of the submission (e.g. view id + hash): the same key records once. */
  submissionKey?: string;
  /** The `/iec request` this answers. */
  requestId?: string;
}

export interface CreateResult {
  commitment: StoredCommitment;
  /** False when the submission key had already been recorded: `commitment` is the earlier one. */
  created: boolean;
}

export type FollowUpAnswer =
  | { kind: 'fulfilled' }
  | { kind: 'partly'; quantity: number }
  | { kind: 'rescheduled'; startDate: string; endDate?: string }
  | { kind: 'cancelled' };

export interface CommitmentFilter {
  partnerId?: string;
  commissionKey?: string;
  /** Slack user id of whoever recorded them (`mine`). */
  recordedBy?: string;
  statuses?: CommitmentStatus[];
}

export interface Page {
  offset: number;
  limit: number;
}

export interface CommitmentPage {
  items: StoredCommitment[];
  total: number;
  /** There are at least `total` (a count stops after COUNT_AHEAD past the page, so it never reads the whole history). */
  totalAtLeast?: boolean;
  offset: number;
}

/** How far past a page a list's count reads at most. */
const COUNT_AHEAD = 1_000;

/** Fields a change may touch. */
type Field =
  | 'partnerId'
  | 'partnerName'
  | 'commissionKey'
  | 'type'
  | 'quantity'
  | 'unit'
  | 'schoolIds'
  | 'schoolYear'
  | 'startDate'
  | 'endDate'
  | 'status'
  | 'fulfilledQuantity'
  | 'fulfilledAt'
  | 'notes';
type Changes = Partial<Record<Field, unknown>>;

const MAX_ATTEMPTS = 5;
const DUPLICATE_LIMIT = 5;

/** School years run July to June: the year of a `YYYY-MM-DD` date. */
export function schoolYearOfDate(date: string): string {
  const [year, month] = date.split('-').map(Number);
  return formatSchoolYear(month >= 7 ? year : year - 1);
}

export function parseObjectId(id: string, what = 'commitment'): Types.ObjectId {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw notFound(`I could not find that ${what}: it may have been removed.`);
  return new Types.ObjectId(id);
}

/** One commitment, if the actor may see it. */
export async function getCommitment(id: string, actor: Actor): Promise<StoredCommitment> {
  requireKnown(actor);
  const doc = await CommitmentModel.findById(parseObjectId(id)).lean<StoredCommitment>();
  if (!doc) throw notFound('I could not find that commitment: it may have been removed.');
  requirePartnerAccess(actor, doc.partnerId, doc.partnerName);
  return doc;
}

/** The commitment recorded by this submission, if it was recorded already (a redelivered submission). */
export async function findBySubmissionKey(submissionKey: string): Promise<StoredCommitment | null> {
  return CommitmentModel.findOne({ submissionKey: String(submissionKey) }).lean<StoredCommitment>();
}

export async function createCommitment(
  input: CommitmentInput,
  actor: Actor,
  now: Date,
  options: CreateOptions = {},
): Promise<CreateResult> {
  requireKnown(actor);
  checkNumbers(input.quantity, input.startDate, input.endDate);
  if (options.submissionKey) {
    const earlier = await CommitmentModel.findOne({ submissionKey: options.submissionKey }).lean<StoredCommitment>();
    if (earlier) return { commitment: earlier, created: false };
  }
  const partner = await loadPartner(input.partnerId);
  requireCommitmentWrite(actor, { commissionKey: input.commissionKey, partnerId: partner._id, partnerName: partner.name });
  await requireCommission(input.commissionKey);
  const schoolIds = await requireSchools(input.schoolIds);
  const fields = {
    partnerId: partner._id,
    partnerName: partner.name,
    commissionKey: input.commissionKey,
    type: input.type,
    quantity: input.quantity,
    unit: COMMITMENT_TYPE_INFO[input.type].unit,
    schoolIds,
    schoolYear: schoolYearOfDate(input.startDate),
    startDate: input.startDate,
    ...(input.endDate ? { endDate: input.endDate } : {}),
    status: 'pledged' as CommitmentStatus,
    notes: input.notes,
  };
  const changes = Object.entries(fields).map(([field, to]) => ({ field, from: null, to: plain(to) }));
  let doc: InstanceType<typeof CommitmentModel>;
  try {
    doc = await CommitmentModel.create({
      ...fields,
      fulfilledQuantity: 0,
      recordedBy: actor.userId,
      recordedVia: isIec(actor) ? 'iec' : 'partner',
      ...(options.requestId ? { requestId: parseObjectId(options.requestId, 'request') } : {}),
      ...(options.submissionKey ? { submissionKey: options.submissionKey } : {}),
      history: [{ at: now, by: actor.userId, action: 'created', changes }],
      revision: 0,
      // the business clock, not the wall clock: digests and reports count by this
      createdAt: now,
    });
  } catch (err) {
    if (options.submissionKey && isDuplicateKey(err)) {
      const earlier = await CommitmentModel.findOne({ submissionKey: options.submissionKey }).lean<StoredCommitment>();
      if (earlier) return { commitment: earlier, created: false };
    }
    throw err;
  }
  const commitment = doc.toObject() as StoredCommitment;
  await applyTotalsChange(undefined, contribution(commitment));
  await noteActivity(commitment);
  await noteGroup(commitment);
  await touchPartners([partner._id], now);
  return { commitment, created: true };
}

/** Edits what was recorded (the commitment form again). Only the fields that differ are recorded in history. */
export async function updateCommitment(id: string, input: Partial<CommitmentInput>, actor: Actor, now: Date): Promise<StoredCommitment> {
  requireKnown(actor);
  let partner: { _id: Types.ObjectId; name: string } | undefined;
  if (input.partnerId) {
    partner = await loadPartner(input.partnerId);
    requirePartnerAccess(actor, partner._id, partner.name);
  }
  // the commission and partner it moves to are checked in mutate, with those it comes from
  if (input.commissionKey) await requireCommission(input.commissionKey);
  const schoolIds = input.schoolIds ? await requireSchools(input.schoolIds) : undefined;
  return mutate(id, actor, now, 'edited', (current) => {
    const startDate = input.startDate ?? current.startDate;
    const endDate = 'endDate' in input ? input.endDate : (current.endDate ?? undefined);
    const quantity = input.quantity ?? current.quantity;
    checkNumbers(quantity, startDate, endDate);
    const type = input.type ?? (current.type as CommitmentType);
    const changes: Changes = {
      type,
      unit: COMMITMENT_TYPE_INFO[type].unit,
      quantity,
      startDate,
      endDate,
      schoolYear: schoolYearOfDate(startDate),
    };
    if (partner) Object.assign(changes, { partnerId: partner._id, partnerName: partner.name });
    if (input.commissionKey) changes.commissionKey = input.commissionKey;
    if (schoolIds) changes.schoolIds = schoolIds;
    if (input.notes !== undefined) changes.notes = input.notes;
    return changes;
  });
}

/** pledged → confirmed → fulfilled / partially fulfilled / cancelled (any step may be corrected). */
export async function changeStatus(id: string, status: CommitmentStatus, actor: Actor, now: Date): Promise<StoredCommitment> {
  requireKnown(actor);
  return mutate(id, actor, now, 'status', (current) => {
    const changes: Changes = { status };
    if (status === 'fulfilled') {
      changes.fulfilledQuantity = Math.max(current.fulfilledQuantity ?? 0, current.quantity);
      changes.fulfilledAt = fulfilledAtFor(current, status, changes.fulfilledQuantity as number, now);
    } else if (status === 'partially_fulfilled') {
      changes.fulfilledAt = fulfilledAtFor(current, status, current.fulfilledQuantity ?? 0, now);
    }
    return changes;
  });
}

/**
 * When it was fulfilled: `now`, unless the status and the fulfilled quantity stay as they were. So the same
 * answer given twice (a form Slack delivers twice, a button clicked twice) records nothing the second time.
 */
function fulfilledAtFor(current: StoredCommitment, status: CommitmentStatus, quantity: number, now: Date): Date {
  const unchanged = current.status === status && (current.fulfilledQuantity ?? 0) === quantity;
  return unchanged ? (current.fulfilledAt ?? now) : now;
}

/** How much was delivered: fulfilled when it reaches the pledge, partially fulfilled below it. */
export async function recordFulfilment(id: string, quantity: number, actor: Actor, now: Date): Promise<StoredCommitment> {
  requireKnown(actor);
  checkFulfilled(quantity);
  return mutate(id, actor, now, 'fulfilment', (current) => {
    const status: CommitmentStatus = quantity >= current.quantity ? 'fulfilled' : 'partially_fulfilled';
    return { fulfilledQuantity: quantity, status, fulfilledAt: fulfilledAtFor(current, status, quantity, now) };
  });
}

/**
 * The answer to the fulfilment follow-up (issue 4's scheduler asks "did it happen?"). `by` is the Actor who
 * answered (permissions checked), or a Slack user id when the caller has already checked who may answer.
 */
export async function answerFollowUp(
  commitmentId: string,
  answer: FollowUpAnswer,
  by: Actor | string,
  now: Date,
): Promise<StoredCommitment> {
  const actor = typeof by === 'string' ? undefined : by;
  if (actor) requireKnown(actor);
  if (answer.kind === 'partly') checkFulfilled(answer.quantity);
  if (answer.kind === 'rescheduled') checkNumbers(1, answer.startDate, answer.endDate);
  return mutate(commitmentId, by, now, 'follow-up', (current): Changes => {
    switch (answer.kind) {
      case 'fulfilled': {
        const quantity = Math.max(current.fulfilledQuantity ?? 0, current.quantity);
        return { status: 'fulfilled', fulfilledQuantity: quantity, fulfilledAt: fulfilledAtFor(current, 'fulfilled', quantity, now) };
      }
      case 'partly': {
        const status: CommitmentStatus = answer.quantity >= current.quantity ? 'fulfilled' : 'partially_fulfilled';
        return { status, fulfilledQuantity: answer.quantity, fulfilledAt: fulfilledAtFor(current, status, answer.quantity, now) };
      }
      case 'rescheduled':
        return { startDate: answer.startDate, endDate: answer.endDate, schoolYear: schoolYearOfDate(answer.startDate) };
      case 'cancelled':
        return { status: 'cancelled' };
    }
  });
}

/** Open commitments (pledged or confirmed) of the same partner, commission and type whose dates overlap. */
export async function findOpenDuplicates(
  candidate: Pick<CommitmentInput, 'partnerId' | 'commissionKey' | 'type' | 'startDate' | 'endDate'>,
  options: { excludeId?: string } = {},
): Promise<StoredCommitment[]> {
  if (!/^[0-9a-f]{24}$/i.test(candidate.partnerId)) return [];
  const start = candidate.startDate;
  const end = candidate.endDate ?? candidate.startDate;
  const excluded = options.excludeId ? parseObjectId(options.excludeId) : undefined;
  // The partner's commitments of this commission and type by exact _id (see group-index.ts), checked here: this
  // runs before the form is acknowledged, and a query on these fields scans the whole history on the embedded server.
  const ids = await groupMemberIds(candidate.partnerId, String(candidate.commissionKey), String(candidate.type));
  if (ids.length === 0) return [];
  const rows = await CommitmentModel.find({ _id: { $in: ids } }).lean<StoredCommitment[]>();
  return rows
    .filter(
      (c) =>
        c.partnerId.equals(candidate.partnerId) &&
        c.commissionKey === candidate.commissionKey &&
        c.type === candidate.type &&
        OPEN_COMMITMENT_STATUSES.includes((c.status ?? 'pledged') as CommitmentStatus) &&
        c.startDate <= end &&
        (c.endDate ? c.endDate >= start : c.startDate >= start) &&
        !excluded?.equals(c._id),
    )
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || String(a._id).localeCompare(String(b._id)))
    .slice(0, DUPLICATE_LIMIT);
}

/**
 * Commitments the actor may see, newest start date first. IECs see all; a partner contact only their own
 * organisation's (silently filtered); anyone else is refused.
 */
export async function listCommitments(filter: CommitmentFilter, page: Page, actor: Actor): Promise<CommitmentPage> {
  requireKnown(actor);
  const query: Record<string, unknown> = {};
  if (filter.commissionKey) query.commissionKey = String(filter.commissionKey);
  if (filter.recordedBy) query.recordedBy = String(filter.recordedBy);
  if (filter.statuses?.length) query.status = { $in: filter.statuses.map(String) };
  const wanted = filter.partnerId ? [parseObjectId(filter.partnerId, 'partner')] : undefined;
  if (!isIec(actor)) {
    const own = actor.partnerIds.filter((id) => !wanted || wanted.some((w) => w.equals(id)));
    query.partnerId = { $in: own };
  } else if (wanted) {
    query.partnerId = wanted[0];
  }
  const offset = Math.max(0, Math.floor(page.offset));
  const limit = Math.min(100, Math.max(1, Math.floor(page.limit)));
  const [items, counted] = await Promise.all([
    CommitmentModel.find(query, { history: 0 }).sort({ startDate: -1, _id: -1 }).skip(offset).limit(limit).lean<StoredCommitment[]>(),
    countMatching(CommitmentModel, query, offset + COUNT_AHEAD),
  ]);
  return { items, total: counted.count, ...(counted.atLeast ? { totalAtLeast: true } : {}), offset };
}

// ---------------------------------------------------------------------------------------------------

/**
 * Applies `compute(current)` as one atomic, revision-checked update; records only the fields that really
 * change in one history entry; updates the rollup and the partners' last activity.
 */
async function mutate(
  id: string,
  by: Actor | string,
  now: Date,
  action: string,
  compute: (current: StoredCommitment) => Changes,
): Promise<StoredCommitment> {
  const _id = parseObjectId(id);
  const userId = typeof by === 'string' ? by : by.userId;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await CommitmentModel.findById(_id, { history: 0 }).lean<StoredCommitment>();
    if (!current) throw notFound('I could not find that commitment: it may have been removed.');
    if (typeof by !== 'string') requireCommitmentWrite(by, current);
    const wanted = compute(current);
    if (typeof by !== 'string' && (wanted.commissionKey !== undefined || wanted.partnerId !== undefined)) {
      requireCommitmentWrite(by, {
        commissionKey: String(wanted.commissionKey ?? current.commissionKey),
        partnerId: (wanted.partnerId as Types.ObjectId | undefined) ?? current.partnerId,
        partnerName: String(wanted.partnerName ?? current.partnerName),
      });
    }
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, ''> = {};
    const changes: Array<{ field: string; from: unknown; to: unknown }> = [];
    for (const [field, to] of Object.entries(wanted)) {
      const from = (current as Record<string, unknown>)[field];
      if (same(from, to)) continue;
      changes.push({ field, from: plain(from), to: plain(to) });
      if (to === undefined || to === null) $unset[field] = '';
      else $set[field] = to;
    }
    if (changes.length === 0) return current;
    const revision = typeof current.revision === 'number' ? { revision: current.revision } : { revision: { $exists: false } };
    const updated = await CommitmentModel.findOneAndUpdate(
      { _id, ...revision },
      {
        ...(Object.keys($set).length ? { $set } : {}),
        ...(Object.keys($unset).length ? { $unset } : {}),
        $inc: { revision: 1 },
        $push: { history: { at: now, by: userId, action, changes } },
      },
      { new: true, projection: { history: 0 } },
    ).lean<StoredCommitment>();
    if (!updated) continue; // someone else changed it meanwhile: recompute from the fresh document
    await applyTotalsChange(contribution(current), contribution(updated));
    if (updated.commissionKey !== current.commissionKey || String(updated.fulfilledAt) !== String(current.fulfilledAt)) {
      await noteActivity(updated);
    }
    await noteGroup(updated); // idempotent; also files a commitment from before the index existed
    const partners = current.partnerId.equals(updated.partnerId) ? [updated.partnerId] : [current.partnerId, updated.partnerId];
    await touchPartners(partners, now);
    return updated;
  }
  throw conflict('That commitment is being changed by someone else right now. Please try again.');
}

function contribution(c: StoredCommitment): TotalsContribution {
  return {
    commissionKey: c.commissionKey,
    schoolYear: c.schoolYear,
    type: c.type,
    status: (c.status ?? 'pledged') as CommitmentStatus,
    quantity: c.quantity,
    fulfilledQuantity: c.fulfilledQuantity ?? 0,
  };
}

async function touchPartners(ids: Types.ObjectId[], now: Date): Promise<void> {
  await PartnerModel.updateMany({ _id: { $in: ids } }, { $max: { lastActivityAt: now } });
}

async function loadPartner(id: string): Promise<{ _id: Types.ObjectId; name: string }> {
  const partner = await PartnerModel.findById(parseObjectId(id, 'partner'), { name: 1 }).lean();
  if (!partner) throw notFound('I could not find that partner: it may have been removed. Pick another one.');
  return partner;
}

async function requireCommission(key: string): Promise<void> {
  const exists = await CommissionModel.exists({ key: String(key) });
  if (!exists) throw notFound(`There is no commission \`${String(key).slice(0, 40)}\`. \`/iec commission list\` shows them.`);
}

async function requireSchools(ids: string[]): Promise<Types.ObjectId[]> {
  const unique = [...new Set(ids)].map((id) => parseObjectId(id, 'school'));
  if (unique.length === 0) return [];
  const found = await SchoolModel.countDocuments({ _id: { $in: unique } });
  if (found !== unique.length) throw notFound('One of the schools could not be found: it may have been removed. Pick the schools again.');
  return unique;
}

/** The service's own guard (the forms check the same, with inline errors, before calling it). */
function checkNumbers(quantity: number, startDate: string, endDate: string | undefined): void {
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw invalidInput('The quantity must be a whole number greater than 0.');
  if (!isValidDate(startDate)) throw invalidInput('The start date must be a date like 2026-10-01.');
  if (endDate !== undefined && !isValidDate(endDate)) throw invalidInput('The end date must be a date like 2026-10-01.');
  if (endDate !== undefined && endDate < startDate) throw invalidInput('The end date cannot be before the start date.');
}

function checkFulfilled(quantity: number): void {
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw invalidInput('The fulfilled quantity must be a whole number greater than 0.');
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** History values as plain data: ObjectIds as strings, absent as null. */
function plain(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Types.ObjectId) return String(value);
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): string => JSON.stringify(plain(v) instanceof Date ? (plain(v) as Date).toISOString() : plain(v));
  return norm(a) === norm(b);
}
