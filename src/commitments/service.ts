import { Types } from 'mongoose';
import { can, isIec, requireCommitmentWrite, requireKnown, requirePartnerAccess, type Actor } from '../access';
import { commissionExists, commissionNames } from '../commissions';
import { AppError, conflict, invalidInput, notFound } from '../errors';
import { partnerNameOf } from '../partners';
import { countSchools } from '../schools';
import { checkProgramOf } from './program-choices';
import { CommitmentModel, WITH_ARCHIVED } from './model';
import { CommitmentRequestModel } from './request-model';
import { groupMemberIds } from './group-index';
import { staleCommitment, writeCommitments, type CommitmentFields, type StoredCommitment } from './write';
import { countMatching } from '../db/count';
import { commitmentCounts } from './totals';
import { lastChanges, type HistoryEntry, type LastChange } from '../db/history';
import {
  COMMITMENT_STATUSES,
  COMMITMENT_TYPE_INFO,
  OPEN_COMMITMENT_STATUSES,
  type CommitmentStatus,
  type CommitmentType,
} from '../domain/commitments';
import { isValidDate, schoolYearOfDate } from '../domain/dates';

/**
 * Recording and changing commitments. Knows nothing of Slack: every function takes the acting person
 * (permissions come from src/access/actor.ts) and `now`, and writes through the one write path (write.ts):
 * the record with one history entry ({at, by, action, changes: [{field, from, to}]}) and its revision, then its
 * derived data, then one `commitment.changed` event.
 */

export type { StoredCommitment } from './write';

/** Options of every change: `expectedRevision` is the revision the person saw (a form opened earlier). */
export interface ChangeOptions {
  /**
   * When given, the change is refused with "changed by <who> meanwhile" if the commitment is not at this revision
   * any more. Without it, a change made meanwhile is re-read and the change applied on top (buttons that set a
   * value: a status, a fulfilled quantity).
   */
  expectedRevision?: number;
  /** History's `source` of the change (e.g. the kind of change an undo reverses). */
  source?: string;
  /** The change may be made to an archived commitment (restore, undo); any other is refused while it is archived. */
  allowArchived?: boolean;
}

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
  /** The program of study it supports (program-support types; see src/programs). */
  programId?: string;
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
  /** False when it was saved but its totals and indexes could not be updated (the reconcile repairs them). */
  derivedSaved: boolean;
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
  /** There are at least `total` (a count of documents stops after COUNT_AHEAD past the page, so it never reads the whole history). */
  totalAtLeast?: boolean;
  offset: number;
}

/** How far past a page a list's count reads at most. */
const COUNT_AHEAD = 1_000;
/** Any date: a range, so the index bounds hold only dates (`$type` or `$ne: null` are scans on some engines). */
const ANY_DATE = { $gte: new Date(-8.64e15) };
/** The lists' order, newest start first: each filter has an index in this order (model.ts). */
const LIST_ORDER = { startDate: -1, _id: -1 } as const;

type Changes = CommitmentFields;

const MAX_ATTEMPTS = 5;
const DUPLICATE_LIMIT = 5;

export function parseObjectId(id: string, what = 'commitment'): Types.ObjectId {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw notFound(`I could not find that ${what}: it may have been removed.`);
  return new Types.ObjectId(id);
}

/** One commitment, if the actor may see it (an archived one only `withArchived`). */
export async function getCommitment(id: string, actor: Actor, options: { withArchived?: boolean } = {}): Promise<StoredCommitment> {
  requireKnown(actor);
  const doc = await CommitmentModel.findById(parseObjectId(id), null, options.withArchived ? WITH_ARCHIVED : {}).lean<StoredCommitment>();
  if (!doc) throw notFound('I could not find that commitment: it may have been removed.');
  requirePartnerAccess(actor, doc.partnerId, doc.partnerName);
  return doc;
}

/** The commitment recorded by this submission, if it was recorded already (a redelivered submission). */
export async function findBySubmissionKey(submissionKey: string): Promise<StoredCommitment | null> {
  return CommitmentModel.findOne({ submissionKey: String(submissionKey) }, null, WITH_ARCHIVED).lean<StoredCommitment>();
}

type WriteTarget = Parameters<typeof requireCommitmentWrite>[1];

