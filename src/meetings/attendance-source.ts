import { getCommission } from '../commissions';
import { commissionZone } from '../commissions';
import type { NotificationSource, PlannedNotification, Rendered } from '../scheduler';
import { claimsCloseAt, meetingEnd } from './attendance';
import { attendancePromptMessage, claimPostMessage } from './attendance-views';
import { ATTENDANCE_KIND } from './ids';
import { MeetingModel } from './model';
import { meetingsAroundWindow } from './reminders';
import type { MeetingRecord } from './service';

/**
 * When a meeting ends: one "Record attendance" DM to each lead of its commission, and one "I attended" post in the
 * commission channel. Keys `attendance:<id>:r<revision>:channel` and `attendance:<id>:r<revision>:to-<user>`: the
 * scheduler claims each key once across replicas. A meeting rescheduled or cancelled before it ends gets none for
 * the old time. Both stay useful while the claim window is open (7 days after the end).
 */

const DAY = 24 * 3_600_000;

export function attendanceNotifications(
  m: Pick<MeetingRecord, '_id' | 'startsAt' | 'durationMinutes' | 'revision' | 'commissionKey'> & { title?: string },
  commission: { channelId?: string | null; leads?: string[] } | undefined,
): PlannedNotification[] {
  const id = String(m._id);
  const revision = m.revision ?? 0;
  const dueAt = meetingEnd(m);
  const expiresAt = claimsCloseAt(m);
  const base = { kind: ATTENDANCE_KIND, dueAt, expiresAt, commissionKey: m.commissionKey, ...(m.title ? { about: `“${m.title}”` } : {}) };
  const out: PlannedNotification[] = [];
  if (commission?.channelId) {
    out.push({
      ...base,
      key: `attendance:${id}:r${revision}:channel`,
      recipient: { channel: commission.channelId },
      ref: { meetingId: id, revision, part: 'channel' },
    });
  }
  for (const lead of commission?.leads ?? []) {
    out.push({
      ...base,
      key: `attendance:${id}:r${revision}:to-${lead}`,
      recipient: { user: lead },
      ref: { meetingId: id, revision, part: 'lead' },
    });
  }
  return out;
}

export const attendanceSource: NotificationSource = {
  kind: ATTENDANCE_KIND,

  async plan(window, ctx) {
    // a meeting lasts at most a day: those ending in the window started at most a day before it (read with the
    // reminders' meetings, once for the planning run)
    const { commissions, meetings } = await meetingsAroundWindow(window, ctx);
    const ending = meetings.filter(
      (m) =>
        m.startsAt.getTime() > window.from.getTime() - DAY &&
        m.startsAt <= window.to &&
        meetingEnd(m) > window.from &&
        meetingEnd(m) <= window.to,
    );
    if (ending.length === 0) return [];
    const byKey = new Map(commissions.map((c) => [c.key, c]));
    return ending.flatMap((m) => attendanceNotifications(m, byKey.get(m.commissionKey)));
  },

  async render(n, ctx): Promise<Rendered> {
    const m = await MeetingModel.findById(String(n.ref.meetingId)).lean<MeetingRecord>();
    if (!m) return { skip: 'the meeting was deleted' };
    if (m.status === 'cancelled') return { skip: 'the meeting was cancelled' };
    if (m.archivedAt) return { skip: 'the meeting is archived' };
    if ((m.revision ?? 0) !== Number(n.ref.revision)) return { skip: `the meeting was rescheduled (revision ${m.revision ?? 0})` };
    const commission = await getCommission(m.commissionKey);
    if (n.ref.part === 'channel') {
      if (!commission?.channelId)
        return { skip: `${commission?.name ?? `the commission (key ${m.commissionKey})`} has no channel for the attendance post` };
      return { message: claimPostMessage(m), recipient: { channel: commission.channelId } };
    }
    return { message: attendancePromptMessage(m, commissionZone(commission, ctx.timeZone)) };
  },
};
