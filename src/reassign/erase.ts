import { ERASED_CONTACT } from '../domain/names';
import { HandOverModel } from './model';

/** Erasure of a person (`/iec contact erase`): a hand-over they made, gave or received names ERASED_CONTACT instead. */
export async function eraseFromHandOvers(userIds: readonly string[]): Promise<number> {
  const ids = [...userIds];
  if (ids.length === 0) return 0;
  let changed = 0;
  for (const field of ['by', 'from', 'to'] as const) {
    changed += (await HandOverModel.updateMany({ [field]: { $in: ids } }, { $set: { [field]: ERASED_CONTACT } })).modifiedCount;
  }
  return changed;
}
