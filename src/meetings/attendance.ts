import type { Types } from 'mongoose';
import type { Actor } from '../access';
import { commissionRef, requireManagerOf } from '../commissions';
import { conflict, invalidInput } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import { type MemberKind, type MemberRecord, memberBySlackUser, membersOf } from '../members';
import { AttendanceModel, type Attendance, type AttendeeKind } from './attendance-model';
import { MeetingModel } from './model';
import { getMeeting, type MeetingRecord } from './service';
import { zonedDateTime } from '../domain/dates';

/**
 * Attendance at commission meetings: members claim it ("I attended", for 7 days after the end), the lead records
 * it (claims pre-ticked, others by name and organisation, notes), and may correct it later, with history.
 * Only what the lead recorded counts; a claim counts once the lead confirms it.
 */

export type AttendanceRecord = Attendance & { _id: Types.ObjectId };
export type Attendee = AttendanceRecord['attendees'][number];

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How long after the end the "I attended" button takes claims. */
export const CLAIM_DAYS = 7;

export const meetingEnd = (m: Pick<MeetingRecord, 'startsAt' | 'durationMinutes'>): Date =>
  new Date(m.startsAt.getTime() + m.durationMinutes * MINUTE);
export const claimsCloseAt = (m: Pick<MeetingRecord, 'startsAt' | 'durationMinutes'>): Date =>
  new Date(meetingEnd(m).getTime() + CLAIM_DAYS * DAY);

/** The meeting, if it has ended and was not cancelled; otherwise a specific answer. */
export async function endedMeeting(id: string, now: Date): Promise<MeetingRecord> {
  const m = await getMeeting(id);
  if (m.status === 'cancelled') throw conflict(`*${m.title}* was cancelled, so there is no attendance to record.`);
  if (meetingEnd(m) > now) {
    const when = m.startsAt > now ? 'has not happened yet' : 'is still going on';
    throw invalidInput(
      `*${m.title}* ${when}: attendance can be recorded once it has ended (${meetingEnd(m).toISOString().slice(0, 16).replace('T', ' ')} UTC).`,
    );
  }
  return m;
}

export async function attendanceOf(meetingId: string): Promise<AttendanceRecord | null> {
  return AttendanceModel.findOne({ meetingId }).lean<AttendanceRecord>();
}

export type ClaimResult = 'claimed' | 'already_claimed' | 'already_recorded';

/**
 * A member's "I attended". Refused politely for someone who is not a member of the meeting's commission, and
 * after the claim window. Recorded once, however often it is pressed.
 */
export async function claimAttendance(
  meetingId: string,
  userId: string,
  now: Date,
): Promise<{ meeting: MeetingRecord; result: ClaimResult }> {
  const meeting = await endedMeeting(meetingId, now);
  if (now > claimsCloseAt(meeting)) {
    throw conflict(
      `The "I attended" button of *${meeting.title}* closed ${CLAIM_DAYS} days after the meeting. Ask a lead of *${escapeMrkdwn((await commissionRef(meeting.commissionKey)).name)}* to correct the attendance.`,
    );
  }
  const member = await memberBySlackUser(meeting.commissionKey, userId);
  if (!member) {
    throw conflict(
      `Thank you — but only members of *${escapeMrkdwn((await commissionRef(meeting.commissionKey)).name)}* can record their attendance here, and you are not one. If you came, tell a lead of the commission: they can add you when they record attendance.`,
    );
  }
  const existing = await attendanceOf(meetingId);
  if (existing?.attendees.some((a) => a.memberId === String(member._id))) return { meeting, result: 'already_recorded' };
  if (existing?.claims.some((c) => c.slackUserId === userId && c.status === 'pending')) return { meeting, result: 'already_claimed' };
  try {
    const updated = await AttendanceModel.findOneAndUpdate(
      { meetingId, claims: { $not: { $elemMatch: { slackUserId: userId, status: 'pending' } } } },
      {
        $push: { claims: { slackUserId: userId, memberId: String(member._id), at: now, status: 'pending' } },
        $setOnInsert: { meetingId, commissionKey: meeting.commissionKey },
      },
      { upsert: true, new: true },
    ).lean();
    return { meeting, result: updated ? 'claimed' : 'already_claimed' };
  } catch (err) {
    // pressed twice at once: the other press recorded it
    if ((err as { code?: number }).code === 11000) return { meeting, result: 'already_claimed' };
    throw err;
  }
}

export interface AttendanceFormData {
  meeting: MeetingRecord;
  members: MemberRecord[];
  attendance: AttendanceRecord | null;
  /** Member ids ticked when the form opens: those recorded, and pending claims. */
  ticked: string[];
  /** Member ids with a pending "I attended". */
  claimed: string[];
  guests: Array<{ name: string; organisation: string }>;
}

