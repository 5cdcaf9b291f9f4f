import type { Types } from 'mongoose';
import { changedFields, revisionedUpdate, staleRevision, type HistoryChange } from '../db/history';
import type { StaleRevision } from '../errors';
import { events, type MeetingSubject } from '../events';
import { escapeMrkdwn } from '../slack/text';
import { MeetingModel, type Meeting } from './model';

/**
 * THE write path of meetings: scheduling, rescheduling and cancelling go through `writeMeeting`. It writes the
 * record with one history entry (src/db/history.ts) and `revision` + 1, an update conditional on the revision its
 * caller read, then emits `meeting.changed` (Home refresh subscribes). Reminder and attendance keys include the
 * revision, so the reminders of a time that was changed never fire. Meetings have no derived data.
 */

export type StoredMeeting = Omit<Meeting, 'history'> & {
  _id: Types.ObjectId;
  history?: Array<{ at: Date; by: string; action: string; source?: string; changes: HistoryChange[] }>;
  revision?: number;
  createdAt?: Date;
  updatedAt?: Date;
};

export const MEETING_HISTORY_FIELDS = [
  'commissionKey',
  'title',
  'startsAt',
  'durationMinutes',
  'location',
  'link',
  'agenda',
  'formal',
  'status',
  'cancelledAt',
  'cancelledBy',
  'organiserId',
  'archivedAt',
  'archivedBy',
] as const;
export type MeetingFields = Partial<Record<(typeof MEETING_HISTORY_FIELDS)[number], unknown>>;

export type MeetingWrite =
  | { op: 'create'; doc: MeetingFields & { createdBy: string; revisedAt: Date; submissionKey?: string } }
  /** `before` as the caller read it (its revision is the condition); fields set to null are removed. */
  | {
      op: 'update';
      before: StoredMeeting;
      set: MeetingFields;
      /** Bookkeeping fields written with the change that history does not record (e.g. `revisedAt`). */
      also?: Record<string, unknown>;
    };

export interface MeetingWriteMeta {
  by: string;
  now: Date;
  /** `scheduled`, `rescheduled`, `cancelled`… */
  action: string;
}

function subject(m: StoredMeeting): MeetingSubject {
  return { id: String(m._id), commissionKey: m.commissionKey, revision: m.revision ?? 0 };
}

/**
 * Writes one meeting. A create may throw a duplicate-key error (its submission key taken: the caller
 * returns that one). An update returns undefined when the record is no longer at `before`'s revision.
 */
export async function writeMeeting(write: MeetingWrite, meta: MeetingWriteMeta): Promise<StoredMeeting | undefined> {
  const entry = (changes: HistoryChange[]) => ({ at: meta.now, by: meta.by, action: meta.action, changes });
  let before: StoredMeeting | undefined;
  let after: StoredMeeting | null;
  if (write.op === 'create') {
    const changes = changedFields(undefined, write.doc as Record<string, unknown>, MEETING_HISTORY_FIELDS);
    const doc = await MeetingModel.create({ ...write.doc, revision: 0, history: [entry(changes)] });
    after = doc.toObject() as StoredMeeting;
    delete after.history;
  } else {
    before = write.before;
    const change = revisionedUpdate(before, write.set, { at: meta.now, by: meta.by, action: meta.action }, { also: write.also });
    if (!change) return before;
    after = await MeetingModel.findOneAndUpdate(change.filter, change.update, {
      new: true,
      projection: { history: 0 },
      runValidators: true,
    }).lean<StoredMeeting>();
    if (!after) return undefined;
  }
  events.emit('meeting.changed', {
    action: meta.action,
    by: meta.by,
    at: meta.now,
    changes: [{ ...(before ? { before: subject(before) } : {}), after: subject(after) }],
  });
  return after;
}

/** The refusal of a change made on a revision the meeting is not at any more: who changed it last. */
export async function staleMeeting(id: Types.ObjectId): Promise<StaleRevision> {
  return staleRevision(MeetingModel, id, (m) => `*${escapeMrkdwn(m?.title ?? 'This meeting')}*`, { fields: ['title'] });
}
