import { Types } from 'mongoose';
import type { Actor } from '../access';
import { recordArchiveAudit } from '../audit';
import { requireManagerOf } from '../commissions';
import { escapeRegExp } from '../domain/names';
import { conflict, notFound } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import { MeetingModel } from './model';
import { type StoredMeeting, staleMeeting, writeMeeting } from './write';

/**
 * Archive instead of delete, for meetings (`/iec archive meeting <title>`): an archived one is gone from
 * `/iec meetings`, `/iec meeting show`, the digest, Home, reminders, attendance counts and hand-overs until
 * restored, kept whole. Through the write path (history `archived` / `restored`, and in the audit trail, revision + 1, so reminders
 * planned before do not go out); its commission's leads and administrators only.
 */

export interface ArchivableMeeting {
  id: string;
  name: string;
  commissionKey: string;
  startsAt: Date;
  archivedAt?: Date;
}

function toArchivable(m: StoredMeeting): ArchivableMeeting {
  return {
    id: String(m._id),
    name: m.title,
    commissionKey: m.commissionKey,
    startsAt: m.startsAt,
    ...(m.archivedAt ? { archivedAt: m.archivedAt } : {}),
  };
}

/** The meetings titled so (regardless of case and surrounding spaces), archived ones or the others; newest first, at most 10. */
export async function meetingsTitled(title: string, archived: boolean): Promise<ArchivableMeeting[]> {
  const rows = await MeetingModel.find(
    { title: new RegExp(`^\\s*${escapeRegExp(title.trim())}\\s*$`, 'i'), archivedAt: archived ? { $ne: null } : null },
    { history: 0 },
  )
    .sort({ startsAt: -1, _id: 1 })
    .limit(10)
    .lean<StoredMeeting[]>();
  return rows.map(toArchivable);
}

async function current(id: string): Promise<StoredMeeting> {
  const m = Types.ObjectId.isValid(id) ? await MeetingModel.findById(id, { history: 0 }).lean<StoredMeeting>() : null;
  if (!m) throw notFound('That meeting no longer exists.');
  return m;
}

async function setArchived(actor: Actor, id: string, now: Date, archive: boolean): Promise<ArchivableMeeting> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const m = await current(id);
    await requireManagerOf(actor, m.commissionKey);
    if (Boolean(m.archivedAt) === archive)
      throw conflict(`*${escapeMrkdwn(m.title)}* ${archive ? 'is already archived' : 'is not archived'}.`);
    const written = await writeMeeting(
      {
        op: 'update',
        before: m,
        set: archive ? { archivedAt: now, archivedBy: actor.userId } : { archivedAt: null, archivedBy: null },
        // restored: reminders due while it was archived are not sent late
        ...(archive ? {} : { also: { revisedAt: now } }),
      },
      { by: actor.userId, now, action: archive ? 'archived' : 'restored' },
    );
    if (written) {
      await recordArchiveAudit('meeting', archive, written, actor.userId, now);
      return toArchivable(written);
    }
  }
  throw await staleMeeting(new Types.ObjectId(id));
}

export const archiveMeeting = (actor: Actor, id: string, now: Date) => setArchived(actor, id, now, true);
export const restoreMeeting = (actor: Actor, id: string, now: Date) => setArchived(actor, id, now, false);