/** What the lead's attendance form shows: the members, ticked as recorded or claimed. Only after the meeting. */
export async function attendanceForm(actor: Actor, meetingId: string, now: Date): Promise<AttendanceFormData> {
  const meeting = await endedMeeting(meetingId, now);
  await requireManagerOf(actor, meeting.commissionKey);
  const [members, attendance] = await Promise.all([membersOf(meeting.commissionKey), attendanceOf(meetingId)]);
  const claimed = (attendance?.claims ?? []).filter((c) => c.status === 'pending').map((c) => c.memberId);
  const recorded = (attendance?.attendees ?? []).flatMap((a) => (a.memberId ? [a.memberId] : []));
  const known = new Set(members.map((m) => String(m._id)));
  return {
    meeting,
    members,
    attendance,
    ticked: [...new Set([...recorded, ...claimed])].filter((id) => known.has(id)),
    claimed: claimed.filter((id) => known.has(id)),
    guests: (attendance?.attendees ?? []).filter((a) => a.kind === 'guest').map((a) => ({ name: a.name, organisation: a.organisation })),
  };
}

export interface AttendanceInput {
  memberIds: string[];
  guests: Array<{ name: string; organisation: string }>;
  notes: string;
}

function attendeeOf(m: MemberRecord): Attendee {
  return {
    memberId: String(m._id),
    ...(m.slackUserId ? { slackUserId: m.slackUserId } : {}),
    name: m.name,
    organisation: m.organisation,
    kind: m.kind as MemberKind,
    ...(m.schoolId ? { schoolId: m.schoolId, schoolName: m.schoolName ?? '' } : {}),
  } as Attendee;
}

const attendeeKey = (a: Attendee) => a.memberId ?? `guest:${a.name.toLowerCase()}|${a.organisation.toLowerCase()}`;
const attendeeName = (a: Attendee) => a.name || (a.slackUserId ? `@${a.slackUserId}` : '?');
/** Plain text: name, and organisation or school. */
export function attendeeLabel(a: Attendee): string {
  const org = a.kind === 'school' ? a.schoolName : a.organisation;
  return org ? `${attendeeName(a)} · ${org}` : attendeeName(a);
}

/**
 * Records (or corrects) who came. `expectedRevision` is the revision the lead's form was opened on: a correction
 * someone made meanwhile is not overwritten. Pending claims become confirmed (ticked) or dismissed (not ticked).
 */
export async function recordAttendance(
  actor: Actor,
  meetingId: string,
  input: AttendanceInput,
  expectedRevision: number,
  now: Date,
): Promise<AttendanceRecord> {
  const meeting = await endedMeeting(meetingId, now);
  await requireManagerOf(actor, meeting.commissionKey);
  const members = new Map((await membersOf(meeting.commissionKey)).map((m) => [String(m._id), m]));
  const unknown = input.memberIds.filter((id) => !members.has(id));
  if (unknown.length > 0) throw conflict('Someone in the list is no longer a member of the commission: open the form again.');
  const attendees: Attendee[] = [
    ...input.memberIds.map((id) => attendeeOf(members.get(id) as MemberRecord)),
    ...input.guests.map((g) => ({ name: g.name, organisation: g.organisation, kind: 'guest' as AttendeeKind }) as Attendee),
  ];
  const before = await attendanceOf(meetingId);
  if ((before?.revision ?? 0) !== expectedRevision) {
    throw conflict(`Someone else recorded attendance for *${meeting.title}* meanwhile. Open the form again to see theirs.`);
  }
  const beforeKeys = new Map((before?.attendees ?? []).map((a) => [attendeeKey(a), a]));
  const afterKeys = new Map(attendees.map((a) => [attendeeKey(a), a]));
  const ticked = new Set(input.memberIds);
  const claims = (before?.claims ?? []).map((c) =>
    c.status === 'pending' ? { ...c, status: ticked.has(c.memberId) ? ('confirmed' as const) : ('dismissed' as const) } : c,
  );
  const entry = {
    at: now,
    by: actor.userId,
    count: attendees.length,
    added: [...afterKeys].filter(([k]) => !beforeKeys.has(k)).map(([, a]) => attendeeName(a)),
    removed: [...beforeKeys].filter(([k]) => !afterKeys.has(k)).map(([, a]) => attendeeName(a)),
    notesChanged: (before?.notes ?? '') !== input.notes,
  };
  try {
    const saved = await AttendanceModel.findOneAndUpdate(
      { meetingId, revision: expectedRevision },
      {
        $set: {
          commissionKey: meeting.commissionKey,
          attendees,
          claims,
          notes: input.notes,
          recorded: true,
          recordedAt: now,
          recordedBy: actor.userId,
        },
        $inc: { revision: 1 },
        $push: { history: entry },
      },
      { upsert: true, new: true },
    ).lean<AttendanceRecord>();
    if (!saved) throw new Error('attendance upsert returned nothing');
    return saved;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) {
      throw conflict(`Someone else recorded attendance for *${meeting.title}* meanwhile. Open the form again to see theirs.`);
    }
    throw err;
  }
}

export interface AttendanceCounts {
  total: number;
  byKind: Record<AttendeeKind, number>;
  /** Distinct schools whose staff came. */
  schools: number;
}

