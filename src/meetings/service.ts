import { Types } from 'mongoose';
import { requireCommissionManager, requireIec, type Actor } from '../access';
import { commissionZone, requireCommission, requireManagerOf } from '../commissions';
import { historyPage, type HistoryEntry } from '../db/history';
import { conflict, invalidInput, notFound } from '../errors';
import { MeetingModel } from './model';
import { staleMeeting, type StoredMeeting, writeMeeting } from './write';
import { localTime, zonedDateTime } from '../domain/dates';

/** Meetings of a commission: scheduled in its time zone; every reschedule bumps `revision`. */

export type MeetingRecord = StoredMeeting;

export interface MeetingTime {
  /** `YYYY-MM-DD` and `HH:mm` on the commission's wall clock. */
  date: string;
  time: string;
  durationMinutes: number;
}

export interface NewMeeting extends MeetingTime {
  commissionKey: string;
  title: string;
  /** A location, or a video link (http/https). */
  place: string;
  agenda: string;
  /** A formal advisory-board meeting (the default), or a working group's. */
  formal?: boolean;
}

/** The instant of a wall-clock date and time in `zone`, refusing times that do not exist or lie in the past. */
export function meetingStart(when: Pick<MeetingTime, 'date' | 'time'>, zone: string, now: Date): Date {
  const startsAt = zonedDateTime(when.date, when.time, zone);
  if (localTime(startsAt, zone) !== when.time) {
    throw invalidInput(`${when.time} does not exist on ${when.date} in ${zone} (the clocks spring forward).`, {
      time: `${when.time} does not exist that day in ${zone} (clocks spring forward): pick another time.`,
    });
  }
  if (startsAt <= now) throw invalidInput(`${when.date} ${when.time} is in the past.`, { date: 'This date and time is in the past.' });
  return startsAt;
}

function splitPlace(place: string): { location: string; link: string } {
  const trimmed = place.trim();
  return /^https?:\/\/\S+$/i.test(trimmed) ? { location: '', link: trimmed } : { location: trimmed, link: '' };
}

/**
 * Schedules a meeting. `submissionKey` names the Slack submission it comes from (view id + hash): when Slack
 * delivers that submission again, the meeting it scheduled is returned and nothing is added.
 */
export async function scheduleMeeting(
  actor: Actor,
  input: NewMeeting,
  now: Date,
  defaultZone: string,
  submissionKey?: string,
): Promise<MeetingRecord> {
  const earlier = submissionKey ? await MeetingModel.findOne({ submissionKey }).lean<MeetingRecord>() : null;
  if (earlier) return earlier;
  const commission = await requireCommission(input.commissionKey);
  requireCommissionManager(actor, commission);
  const startsAt = meetingStart(input, commissionZone(commission, defaultZone), now);
  try {
    const doc = {
      commissionKey: commission.key,
      title: input.title,
      startsAt,
      durationMinutes: input.durationMinutes,
      ...splitPlace(input.place),
      agenda: input.agenda,
      formal: input.formal !== false,
      revisedAt: now,
      createdBy: actor.userId,
      organiserId: actor.userId,
      ...(submissionKey ? { submissionKey } : {}),
    };
    return (await writeMeeting({ op: 'create', doc }, { by: actor.userId, now, action: 'scheduled' })) as MeetingRecord;
  } catch (err) {
    // both deliveries at once: the other one scheduled it
    const raced =
      submissionKey && (err as { code?: number }).code === 11000
        ? await MeetingModel.findOne({ submissionKey }).lean<MeetingRecord>()
        : null;
    if (raced) return raced;
    throw err;
  }
}

