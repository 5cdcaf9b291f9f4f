import type { Types } from 'mongoose';
import { DecisionModel } from './attendance-model';
import { MeetingModel } from './model';

/** The reads of meetings other features make (the digest), exported from the meetings index. */

export interface ScheduledMeeting {
  _id: Types.ObjectId;
  title: string;
  startsAt: Date;
  location?: string | null;
  link?: string | null;
}

/**
 * A commission's scheduled meetings starting in [from, to), soonest first, at most `limit`, and how many there
 * are (counted only when the list is full).
 */
export async function scheduledMeetingsBetween(
  commissionKey: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<{ items: ScheduledMeeting[]; total: number }> {
  const filter = { commissionKey, status: 'scheduled', startsAt: { $gte: from, $lt: to }, archivedAt: null };
  const items = await MeetingModel.find(filter, { title: 1, startsAt: 1, location: 1, link: 1 })
    .sort({ startsAt: 1 })
    .limit(limit)
    .lean<ScheduledMeeting[]>();
  return { items, total: items.length < limit ? items.length : await MeetingModel.countDocuments(filter) };
}

/** Whether a form submission (its key, see src/slack/forms.ts) has already scheduled a meeting. */
export async function isSubmissionScheduled(submissionKey: string): Promise<boolean> {
  return (await MeetingModel.exists({ submissionKey })) !== null;
}

/** Whether a form submission has already recorded a decision. */
export async function isSubmissionDecided(submissionKey: string): Promise<boolean> {
  return (await DecisionModel.exists({ submissionKey })) !== null;
}
