import { Types } from 'mongoose';
import { requireCommissionManager, requireIec, type Actor } from '../access';
import type { CommitmentType } from '../domain/commitments';
import { historyPage, type HistoryEntry } from '../db/history';
import { invalidInput, notFound } from '../errors';
import { commissionZone, requireCommission, requireDeliverableAccessOf, requireManagerOf } from '../commissions';
import { DeliverableModel, OPEN_DELIVERABLE_STATUSES } from './model';
import { type DeliverableFields, type DeliverableWriteMeta, type StoredDeliverable, staleDeliverable, writeDeliverable } from './write';
import { localDate, addDays } from '../domain/dates';

/** Deliverables: what commissions owe, with owners and due dates. Time is always a parameter. */

export type DeliverableRecord = StoredDeliverable & { commissionName?: string };

export const DELIVERABLE_FILTERS = ['open', 'overdue', 'all'] as const;
export type DeliverableFilter = (typeof DELIVERABLE_FILTERS)[number];

/** How long "snooze" holds reminders back. */
export const SNOOZE_DAYS = 7;

export interface NewDeliverable {
  commissionKey: string;
  title: string;
  description: string;
  ownerId: string;
  dueDate: string;
  linkedTypes: CommitmentType[];
  /** The meeting whose decision it carries out. */
  meetingId?: string;
}

/**
 * Adds a deliverable. `submissionKey` names the Slack submission it comes from (view id + hash): when Slack
 * delivers that submission again, the deliverable it created is returned and nothing is added.
 */
/** The deliverable a form submission created already (Slack delivered it again, or it was submitted twice). */
export async function deliverableOfSubmission(submissionKey: string): Promise<DeliverableRecord | undefined> {
  return (await DeliverableModel.findOne({ submissionKey }).lean<DeliverableRecord>()) ?? undefined;
}

export async function createDeliverable(
  actor: Actor,
  input: NewDeliverable,
  now: Date,
  submissionKey?: string,
): Promise<DeliverableRecord> {
  const earlier = submissionKey ? await deliverableOfSubmission(submissionKey) : undefined;
  if (earlier) return earlier;
  const commission = await requireCommission(input.commissionKey);
  requireCommissionManager(actor, commission);
  // a past due date is allowed (work that was late before the app was installed): the deliverable is then overdue
  try {
    const doc = { ...input, commissionKey: commission.key, createdBy: actor.userId, ...(submissionKey ? { submissionKey } : {}) };
    return (await writeDeliverable({ op: 'create', doc }, { by: actor.userId, now, action: 'created' })) as DeliverableRecord;
  } catch (err) {
    // both deliveries at once: the other one created it
    const raced =
      submissionKey && (err as { code?: number }).code === 11000
        ? await DeliverableModel.findOne({ submissionKey }).lean<DeliverableRecord>()
        : null;
    if (raced) return raced;
    throw err;
  }
}

export interface DeliverableQuery {
  commissionKey?: string;
  filter: DeliverableFilter;
  offset: number;
  limit: number;
}

/** A page of deliverables (due date first) and how many match in all. `today` decides what is overdue. */
export async function listDeliverables(query: DeliverableQuery, today: string): Promise<{ items: DeliverableRecord[]; total: number }> {
  const where: Record<string, unknown> = { archivedAt: null };
  if (query.commissionKey) where.commissionKey = query.commissionKey;
  if (query.filter !== 'all') where.status = { $in: OPEN_DELIVERABLE_STATUSES };
  if (query.filter === 'overdue') where.dueDate = { $lt: today };
  const [items, total] = await Promise.all([
    DeliverableModel.find(where).sort({ dueDate: 1, _id: 1 }).skip(query.offset).limit(query.limit).lean<DeliverableRecord[]>(),
    DeliverableModel.countDocuments(where),
  ]);
  return { items, total };
}

/** Open deliverables of a commission, due date first (for a meeting's agenda). */
export async function openDeliverablesOf(commissionKey: string, limit: number): Promise<DeliverableRecord[]> {
  return DeliverableModel.find({ commissionKey, status: { $in: OPEN_DELIVERABLE_STATUSES }, archivedAt: null })
    .sort({ dueDate: 1, _id: 1 })
    .limit(limit)
    .lean<DeliverableRecord[]>();
}

