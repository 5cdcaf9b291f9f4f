import type { Types } from 'mongoose';
import { changedFields, revisionedUpdate, staleRevision, type HistoryChange } from '../db/history';
import type { StaleRevision } from '../errors';
import { events, type DeliverableSubject } from '../events';
import { escapeMrkdwn } from '../slack/text';
import { DeliverableModel, type Deliverable } from './model';

/**
 * THE write path of deliverables: every creation and change (the forms, the buttons, a meeting's decision) goes
 * through `writeDeliverable`. It writes the record with one history entry (src/db/history.ts) and `revision` + 1,
 * an update conditional on the revision its caller read, then emits `deliverable.changed` (Home refresh
 * subscribes). Deliverables have no derived data.
 */

export type StoredDeliverable = Omit<Deliverable, 'history'> & {
  _id: Types.ObjectId;
  history?: Array<{ at: Date; by: string; action: string; source?: string; changes: HistoryChange[] }>;
  revision?: number;
  createdAt?: Date;
  updatedAt?: Date;
};

export const DELIVERABLE_HISTORY_FIELDS = [
  'commissionKey',
  'title',
  'description',
  'ownerId',
  'dueDate',
  'status',
  'snoozedUntil',
  'linkedTypes',
  'completedAt',
  'meetingId',
  'archivedAt',
  'archivedBy',
] as const;
export type DeliverableFields = Partial<Record<(typeof DELIVERABLE_HISTORY_FIELDS)[number], unknown>>;

export type DeliverableWrite =
  | { op: 'create'; doc: DeliverableFields & { createdBy: string; submissionKey?: string } }
  /** `before` as the caller read it (its revision is the condition); fields set to null are removed. */
  | { op: 'update'; before: StoredDeliverable; set: DeliverableFields };

export interface DeliverableWriteMeta {
  by: string;
  now: Date;
  /** `created`, `done`, `snoozed`, `owner`, `due date`… */
  action: string;
}

function subject(d: StoredDeliverable): DeliverableSubject {
  return { id: String(d._id), commissionKey: d.commissionKey, ownerId: d.ownerId, revision: d.revision ?? 0 };
}

/**
 * Writes one deliverable. A create may throw a duplicate-key error (its submission key taken: the caller
 * returns that one). An update returns undefined when the record is no longer at `before`'s revision.
 */
export async function writeDeliverable(write: DeliverableWrite, meta: DeliverableWriteMeta): Promise<StoredDeliverable | undefined> {
  const entry = (changes: HistoryChange[]) => ({ at: meta.now, by: meta.by, action: meta.action, changes });
  let before: StoredDeliverable | undefined;
  let after: StoredDeliverable | null;
  if (write.op === 'create') {
    const changes = changedFields(undefined, write.doc as Record<string, unknown>, DELIVERABLE_HISTORY_FIELDS);
    const doc = await DeliverableModel.create({ ...write.doc, revision: 0, history: [entry(changes)] });
    after = doc.toObject() as StoredDeliverable;
    delete after.history;
  } else {
    before = write.before;
    const change = revisionedUpdate(before, write.set, { at: meta.now, by: meta.by, action: meta.action });
    if (!change) return before;
    after = await DeliverableModel.findOneAndUpdate(change.filter, change.update, {
      new: true,
      projection: { history: 0 },
      runValidators: true,
    }).lean<StoredDeliverable>();
    if (!after) return undefined;
  }
  events.emit('deliverable.changed', {
    action: meta.action,
    by: meta.by,
    at: meta.now,
    changes: [{ ...(before ? { before: subject(before) } : {}), after: subject(after) }],
  });
  return after;
}

/** The refusal of a change made on a revision the deliverable is not at any more: who changed it last. */
export async function staleDeliverable(id: Types.ObjectId): Promise<StaleRevision> {
  return staleRevision(DeliverableModel, id, (d) => `*${escapeMrkdwn(d?.title ?? 'This deliverable')}*`, { fields: ['title'] });
}
