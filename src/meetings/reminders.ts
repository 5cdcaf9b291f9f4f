import { openDeliverablesOf } from '../deliverables';
import { commissionZone, findCommissions, getCommission } from '../commissions';
import { sharedRead, type NotificationSource, type PlannedNotification, type Rendered, type SchedulerContext } from '../scheduler';
import { MEETING_REMINDER_KIND } from './ids';
import { MeetingModel } from './model';
import type { MeetingRecord } from './service';
import { meetingReminderMessage } from './views';

/** Open deliverables listed in a reminder (the section says how many more). */
const REMINDER_DELIVERABLES = 30;

/**
 * Meeting reminders in the commission channel, at each of the commission's `meetingReminderOffsets` (default
 * 7 days, 1 day, 1 hour) before the start.
 *
 * Key: `meeting:<id>:r<revision>:<offsetMinutes>`. A reschedule bumps the revision, so the old time's keys are
 * never planned again, and render skips any already claimed for an old revision or a cancelled meeting.
 *
 * Catch-up window: a reminder stays useful until the next, closer reminder is due (the 7-day one until the
 * 1-day one, the 1-day one until the 1-hour one), and the last one until the meeting starts. After an outage
 * the most recent useful reminder goes out once; older ones are recorded as skipped (expired). Reminders that
 * were due before the meeting was scheduled or last moved are not planned at all.
 */

const MINUTE = 60_000;
export const DEFAULT_MEETING_OFFSETS = [7 * 24 * 60, 24 * 60, 60];

/** Positive, distinct offsets, longest first. */
export function normalizeOffsets(offsets: readonly number[] | undefined): number[] {
  const list = offsets && offsets.length > 0 ? offsets : DEFAULT_MEETING_OFFSETS;
  return [...new Set(list.filter((o) => Number.isInteger(o) && o > 0))].sort((a, b) => b - a);
}

export function meetingReminderKey(meetingId: string, revision: number, offsetMinutes: number): string {
  return `meeting:${meetingId}:r${revision}:${offsetMinutes}`;
}

/** The reminders of one meeting due in (from, to], each expiring when the next one is due (the last: at the start). */
export function meetingReminders(
  m: Pick<MeetingRecord, '_id' | 'startsAt' | 'revision' | 'revisedAt' | 'commissionKey'> & { title?: string },
  offsets: readonly number[],
  channelId: string,
  window: { from: Date; to: Date },
): PlannedNotification[] {
  const start = m.startsAt.getTime();
  const revision = m.revision ?? 0;
  const id = String(m._id);
  const out: PlannedNotification[] = [];
  offsets.forEach((offset, i) => {
    const dueAt = new Date(start - offset * MINUTE);
    if (dueAt <= window.from || dueAt > window.to) return;
    if (m.revisedAt && dueAt < m.revisedAt) return;
    const next = offsets[i + 1];
    out.push({
      key: meetingReminderKey(id, revision, offset),
      kind: MEETING_REMINDER_KIND,
      dueAt,
      expiresAt: new Date(next === undefined ? start : start - next * MINUTE),
      commissionKey: m.commissionKey,
      recipient: { channel: channelId },
      ...(m.title ? { about: `“${m.title}”` } : {}),
      ref: { meetingId: id, revision, offsetMinutes: offset },
    });
  });
  return out;
}

/** The scheduled meetings starting in (after, until]. */
async function scheduledMeetingsStarting(after: Date, until: Date): Promise<MeetingRecord[]> {
  return MeetingModel.find({ status: 'scheduled', archivedAt: null, startsAt: { $gt: after, $lte: until } }).lean<MeetingRecord[]>();
}

const DAY = 24 * 60 * MINUTE;

/**
 * What both meeting sources plan from, read once for a planning run (`sharedRead`): every commission, and the scheduled
 * meetings from a day before the window (attendance: a meeting lasts at most a day) to the longest reminder offset
 * after it (reminders). Each source keeps the meetings of its own range.
 */
export async function meetingsAroundWindow(
  window: { from: Date; to: Date },
  ctx: Pick<SchedulerContext, 'reads'>,
): Promise<{ commissions: Awaited<ReturnType<typeof findCommissions>>; meetings: MeetingRecord[]; longestOffsetMinutes: number }> {
  const commissions = await sharedRead(ctx, findCommissions);
  const longest = Math.max(...DEFAULT_MEETING_OFFSETS, ...commissions.flatMap((c) => normalizeOffsets(c.meetingReminderOffsets)));
  const meetings = await sharedRead(
    ctx,
    scheduledMeetingsStarting,
    new Date(window.from.getTime() - DAY),
    new Date(window.to.getTime() + longest * MINUTE),
  );
  return { commissions, meetings, longestOffsetMinutes: longest };
}

export const meetingReminderSource: NotificationSource = {
  kind: MEETING_REMINDER_KIND,

  async plan(window, ctx) {
    const { commissions, meetings, longestOffsetMinutes } = await meetingsAroundWindow(window, ctx);
    const byKey = new Map(
      commissions.map((c) => [c.key, { channelId: c.channelId ?? '', offsets: normalizeOffsets(c.meetingReminderOffsets) }]),
    );
    const until = window.to.getTime() + longestOffsetMinutes * MINUTE;
    const starting = meetings.filter((m) => m.startsAt > window.from && m.startsAt.getTime() <= until);
    return starting.flatMap((m) => {
      const c = byKey.get(m.commissionKey) ?? { channelId: '', offsets: normalizeOffsets(undefined) };
      return meetingReminders(m, c.offsets, c.channelId, window);
    });
  },

  async render(n, ctx): Promise<Rendered> {
    const m = await MeetingModel.findById(String(n.ref.meetingId)).lean<MeetingRecord>();
    if (!m) return { skip: 'the meeting was deleted' };
    if (m.status === 'cancelled') return { skip: 'the meeting was cancelled' };
    if (m.archivedAt) return { skip: 'the meeting is archived' };
    if ((m.revision ?? 0) !== Number(n.ref.revision))
      return { skip: `the meeting was rescheduled (revision ${m.revision ?? 0}, this reminder is for ${n.ref.revision})` };
    if (m.startsAt <= ctx.now) return { skip: 'the meeting has already started' };
    const commission = await getCommission(m.commissionKey);
    if (!commission?.channelId)
      return {
        skip: `${commission?.name ?? `the commission (key ${m.commissionKey})`} has no channel (set one with /iec commission set-channel ${m.commissionKey} #channel)`,
      };
    const zone = commissionZone(commission, ctx.timeZone);
    // the deliverables as they are now, not as they were copied into the agenda when the meeting was scheduled
    const deliverables = await openDeliverablesOf(m.commissionKey, REMINDER_DELIVERABLES);
    const named = commission.name ? { ...m, commissionName: commission.name } : m;
    return {
      message: meetingReminderMessage(named, Number(n.ref.offsetMinutes), zone, deliverables),
      recipient: { channel: commission.channelId },
    };
  },
};