/** requireCommitmentWrite, naming the commission as people call it: its name is read only for a refusal. */
async function requireWrite(actor: Actor, target: WriteTarget): Promise<void> {
  if (can(actor, 'commitment.record', target)) return;
  requireCommitmentWrite(actor, { ...target, commissionName: (await commissionNames()).get(target.commissionKey) });
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
    const earlier = await CommitmentModel.findOne({ submissionKey: options.submissionKey }, null, WITH_ARCHIVED).lean<StoredCommitment>();
    if (earlier) return { commitment: earlier, created: false, derivedSaved: true };
  }
  const partner = await loadPartner(input.partnerId);
  await requireWrite(actor, { commissionKey: input.commissionKey, partnerId: partner._id, partnerName: partner.name });
  await requireCommission(input.commissionKey);
  await checkProgramOf(input.type, input.programId, input.commissionKey, { actor, ...(await askedProgram(options.requestId)) });
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
    ...(input.programId ? { programId: input.programId } : {}),
  };
  const outcome = await writeCommitments(
    [
      {
        op: 'create',
        doc: {
          ...fields,
          fulfilledQuantity: 0,
          recordedBy: actor.userId,
          recordedVia: isIec(actor) ? 'iec' : 'partner',
          ...(options.requestId ? { requestId: parseObjectId(options.requestId, 'request') } : {}),
          ...(options.submissionKey ? { submissionKey: options.submissionKey } : {}),
        },
      },
    ],
    { by: actor.userId, now, action: 'created' },
  );
  const [commitment] = outcome.written;
  if (commitment) return { commitment, created: true, derivedSaved: outcome.derivedSaved };
  // the same submission recorded meanwhile (both deliveries at once)
  const earlier = options.submissionKey ? await findBySubmissionKey(options.submissionKey) : null;
  if (earlier) return { commitment: earlier, created: false, derivedSaved: true };
  throw conflict('That commitment could not be recorded: please try again.');
}

/** The program an `/iec request` asked for: an IEC named it, so the contact's own scope does not apply to it. */
async function askedProgram(requestId: string | undefined): Promise<{ allowed?: string }> {
  if (!requestId) return {};
  const request = await CommitmentRequestModel.findById(parseObjectId(requestId, 'request'), { programId: 1 }).lean();
  return request?.programId ? { allowed: String(request.programId) } : {};
}

/** The program a commitment has already (an edit may keep it), read only when the edit names one. */
async function keptProgram(id: string, programId: string | undefined): Promise<{ allowed?: string }> {
  if (!programId) return {};
  const current = await CommitmentModel.findById(parseObjectId(id), { programId: 1 }, WITH_ARCHIVED).lean();
  return current?.programId ? { allowed: String(current.programId) } : {};
}

/** Edits what was recorded (the commitment form again). Only the fields that differ are recorded in history. */
export async function updateCommitment(
  id: string,
  input: Partial<CommitmentInput>,
  actor: Actor,
  now: Date,
  options: ChangeOptions = {},
): Promise<StoredCommitment> {
  requireKnown(actor);
  let partner: { _id: Types.ObjectId; name: string } | undefined;
  if (input.partnerId) {
    partner = await loadPartner(input.partnerId);
    requirePartnerAccess(actor, partner._id, partner.name);
  }
  // the commission and partner it moves to are checked in mutate, with those it comes from
  if (input.commissionKey) await requireCommission(input.commissionKey);
  // the form gives the whole commitment: its type, commission and program are checked together
  if (input.type && input.commissionKey) {
    await checkProgramOf(input.type, input.programId, input.commissionKey, { actor, ...(await keptProgram(id, input.programId)) });
  }
  const schoolIds = input.schoolIds ? await requireSchools(input.schoolIds) : undefined;
  return writeCommitment(id, actor, now, 'edited', options, (current) => {
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
    if (input.type && input.commissionKey) changes.programId = input.programId;
    return changes;
  });
}

