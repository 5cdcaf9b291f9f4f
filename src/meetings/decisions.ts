import { commissionZone, requireCommission, requireManagerOf } from '../commissions';
import { Types } from 'mongoose';
import type { Actor } from '../access';
import { createDeliverable, getDeliverable, openDeliverablesOf } from '../deliverables';
import { conflict, invalidInput, notFound } from '../errors';
import { truncate } from '../slack/text';
import { DecisionModel, type Decision } from './attendance-model';
import { getMeeting } from './service';
import { localDate } from '../domain/dates';

/** Decisions taken at meetings. One may become a deliverable in one step; open ones come back on the next agenda. */

export type DecisionRecord = Decision & { _id: Types.ObjectId; createdAt?: Date };

export const DECISION_MAX = 500;

export interface NewDecision {
  text: string;
  /** Both or neither: the decision becomes a deliverable with this owner and due date. */
  ownerId?: string;
  dueDate?: string;
}

/**
 * Records a decision of a meeting that has started (its leads and administrators). With an owner and due date it
 * also becomes a deliverable of the commission, linked to the meeting. `submissionKey` makes a submission delivered
 * twice record once.
 */
export async function addDecision(
  actor: Actor,
  meetingId: string,
  input: NewDecision,
  now: Date,
  defaultZone: string,
  submissionKey?: string,
): Promise<DecisionRecord> {
  const earlier = submissionKey ? await DecisionModel.findOne({ submissionKey }).lean<DecisionRecord>() : null;
  if (earlier) return earlier;
  const meeting = await getMeeting(meetingId);
  await requireManagerOf(actor, meeting.commissionKey);
  if (meeting.status === 'cancelled') throw conflict(`*${meeting.title}* was cancelled: it took no decisions.`);
  if (meeting.startsAt > now) throw invalidInput(`*${meeting.title}* has not started yet: record its decisions once it has.`);
  if (Boolean(input.ownerId) !== Boolean(input.dueDate)) {
    const message = 'To make it a deliverable, give both an owner and a due date (or neither).';
    throw invalidInput(message, input.ownerId ? { dueDate: message } : { ownerId: message });
  }
  let deliverableId: string | undefined;
  if (input.ownerId && input.dueDate) {
    // a deliverable added by hand may be overdue already (late work); one a decision creates starts from today
    const today = localDate(now, commissionZone(await requireCommission(meeting.commissionKey), defaultZone));
    if (input.dueDate < today) {
      throw invalidInput(`The due date ${input.dueDate} is in the past. Pick today or a later date.`, {
        dueDate: 'This date is in the past: pick today or a later date.',
      });
    }
    const d = await createDeliverable(
      actor,
      {
        commissionKey: meeting.commissionKey,
        title: truncate(input.text, 150),
        description: `Decided at ${meeting.title} (${meeting.startsAt.toISOString().slice(0, 10)}): ${input.text}`,
        ownerId: input.ownerId,
        dueDate: input.dueDate,
        linkedTypes: [],
        meetingId,
      },
      now,
      submissionKey ? `decision:${submissionKey}` : undefined,
    );
    deliverableId = String(d._id);
  }
  const doc = await DecisionModel.create({
    meetingId,
    commissionKey: meeting.commissionKey,
    text: input.text,
    createdBy: actor.userId,
    ...(deliverableId ? { deliverableId } : {}),
    ...(submissionKey ? { submissionKey } : {}),
  });
  return doc.toObject() as DecisionRecord;
}

export async function decisionsOf(meetingId: string): Promise<DecisionRecord[]> {
  return DecisionModel.find({ meetingId }).sort({ createdAt: 1, _id: 1 }).limit(100).lean<DecisionRecord[]>();
}

export interface OpenDecision {
  decision: DecisionRecord;
  meetingTitle: string;
  meetingDate: Date;
  /** The deliverable carrying it out, while open. */
  deliverable?: { id: string; ownerId: string; dueDate: string };
}

/**
 * The commission's decisions still open, oldest first: not marked done, and — for those that became deliverables —
 * their deliverable still open.
 */
export async function openDecisionsOf(commissionKey: string, limit = 50): Promise<OpenDecision[]> {
  const [decisions, openDeliverables] = await Promise.all([
    DecisionModel.find({ commissionKey, status: 'open' }).sort({ createdAt: 1, _id: 1 }).limit(200).lean<DecisionRecord[]>(),
    openDeliverablesOf(commissionKey, 1000),
  ]);
  const open = new Map(openDeliverables.map((d) => [String(d._id), d]));
  const still = decisions.filter((d) => !d.deliverableId || open.has(d.deliverableId)).slice(0, limit);
  const meetings = new Map<string, { title: string; startsAt: Date }>();
  for (const id of new Set(still.map((d) => d.meetingId))) {
    const m = await getMeeting(id).catch(() => undefined);
    if (m) meetings.set(id, m);
  }
  return still.map((decision) => {
    const d = decision.deliverableId ? open.get(decision.deliverableId) : undefined;
    const m = meetings.get(decision.meetingId);
    return {
      decision,
      meetingTitle: m?.title ?? 'a meeting',
      meetingDate: m?.startsAt ?? decision.createdAt ?? new Date(0),
      ...(d ? { deliverable: { id: String(d._id), ownerId: d.ownerId, dueDate: d.dueDate } } : {}),
    };
  });
}

/** Marks a decision done (its leads and administrators). A decision carried by a deliverable is done with it. */
export async function markDecisionDone(actor: Actor, id: string, now: Date): Promise<DecisionRecord> {
  const found = Types.ObjectId.isValid(id) ? await DecisionModel.findById(id).lean<DecisionRecord>() : null;
  if (!found) throw notFound('That decision no longer exists.');
  await requireManagerOf(actor, found.commissionKey);
  if (found.deliverableId) {
    const d = await getDeliverable(found.deliverableId);
    throw conflict(
      `That decision is carried out by the deliverable *${d.title}*: mark the deliverable done (\`/iec deliverables ${found.commissionKey}\`).`,
    );
  }
  const updated = await DecisionModel.findOneAndUpdate(
    { _id: found._id, status: 'open' },
    { $set: { status: 'done', doneAt: now, doneBy: actor.userId } },
    { new: true },
  ).lean<DecisionRecord>();
  if (!updated) throw conflict('That decision was already marked done.');
  return updated;
}