export function countAttendance(attendees: readonly Attendee[]): AttendanceCounts {
  const byKind = { industry: 0, postsecondary: 0, school: 0, district: 0, guest: 0 } as Record<AttendeeKind, number>;
  for (const a of attendees) byKind[a.kind as AttendeeKind] += 1;
  const schools = new Set(attendees.filter((a) => a.kind === 'school' && a.schoolId).map((a) => a.schoolId)).size;
  return { total: attendees.length, byKind, schools };
}

/** The first and last instant of a school year (`2025-26`: 1 July 2025 to 1 July 2026) in `zone`. */
export function schoolYearRange(schoolYear: string, zone: string): { start: Date; end: Date } {
  const startYear = Number(schoolYear.slice(0, 4));
  return { start: zonedDateTime(`${startYear}-07-01`, '00:00', zone), end: zonedDateTime(`${startYear + 1}-07-01`, '00:00', zone) };
}

export interface MeetingAttendance {
  meeting: MeetingRecord;
  attendance: AttendanceRecord | null;
}

/** The commission's meetings that ended in [from, to) and were not cancelled, oldest first, with their attendance. */
export async function meetingsWithAttendance(
  commissionKey: string,
  range: { from: Date; to: Date },
  limit = 200,
): Promise<MeetingAttendance[]> {
  const meetings = await MeetingModel.find({
    commissionKey,
    status: 'scheduled',
    archivedAt: null,
    // a meeting lasts at most a day: those that started up to a day before `from` may end in the range
    startsAt: { $gte: new Date(range.from.getTime() - DAY), $lt: range.to },
  })
    .sort({ startsAt: 1 })
    .limit(limit)
    .lean<MeetingRecord[]>();
  const ended = meetings.filter((m) => meetingEnd(m) >= range.from && meetingEnd(m) < range.to);
  const records = await AttendanceModel.find({ meetingId: { $in: ended.map((m) => String(m._id)) } }).lean<AttendanceRecord[]>();
  const byMeeting = new Map(records.map((r) => [r.meetingId, r]));
  return ended.map((meeting) => ({ meeting, attendance: byMeeting.get(String(meeting._id)) ?? null }));
}

export interface SchoolAttendance {
  schoolId: string;
  schoolName: string;
  /** Formal meetings at least one of its staff attended (as recorded). */
  formalMeetings: number;
  staff: string[];
}

export interface PersonAttendance {
  key: string;
  label: string;
  kind: AttendeeKind;
  /** Ids of the formal meetings they attended. */
  meetingIds: string[];
}

export interface YearAttendance {
  commissionKey: string;
  schoolYear: string;
  /** Ended, not cancelled, formal: the advisory-board meetings of the year so far. */
  formal: MeetingAttendance[];
  /** Working-group meetings (not counted). */
  workingGroups: number;
  schools: SchoolAttendance[];
  people: PersonAttendance[];
}

/**
 * Who came to which formal meetings of a commission in a school year (up to `now`), and per school how many formal
 * meetings its staff attended. Only recorded attendance counts; working groups do not.
 */
export async function yearAttendance(commissionKey: string, schoolYear: string, zone: string, now: Date): Promise<YearAttendance> {
  const { start, end } = schoolYearRange(schoolYear, zone);
  const all = await meetingsWithAttendance(commissionKey, { from: start, to: end < now ? end : now });
  const formal = all.filter((x) => x.meeting.formal !== false);
  const schools = new Map<string, { name: string; meetings: Set<string>; staff: Set<string> }>();
  const people = new Map<string, PersonAttendance>();
  for (const { meeting, attendance } of formal) {
    const id = String(meeting._id);
    for (const a of attendance?.recorded ? attendance.attendees : []) {
      const key = attendeeKey(a);
      const person = people.get(key) ?? { key, label: attendeeLabel(a), kind: a.kind as AttendeeKind, meetingIds: [] };
      if (!person.meetingIds.includes(id)) person.meetingIds.push(id);
      people.set(key, person);
      if (a.kind === 'school' && a.schoolId) {
        const s = schools.get(a.schoolId) ?? { name: a.schoolName ?? '', meetings: new Set<string>(), staff: new Set<string>() };
        s.meetings.add(id);
        s.staff.add(attendeeName(a));
        schools.set(a.schoolId, s);
      }
    }
  }
  return {
    commissionKey,
    schoolYear,
    formal,
    workingGroups: all.length - formal.length,
    schools: [...schools]
      .map(([schoolId, s]) => ({ schoolId, schoolName: s.name, formalMeetings: s.meetings.size, staff: [...s.staff].sort() }))
      .sort((a, b) => b.formalMeetings - a.formalMeetings || a.schoolName.localeCompare(b.schoolName)),
    people: [...people.values()].sort((a, b) => b.meetingIds.length - a.meetingIds.length || a.label.localeCompare(b.label)),
  };
}

/** Meetings of these commissions that ended in the last `days` days, newest first, at most `limit`, with the total. */
export async function recentMeetingsAttendance(
  commissionKey: string,
  now: Date,
  days: number,
  limit: number,
): Promise<{ items: MeetingAttendance[]; total: number }> {
  const all = await meetingsWithAttendance(commissionKey, { from: new Date(now.getTime() - days * DAY), to: now });
  const newest = [...all].reverse();
  return { items: newest.slice(0, limit), total: newest.length };
}
