import { MemberModel } from './model';

/** How many commission members refer to a partner or a school, as words ("2 commission members"); empty when none. */
export async function memberReferences(target: { partnerId: string } | { schoolId: string }): Promise<string[]> {
  const n = await MemberModel.countDocuments('partnerId' in target ? { partnerId: target.partnerId } : { schoolId: target.schoolId }, {
    limit: 1_000,
  });
  return n === 0 ? [] : [`${n} commission ${n === 1 ? 'member' : 'members'}`];
}

/** Which of these partners or schools a commission member belongs to (an import rolled back leaves those in place). */
export async function referencedByMembers(kind: 'partner' | 'school', ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const field = kind === 'partner' ? 'partnerId' : 'schoolId';
  const rows = await MemberModel.aggregate<{ _id: string }>([{ $match: { [field]: { $in: [...ids] } } }, { $group: { _id: `$${field}` } }]);
  return new Set(rows.map((r) => String(r._id)));
}