export async function getDeliverable(id: string): Promise<DeliverableRecord> {
  const found = Types.ObjectId.isValid(id) ? await DeliverableModel.findById(id).lean<DeliverableRecord>() : null;
  if (!found) throw notFound('That deliverable no longer exists. See the current ones with `/iec deliverables`.');
  return found;
}

/** Anyone the app knows as an IEC may look; the owner too (they got a reminder about it). */
export async function viewDeliverable(actor: Actor, id: string): Promise<DeliverableRecord> {
  const d = await getDeliverable(id);
  if (actor.userId !== d.ownerId) requireIec(actor);
  return d;
}

/** A deliverable's changes, newest first, a page at a time: for whoever may look at it. */
export async function deliverableHistory(actor: Actor, id: string, page: { offset: number; limit: number }) {
  const d = await viewDeliverable(actor, id);
  return { deliverable: d, page: historyPage(d.history as HistoryEntry[] | undefined, page) };
}

/**
 * One change of a deliverable through its write path: `compute` gets the current record (checks who may, what
 * is allowed) and returns the fields to set, or undefined when there is nothing to change. A change that lost a
 * race with another is computed again on the fresh record.
 */
async function change(
  id: string,
  meta: DeliverableWriteMeta,
  compute: (d: DeliverableRecord) => DeliverableFields | undefined | Promise<DeliverableFields | undefined>,
): Promise<DeliverableRecord> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const d = await getDeliverable(id);
    const set = await compute(d);
    if (!set) return d;
    const written = await writeDeliverable({ op: 'update', before: d, set }, meta);
    if (written) return written as DeliverableRecord;
  }
  throw await staleDeliverable(new Types.ObjectId(id));
}

export async function markDeliverableDone(actor: Actor, id: string, now: Date): Promise<DeliverableRecord> {
  return change(id, { by: actor.userId, now, action: 'done' }, async (d) => {
    await requireDeliverableAccessOf(actor, d.commissionKey, d.ownerId);
    return d.status === 'done' ? undefined : { status: 'done', completedAt: now, snoozedUntil: null };
  });
}

export async function changeDeliverableOwner(actor: Actor, id: string, ownerId: string, now: Date): Promise<DeliverableRecord> {
  return change(id, { by: actor.userId, now, action: 'owner' }, async (d) => {
    await requireManagerOf(actor, d.commissionKey);
    return d.ownerId === ownerId ? undefined : { ownerId }; // the same owner again (e.g. the same form delivered twice)
  });
}

export async function changeDeliverableDueDate(
  actor: Actor,
  id: string,
  dueDate: string,
  now: Date,
  defaultZone: string,
): Promise<DeliverableRecord> {
  return change(id, { by: actor.userId, now, action: 'due date' }, async (d) => {
    await requireManagerOf(actor, d.commissionKey);
    const commission = await requireCommission(d.commissionKey);
    if (dueDate < localDate(now, commissionZone(commission, defaultZone))) {
      throw invalidInput(`The due date ${dueDate} is in the past.`, { dueDate: 'This date is in the past: pick today or a later date.' });
    }
    if (d.dueDate === dueDate) return undefined; // the same date again (e.g. the same form delivered twice): the snooze stands
    // A new due date starts a new series of reminders; a snooze about the old one no longer applies.
    return { dueDate, snoozedUntil: null };
  });
}

/** Holds reminders back for a week from today (in the commission's zone). */
export async function snoozeDeliverable(actor: Actor, id: string, now: Date, defaultZone: string): Promise<DeliverableRecord> {
  return change(id, { by: actor.userId, now, action: 'snoozed' }, async (d) => {
    await requireDeliverableAccessOf(actor, d.commissionKey, d.ownerId);
    if (!OPEN_DELIVERABLE_STATUSES.includes(d.status ?? 'open')) {
      throw invalidInput(`*${d.title}* is already ${d.status}: there is nothing to snooze.`);
    }
    const commission = await requireCommission(d.commissionKey);
    return { snoozedUntil: addDays(localDate(now, commissionZone(commission, defaultZone)), SNOOZE_DAYS) };
  });
}
