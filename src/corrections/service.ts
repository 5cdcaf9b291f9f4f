import { can, type Action } from '../access';
import type { Actor } from '../domain/actor';
import { recordAudit } from '../audit';
import { commitmentReferences, notePartnerArchived } from '../commitments';
import { forbidden } from '../errors';
import { memberReferences } from '../members';
import { partnerArchive } from '../partners';
import { schoolArchive } from '../schools';
import type { Archivable } from '../db/archive';
import type { RecordKind } from './input';

/**
 * Archive, restore and delete for good, for partners and schools: who may (permissions.ts), the owning feature's
 * methods, and the audit trail. Archived records are gone from lists, the type-ahead, name look-ups and digests.
 */

const methods = { partner: partnerArchive, school: schoolArchive } as const;

function allowOrRefuse(actor: Actor, action: Action, refusal: string): void {
  if (!can(actor, action)) throw forbidden(refusal);
}

export function findRecord(kind: RecordKind, name: string): Promise<Archivable> {
  return methods[kind].byName(name);
}

export function recordById(kind: RecordKind, id: string): Promise<Archivable> {
  return methods[kind].byId(id);
}

export async function archiveRecord(kind: RecordKind, id: string, actor: Actor, now: Date): Promise<Archivable> {
  allowOrRefuse(actor, 'record.archive', `Archiving a ${kind} is for Industry Engagement Coordinators and administrators.`);
  const done = await methods[kind].archive(id, actor.userId, now);
  // an archived partner's commitments count in no total until it is restored
  if (kind === 'partner') await notePartnerArchived(id, now, { by: actor.userId, now });
  await recordAudit({
    at: now,
    by: actor.userId,
    action: `archived ${kind}`,
    subject: done.name,
    changes: [{ field: 'archived', from: false, to: true }],
  });
  return done;
}

export async function restoreRecord(kind: RecordKind, id: string, actor: Actor, now: Date): Promise<Archivable> {
  allowOrRefuse(actor, 'record.archive', `Restoring a ${kind} is for Industry Engagement Coordinators and administrators.`);
  const done = await methods[kind].restore(id, actor.userId, now);
  if (kind === 'partner') await notePartnerArchived(id, null, { by: actor.userId, now });
  await recordAudit({
    at: now,
    by: actor.userId,
    action: `restored ${kind}`,
    subject: done.name,
    changes: [{ field: 'archived', from: true, to: false }],
  });
  return done;
}

/** Refuses to delete the record for good when its feature says it may not be (e.g. a partner that is part of a merge). */
export async function requireDeletable(kind: RecordKind, id: string): Promise<void> {
  const refused = await methods[kind].deleteRefusal?.(id);
  if (refused) throw refused;
}

/** What still refers to the record (empty: it may be deleted for good). */
export async function referencesTo(kind: RecordKind, id: string): Promise<string[]> {
  const target = kind === 'partner' ? { partnerId: id } : { schoolId: id };
  const [commitments, members] = await Promise.all([commitmentReferences(target), memberReferences(target)]);
  return [...commitments, ...members];
}

export function requireDelete(actor: Actor, kind: RecordKind): void {
  allowOrRefuse(
    actor,
    'record.delete',
    `Only administrators delete a ${kind} for good; archive it instead (\`/iec archive ${kind} <name>\`).`,
  );
}

export async function deleteRecord(kind: RecordKind, id: string, actor: Actor, now: Date): Promise<Archivable> {
  requireDelete(actor, kind);
  const done = await methods[kind].remove(id, await referencesTo(kind, id), actor.userId, now);
  await recordAudit({ at: now, by: actor.userId, action: `deleted ${kind}`, subject: done.name });
  return done;
}
