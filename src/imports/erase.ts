import { scrubbed } from '../db/history';
import { ERASED_CONTACT, type ErasedPerson } from '../domain/names';
import { ImportModel, ImportOpModel, ImportPageModel } from './model';

/**
 * Erasure of a person (`/iec contact erase`) from imports: who imported a file becomes ERASED_CONTACT, and the
 * writes an import planned (kept so it can be rolled back) name ERASED_CONTACT instead of any value of theirs — a
 * contact, member or program contact a row brought, who recorded a commitment. Rolling such an import back then
 * restores the placeholder, never them. Returns the imports changed.
 */
export async function eraseFromImports(person: ErasedPerson): Promise<number> {
  const ids = [...person.slackUserIds];
  const emails = [...person.emails];
  const importIds = new Set((await ImportModel.find({ by: { $in: ids } }, { _id: 1 }).lean()).map((i) => String(i._id)));
  await ImportModel.updateMany({ by: { $in: ids } }, { $set: { by: ERASED_CONTACT } });
  const paths = ['contacts.slackUserId', 'contacts.email', 'slackUserId', 'email', 'recordedBy', 'ownerId', 'createdBy'];
  const or = ['before', 'after'].flatMap((side) => paths.map((p) => ({ [`${side}.${p}`]: { $in: p.endsWith('email') ? emails : ids } })));
  const scrub = (op: { before?: unknown; after?: unknown }) => ({
    ...op,
    ...(op.before !== undefined ? { before: scrubbed(op.before, person.values, ERASED_CONTACT) } : {}),
    after: scrubbed(op.after, person.values, ERASED_CONTACT),
  });
  const onPages = or.map((condition) => Object.fromEntries(Object.entries(condition).map(([path, v]) => [`ops.${path}`, v])));
  for (const page of await ImportPageModel.find({ $or: onPages }, { importId: 1, ops: 1 }).lean()) {
    importIds.add(String(page.importId));
    await ImportPageModel.updateOne({ _id: page._id }, { $set: { ops: (page.ops as Array<{ before?: unknown; after?: unknown }>).map(scrub) } });
  }
  // imports previewed before pages: one write per document
  for (const op of await ImportOpModel.find({ $or: or }, { importId: 1, before: 1, after: 1 }).lean()) {
    importIds.add(String(op.importId));
    await ImportOpModel.updateOne(
      { _id: op._id },
      { $set: { before: scrubbed(op.before, person.values, ERASED_CONTACT), after: scrubbed(op.after, person.values, ERASED_CONTACT) } },
    );
  }
  return importIds.size;
}
