import { Types } from 'mongoose';
import { requireKnown, type Actor } from '../access';
import type { HistoryChange, HistoryEntry, LastChange } from '../db/history';
import { undoTooLate, undoWindowOpen } from '../domain/undo';
import { conflict, forbidden, invalidInput } from '../errors';
import { getCommitment, writeCommitment } from './service';
import { CommitmentModel, WITH_ARCHIVED } from './model';
import { HISTORY_FIELDS, type CommitmentFields, type HistoryField, type StoredCommitment, writeCommitments } from './write';

/**
 * Undo of one change of a commitment, for the person who made it, within the undo window (src/domain/undo.ts). The change undone is
 * the one that brought the commitment to `revision` (the Undo button carries it): its history entry's `from`
 * values are put back through the write path, conditional on that revision, with a new history entry (`undo`).
 * When the commitment moved on since, nothing is changed and the refusal says who changed what.
 */

/** The changes a person can undo (what their confirmation shows). */
export const UNDOABLE_ACTIONS = ['created', 'edited', 'status', 'fulfilment', 'follow-up', 'archived', 'restored'] as const;

/** Whether `last` (a commitment's last change) is one `userId` made and may still undo at `now` (a Home row's Undo). */
export function canUndo(last: LastChange | undefined, userId: string, now: Date): boolean {
  return Boolean(last && last.by === userId && (UNDOABLE_ACTIONS as readonly string[]).includes(last.action) && undoWindowOpen(last.at, now));
}

export interface UndoOutcome {
  commitment: StoredCommitment;
  /** The change that was undone. */
  undone: HistoryEntry;
}

/** A history value put back on the record: ids as ObjectIds again, null as absent. */
function storedValue(field: HistoryField, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (field === 'partnerId') return new Types.ObjectId(String(value));
  if (field === 'schoolIds') return (value as unknown[]).map((id) => new Types.ObjectId(String(id)));
  if (field === 'fulfilledAt') return new Date(value as string | Date);
  return value;
}

/** The fields to set so the record is as it was before `entry`. */
export function valuesBefore(changes: readonly HistoryChange[]): CommitmentFields {
  const fields: CommitmentFields = {};
  for (const { field, from } of changes) {
    if (!(HISTORY_FIELDS as readonly string[]).includes(field)) continue;
    fields[field as HistoryField] = storedValue(field as HistoryField, from);
  }
  return fields;
}

/** What changed since, as a person reads it: "<@U…> (status) at …". */
function changedSince(entries: readonly HistoryEntry[]): string {
  return entries
    .slice(-3)
    .map((e) => `<@${e.by}> (${e.action}${e.changes.length ? `: ${e.changes.map((c) => c.field).join(', ')}` : ''})`)
    .join(', ');
}

/** Undoes the change that brought commitment `id` to `revision`. */
export async function undoCommitmentChange(id: string, revision: number, actor: Actor, now: Date): Promise<UndoOutcome> {
  requireKnown(actor);
  const current = await getCommitment(id, actor, { withArchived: true });
  const history = (current.history ?? []) as unknown as HistoryEntry[];
  const currentRevision = current.revision ?? 0;
  if (revision > currentRevision) throw invalidInput('That Undo button is out of date: look at the commitment again.');
  // one history entry per revision: the entry that made `revision` is this far from the end
  const since = history.slice(history.length - (currentRevision - revision));
  const undone = history[history.length - 1 - (currentRevision - revision)];
  if (!undone) throw invalidInput('There is no record of that change any more, so it cannot be undone.');
  if (undone.by !== actor.userId) throw forbidden(`Only <@${undone.by}>, who made this change, can undo it.`);
  if (since.length > 0) {
    if (since.every((e) => e.action === 'undo' && e.by === actor.userId)) throw conflict('You have undone this change already.');
    throw conflict(
      `This commitment was changed since, by ${changedSince(since.filter((e) => e.action !== 'undo' || e.by !== actor.userId))}, so I did not undo your change: it would overwrite theirs. Look at it again (\`/iec commitments\`) and change it from there.`,
    );
  }
  if (!(UNDOABLE_ACTIONS as readonly string[]).includes(undone.action))
    throw invalidInput(`A change of the kind “${undone.action}” cannot be undone here: change the commitment again instead.`);
  if (!undoWindowOpen(new Date(undone.at), now))
    throw invalidInput(undoTooLate('a change', 'Change the commitment again instead (`/iec commitments`).'));
  // a commitment recorded by mistake is archived (its history stays); any other change has its values put back
  const values = undone.action === 'created' ? { archivedAt: now } : valuesBefore(undone.changes);
  const commitment = await writeCommitment(
    id,
    actor,
    now,
    'undo',
    { expectedRevision: revision, source: undone.action, allowArchived: true },
    () => values,
  );
  return { commitment, undone };
}

/** A commitment a merge moved, and the revision the move gave it (bulk.ts `movePartnerCommitments`). */
type Moved = { id: string; revision: number };

async function movedNow(items: readonly Moved[]): Promise<StoredCommitment[]> {
  const found: StoredCommitment[] = [];
  for (let i = 0; i < items.length; i += 1000) {
    const ids = items.slice(i, i + 1000).map((m) => new Types.ObjectId(m.id));
    found.push(
      // whole documents: the write path settles the totals from them (a projection of the last entry alone would drop the rest)
      ...(await CommitmentModel.find({ _id: { $in: ids } }, null, WITH_ARCHIVED).lean<StoredCommitment[]>()),
    );
  }
  return found;
}

/**
 * Why the moves of these commitments (a merge's) cannot be undone, or undefined: some were changed since or are
 * gone. Says how many, and who changed the first.
 */
export async function commitmentMovesUndoProblem(items: readonly Moved[], action: string): Promise<string | undefined> {
  const now = new Map((await movedNow(items)).map((c) => [String(c._id), c]));
  const changed = items.filter((m) => {
    const c = now.get(m.id);
    return !c || (c.revision ?? 0) !== m.revision || (c.history as unknown as HistoryEntry[]).at(-1)?.action !== action;
  });
  if (changed.length === 0) return undefined;
  const first = now.get(changed[0].id);
  const last = first ? (first.history as unknown as HistoryEntry[]).at(-1) : undefined;
  const who = last ? `, by <@${last.by}> (${last.action})` : ' (removed)';
  return `${changed.length === 1 ? '1 of its commitments was' : `${changed.length} of its commitments were`} changed since${who}`;
}

/**
 * Puts these moved commitments back as they were before the move (the `from` values of the move's history entry),
 * through the write path, each conditional on the revision the move gave it; history "merge undone". Returns the
 * ids that had moved on meanwhile (left as they are).
 */
export async function undoCommitmentMoves(items: readonly Moved[], meta: { by: string; now: Date; source: string }): Promise<string[]> {
  const revisions = new Map(items.map((m) => [m.id, m.revision]));
  const writes = (await movedNow(items))
    .filter((c) => (c.revision ?? 0) === revisions.get(String(c._id)))
    .map((c) => {
      const entry = (c.history as unknown as HistoryEntry[]).at(-1);
      return { op: 'update' as const, before: c, set: valuesBefore(entry?.changes ?? []) };
    });
  const outcome = await writeCommitments(writes, { ...meta, action: 'merge undone' });
  const written = new Set(outcome.written.map((c) => String(c._id)));
  return items.filter((m) => !written.has(m.id)).map((m) => m.id);
}
