import { Types } from 'mongoose';
import type { Actor } from '../access';
import { recordArchiveAudit } from '../audit';
import { requireManagerOf } from '../commissions';
import { escapeRegExp } from '../domain/names';
import { conflict, notFound } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import { DeliverableModel } from './model';
import { type StoredDeliverable, staleDeliverable, writeDeliverable } from './write';

/**
 * Archive instead of delete, for deliverables (`/iec archive deliverable <title>`): an archived one is gone from
 * `/iec deliverables`, Home, the digest, meeting agendas, reminders and hand-overs until restored, kept whole.
 * Through the write path (history `archived` / `restored`, and in the audit trail); its commission's leads and administrators only.
 */

export interface ArchivableDeliverable {
  id: string;
  name: string;
  commissionKey: string;
  dueDate: string;
  archivedAt?: Date;
}

function toArchivable(d: StoredDeliverable): ArchivableDeliverable {
  return {
    id: String(d._id),
    name: d.title,
    commissionKey: d.commissionKey,
    dueDate: d.dueDate,
    ...(d.archivedAt ? { archivedAt: d.archivedAt } : {}),
  };
}

/** The deliverables titled so (regardless of case and surrounding spaces), archived ones or the others; at most 10. */
export async function deliverablesTitled(title: string, archived: boolean): Promise<ArchivableDeliverable[]> {
  const rows = await DeliverableModel.find(
    { title: new RegExp(`^\\s*${escapeRegExp(title.trim())}\\s*$`, 'i'), archivedAt: archived ? { $ne: null } : null },
    { history: 0 },
  )
    .sort({ dueDate: 1, _id: 1 })
    .limit(10)
    .lean<StoredDeliverable[]>();
  return rows.map(toArchivable);
}

async function current(id: string): Promise<StoredDeliverable> {
  const d = Types.ObjectId.isValid(id) ? await DeliverableModel.findById(id, { history: 0 }).lean<StoredDeliverable>() : null;
  if (!d) throw notFound('That deliverable no longer exists.');
  return d;
}

async function setArchived(actor: Actor, id: string, now: Date, archive: boolean): Promise<ArchivableDeliverable> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const d = await current(id);
    await requireManagerOf(actor, d.commissionKey);
    if (Boolean(d.archivedAt) === archive)
      throw conflict(`*${escapeMrkdwn(d.title)}* ${archive ? 'is already archived' : 'is not archived'}.`);
    const written = await writeDeliverable(
      { op: 'update', before: d, set: archive ? { archivedAt: now, archivedBy: actor.userId } : { archivedAt: null, archivedBy: null } },
      { by: actor.userId, now, action: archive ? 'archived' : 'restored' },
    );
    if (written) {
      await recordArchiveAudit('deliverable', archive, written, actor.userId, now);
      return toArchivable(written);
    }
  }
  throw await staleDeliverable(new Types.ObjectId(id));
}

export const archiveDeliverable = (actor: Actor, id: string, now: Date) => setArchived(actor, id, now, true);
export const restoreDeliverable = (actor: Actor, id: string, now: Date) => setArchived(actor, id, now, false);
