import type { Types } from 'mongoose';
import type { Actor } from '../access';
import { type ChangedSince, changedSinceRefusal, undoTooLate, undoWindowOpen } from '../domain/undo';
import { conflict, forbidden, invalidInput } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import type { ImportKind } from './columns';
import { ImportModel } from './model';
import { opBatches, type RolledBack, rollbackImport } from './service';
import { type StoredOp, WRITERS } from './writers';

/**
 * Undo of an import applied from Slack, for its author within the undo window (src/domain/undo.ts). Every record
 * of the import is checked first: when one was changed since (or removed, or a record added since refers to one it
 * created), nothing is undone and the answer says which and by whom. Otherwise the import is rolled back whole by
 * the one rollback there is (`rollbackImport`, also `npm run import -- --rollback`): created records removed,
 * changed ones put back with an `import rolled back` history entry, and the audit entry `import.rollback`. A record
 * changed between the check and its write is left as it is and named (`leftAsIs`): the answer says the undo was
 * partial.
 */

/** How many changed records the check collects before it refuses (the refusal names three, and counts the rest). */
const CHANGED_COLLECTED = 10;

export async function undoImport(id: string, actor: Actor, now: Date): Promise<RolledBack> {
  const doc = /^[0-9a-f]{24}$/i.test(id) ? await ImportModel.findById(id).lean() : null;
  if (!doc) throw invalidInput('There is no record of that import any more, so it cannot be undone.');
  const file = `*${escapeMrkdwn(doc.filename)}*`;
  if (doc.by !== actor.userId) throw forbidden(`Only <@${doc.by}>, who imported ${file}, can undo it.`);
  if (doc.undo?.at) throw conflict('You have undone this import already.');
  if (doc.status === 'rolled_back') throw conflict(`The import of ${file} was rolled back already: nothing of it is left to undo.`);
  if (doc.status !== 'applied') throw conflict(`The import of ${file} is ${doc.status.replace('_', ' ')}, so there is nothing to undo.`);
  if (!undoWindowOpen(doc.appliedAt ?? doc.createdAt, now))
    throw invalidInput(undoTooLate('an import', `An administrator can still roll it back: \`npm run import -- --rollback ${id}\`.`));
  const changed = await changedSince(doc._id, doc.kind as ImportKind);
  if (changed.length > 0)
    throw conflict(changedSinceRefusal(`your import of ${file}`, changed, 'Change those records by hand instead.'));
  // claimed once: a second press (or the other of its two Undo buttons) is told it was done
  const claimed = await ImportModel.updateOne({ _id: doc._id, status: 'applied', 'undo.at': null }, { $set: { undo: { by: actor.userId, at: now } } });
  if (claimed.modifiedCount !== 1) throw conflict('You have undone this import already.');
  try {
    return await rollbackImport(id, { now, actor });
  } catch (err) {
    // nothing was rolled back (it is still applied): Undo may be pressed again
    await ImportModel.updateOne({ _id: doc._id, status: 'applied' }, { $unset: { undo: '' } });
    throw err;
  }
}

/** The import's records someone changed since (the first CHANGED_COLLECTED), with who changed each last. */
async function changedSince(importId: Types.ObjectId, kind: ImportKind): Promise<ChangedSince[]> {
  const writer = WRITERS[kind];
  const found: Array<{ op: StoredOp; referenced: boolean }> = [];
  for await (const batch of opBatches(importId, writer.batch)) {
    const [current, referenced] = await Promise.all([
      writer.current(batch.map((o) => o.targetId)),
      writer.referenced(batch.filter((o) => o.action === 'create').map((o) => o.targetId)),
    ]);
    for (const op of batch) {
      const now = current.get(op.targetId);
      if (!current.has(op.targetId) || !writer.same(now, op.after)) found.push({ op, referenced: false });
      else if (referenced.has(op.targetId)) found.push({ op, referenced: true });
    }
    if (found.length >= CHANGED_COLLECTED) break;
  }
  const changed = found.slice(0, CHANGED_COLLECTED);
  const last = await writer.lastChanges(changed.filter((c) => !c.referenced).map((c) => c.op.targetId));
  return changed.map(({ op, referenced }): ChangedSince => {
    const what = `row ${op.row}: ${escapeMrkdwn(op.label)}`;
    if (referenced) return { what: `${what}, which a record added since refers to` };
    const change = last.get(op.targetId);
    return change ? { what, by: change.by, action: change.action } : { what, gone: true };
  });
}