/** pledged → confirmed → fulfilled / partially fulfilled / cancelled (any step may be corrected). */
export async function changeStatus(
  id: string,
  status: CommitmentStatus,
  actor: Actor,
  now: Date,
  options: FulfilmentOptions = {},
): Promise<StoredCommitment> {
  requireKnown(actor);
  return writeCommitment(id, actor, now, 'status', options, (current) => {
    const fulfils = (status === 'fulfilled' || status === 'partially_fulfilled') && current.status !== status;
    if (fulfils && options.today && current.startDate > options.today && !options.evenBeforeStart)
      throw new NotStartedYet(current.startDate);
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
/** Options of recording a fulfilment: a commitment that starts after `today` is only fulfilled when `evenBeforeStart`. */
export interface FulfilmentOptions extends ChangeOptions {
  /** Today's date in the district's zone (YYYY-MM-DD); without it the start date is not checked. */
  today?: string;
  /** The person confirmed it was delivered although it starts later. */
  evenBeforeStart?: boolean;
}

/** A fulfilment of a commitment that has not started yet: the person is asked to confirm it. */
export class NotStartedYet extends AppError {
  constructor(readonly startDate: string) {
    super('conflict', `This commitment starts on ${startDate}, after today: was it really delivered already?`);
    this.name = 'NotStartedYet';
  }
}

export async function recordFulfilment(
  id: string,
  quantity: number,
  actor: Actor,
  now: Date,
  options: FulfilmentOptions = {},
): Promise<StoredCommitment> {
  requireKnown(actor);
  checkFulfilled(quantity);
  return writeCommitment(id, actor, now, 'fulfilment', options, (current) => {
    if (options.today && current.startDate > options.today && !options.evenBeforeStart) throw new NotStartedYet(current.startDate);
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
  return writeCommitment(commitmentId, by, now, 'follow-up', {}, (current): Changes => {
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
  // (said here too, so that the count of an unfiltered list is not the collection's size)
  const query: Record<string, unknown> = { archivedAt: null };
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
  const atMost = offset + COUNT_AHEAD;
  const [items, counted] = await Promise.all([
    CommitmentModel.find(query, { history: 0 }).sort(LIST_ORDER).skip(offset).limit(limit).lean<StoredCommitment[]>(),
    query.partnerId === undefined && query.recordedBy === undefined
      ? countFromTotals(query, filter, atMost)
      : countMatching(CommitmentModel, query, atMost),
  ]);
  // never fewer than shown (totals behind the commitments until the reconcile repairs them)
  const total = Math.max(counted.count, offset + items.length);
  return { items, total, ...(counted.atLeast ? { totalAtLeast: true } : {}), offset };
}

/**
 * The count of a list of all partners' commitments (optionally a commission's, in some statuses), from the counts
 * per commission the totals keep (totals.ts): its commitments in those statuses, plus those it leaves out only because their partner is archived
 * (`countsInTotals`), counted from the index of those, a page ahead at most. A count of the commitments themselves
 * would read every one in the list's range (archivedAt is in no index), about 1,000 whole documents a request.
 */
async function countFromTotals(
  query: Record<string, unknown>,
  filter: CommitmentFilter,
  atMost: number,
): Promise<{ count: number; atLeast: boolean }> {
  const [counts, partnerArchived] = await Promise.all([
    commitmentCounts(filter.commissionKey ? String(filter.commissionKey) : undefined),
    countMatching(CommitmentModel, { ...query, partnerArchivedAt: ANY_DATE }, atMost),
  ]);
  const statuses: readonly CommitmentStatus[] = filter.statuses?.length ? filter.statuses : COMMITMENT_STATUSES;
  const inTotals = statuses.reduce((n, s) => n + counts[s], 0);
  return { count: inTotals + partnerArchived.count, atLeast: partnerArchived.atLeast };
}

// ---------------------------------------------------------------------------------------------------

/**
 * Changes one commitment to `compute(current)` through the write path: one atomic update conditional on the
 * revision read, with one history entry of the fields that really change. With `expectedRevision` a commitment
 * that moved on meanwhile is refused (StaleRevision: who changed it); without it the change is recomputed from
 * the fresh document. `by` is the Actor (permissions checked before and after the change), or a Slack user id
 * when the caller has checked who may change it. Exported for changes of other features' making (Undo).
 */
export async function writeCommitment(
  id: string,
  by: Actor | string,
  now: Date,
  action: string,
  options: ChangeOptions,
  compute: (current: StoredCommitment) => Changes,
): Promise<StoredCommitment> {
  const _id = parseObjectId(id);
  const userId = typeof by === 'string' ? by : by.userId;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await CommitmentModel.findById(_id, { history: 0 }, WITH_ARCHIVED).lean<StoredCommitment>();
    if (!current) throw notFound('I could not find that commitment: it may have been removed.');
    if (current.archivedAt && !options.allowArchived)
      throw conflict('That commitment is archived, so it was not changed. Restore it first (the Restore button where it was archived).');
    if (typeof by !== 'string') await requireWrite(by, current);
    if (options.expectedRevision !== undefined && (current.revision ?? 0) !== options.expectedRevision) throw await staleCommitment(_id);
    const wanted = compute(current);
    if (typeof by !== 'string' && (wanted.commissionKey !== undefined || wanted.partnerId !== undefined)) {
      await requireWrite(by, {
        commissionKey: String(wanted.commissionKey ?? current.commissionKey),
        partnerId: (wanted.partnerId as Types.ObjectId | undefined) ?? current.partnerId,
        partnerName: String(wanted.partnerName ?? current.partnerName),
      });
    }
    const outcome = await writeCommitments([{ op: 'update', before: current, set: wanted }], {
      by: userId,
      now,
      action,
      ...(options.source ? { source: options.source } : {}),
    });
    const [updated] = outcome.written;
    if (updated) return updated;
    // someone else changed it between our read and our write
    if (options.expectedRevision !== undefined) throw await staleCommitment(_id);
  }
  throw conflict('That commitment is being changed by someone else right now. Please try again.');
}

/**
 * Archives a commitment: gone from lists, totals, digests, reports, exports and Home (model.ts) until restored.
 * Through the write path, so it is in its history and the totals follow; who may is who may change it.
 */
export async function archiveCommitment(id: string, actor: Actor, now: Date): Promise<StoredCommitment> {
  requireKnown(actor);
  const current = await getCommitment(id, actor, { withArchived: true });
  if (current.archivedAt) throw conflict('That commitment is archived already.');
  return writeCommitment(id, actor, now, 'archived', {}, () => ({ archivedAt: now }));
}

/** Brings an archived commitment back, as it was. */
export async function restoreCommitment(id: string, actor: Actor, now: Date): Promise<StoredCommitment> {
  requireKnown(actor);
  const current = await getCommitment(id, actor, { withArchived: true });
  if (!current.archivedAt) throw conflict('That commitment is not archived.');
  return writeCommitment(id, actor, now, 'restored', { allowArchived: true }, () => ({ archivedAt: undefined }));
}

/** A commitment's history, newest first, a page at a time (for History views). */
export async function commitmentHistory(
  id: string,
  actor: Actor,
  page: Page,
): Promise<{ entries: HistoryEntry[]; total: number; revision: number; commitment: StoredCommitment }> {
  const commitment = await getCommitment(id, actor, { withArchived: true });
  const history = [...((commitment.history ?? []) as unknown as HistoryEntry[])].reverse();
  const offset = Math.max(0, Math.floor(page.offset));
  return {
    entries: history.slice(offset, offset + Math.max(1, page.limit)),
    total: history.length,
    revision: commitment.revision ?? 0,
    commitment,
  };
}

async function loadPartner(id: string): Promise<{ _id: Types.ObjectId; name: string }> {
  const partner = await partnerNameOf(parseObjectId(id, 'partner'));
  if (!partner) throw notFound('I could not find that partner: it may have been removed. Pick another one.');
  return partner;
}

async function requireCommission(key: string): Promise<void> {
  if (!(await commissionExists(String(key))))
    throw notFound(`There is no commission \`${String(key).slice(0, 40)}\`. \`/iec commission list\` shows them.`);
}

async function requireSchools(ids: string[]): Promise<Types.ObjectId[]> {
  const unique = [...new Set(ids)].map((id) => parseObjectId(id, 'school'));
  if (unique.length === 0) return [];
  const found = await countSchools(unique);
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

/** Per partner, the latest instant anything was recorded on its commitments (the facts of partners' last activity). */
export async function latestCommitmentActivity(): Promise<Map<string, Date>> {
  const rows = await CommitmentModel.aggregate<{ _id: Types.ObjectId; at: Date | Date[] }>([
    { $project: { partnerId: 1, history: 1 } },
    { $unwind: '$history' },
    { $group: { _id: '$partnerId', at: { $max: '$history.at' } } },
  ]);
  // (the embedded server may answer a one-element array for $max over an unwound field)
  const latest = (at: Date | Date[]) => (Array.isArray(at) ? new Date(Math.max(...at.map((d) => new Date(d).getTime()))) : at);
  return new Map(rows.filter((r) => r.at).map((r) => [String(r._id), latest(r.at)]));
}

/** Who changed each of these commitments (archived ones too) last, and how (what an Undo's refusal names). */
export function lastCommitmentChanges(ids: readonly string[]): Promise<Map<string, LastChange>> {
  return lastChanges(CommitmentModel, ids, WITH_ARCHIVED);
}
