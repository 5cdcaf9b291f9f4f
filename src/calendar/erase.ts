import { ERASED_CONTACT } from '../domain/names';
import { NoSchoolDayModel } from './model';

/** Erasure of a person (`/iec contact erase`): no-school days they added name ERASED_CONTACT as who added them. */
export async function eraseCalendarAuthors(userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await NoSchoolDayModel.updateMany({ createdBy: { $in: [...userIds] } }, { $set: { createdBy: ERASED_CONTACT } });
}