/** Scheduled meetings that have not started, soonest first, at most `limit`, with the total count. */
export async function upcomingMeetings(
  commissionKey: string | undefined,
  now: Date,
  limit: number,
): Promise<{ items: MeetingRecord[]; total: number }> {
  const where: Record<string, unknown> = { status: 'scheduled', startsAt: { $gt: now }, archivedAt: null };
  if (commissionKey) where.commissionKey = commissionKey;
  const [items, total] = await Promise.all([
    MeetingModel.find(where).sort({ startsAt: 1, _id: 1 }).limit(limit).lean<MeetingRecord[]>(),
    MeetingModel.countDocuments(where),
  ]);
  return { items, total };
}

export async function getMeeting(id: string): Promise<MeetingRecord> {
  const found = Types.ObjectId.isValid(id) ? await MeetingModel.findById(id).lean<MeetingRecord>() : null;
  if (!found) throw notFound('That meeting no longer exists. See the upcoming ones with `/iec meetings`.');
  return found;
}

/** A meeting's changes, newest first, a page at a time: for those who see the meetings (IECs). */
export async function meetingHistory(actor: Actor, id: string, page: { offset: number; limit: number }) {
  requireIec(actor);
  const m = await getMeeting(id);
  return { meeting: m, page: historyPage(m.history as HistoryEntry[] | undefined, page) };
}

/** A meeting someone may change: it exists, is not cancelled, and they lead its commission (or administer). */
export async function getChangeableMeeting(actor: Actor, id: string): Promise<MeetingRecord> {
  const m = await getMeeting(id);
  await requireManagerOf(actor, m.commissionKey);
  if (m.status === 'cancelled') throw conflict(`*${m.title}* was already cancelled.`);
  return m;
}

/**
 * Moves a meeting. `expectedRevision` is the revision the person saw: if someone else moved it meanwhile, the
 * change is refused rather than silently overwriting theirs. Bumps `revision`, so reminders of the old time never fire.
 */
export async function rescheduleMeeting(
  actor: Actor,
  id: string,
  when: MeetingTime,
  expectedRevision: number,
  now: Date,
  defaultZone: string,
): Promise<MeetingRecord> {
  const m = await getChangeableMeeting(actor, id);
  const commission = await requireCommission(m.commissionKey);
  const startsAt = meetingStart(when, commissionZone(commission, defaultZone), now);
  if ((m.revision ?? 0) !== expectedRevision) throw await staleMeeting(m._id);
  const updated = await writeMeeting(
    // revisedAt is not history: it only tells the reminders which revision is current since when
    { op: 'update', before: m, set: { startsAt, durationMinutes: when.durationMinutes }, also: { revisedAt: now } },
    { by: actor.userId, now, action: 'rescheduled' },
  );
  if (!updated) throw await staleMeeting(m._id);
  return updated as MeetingRecord;
}

export async function cancelMeeting(actor: Actor, id: string, now: Date): Promise<MeetingRecord> {
  // a change that lost a race is looked at again: cancelled meanwhile, it says so
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const m = await getChangeableMeeting(actor, id);
    const updated = await writeMeeting(
      { op: 'update', before: m, set: { status: 'cancelled', cancelledAt: now, cancelledBy: actor.userId } },
      { by: actor.userId, now, action: 'cancelled' },
    );
    if (updated) return updated as MeetingRecord;
  }
  throw await staleMeeting(new Types.ObjectId(id));
}

/** Meetings matching what a person typed: by commission, a local date, or words of the title. Newest first. */
export async function searchMeetings(
  query: { commissionKey?: string; startsBetween?: { from: Date; to: Date }; titleContains?: string },
  limit: number,
): Promise<MeetingRecord[]> {
  const where: Record<string, unknown> = { archivedAt: null };
  if (query.commissionKey) where.commissionKey = query.commissionKey;
  if (query.startsBetween) where.startsAt = { $gte: query.startsBetween.from, $lt: query.startsBetween.to };
  if (query.titleContains) where.title = { $regex: query.titleContains.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' };
  return MeetingModel.find(where).sort({ startsAt: -1, _id: 1 }).limit(limit).lean<MeetingRecord[]>();
}
