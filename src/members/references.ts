import { MemberModel } from './model';

/** How many commission members refer to a partner or a school, as words ("2 commission members"); empty when none. */
export async function memberReferences(target: { partnerId: string } | { schoolId: string }): Promise<string[]> {
  const n = await MemberModel.countDocuments('partnerId' in target ? { partnerId: target.partnerId } : { schoolId: target.schoolId }, {
    limit: 1_000,
  });
  return n === 0 ? [] : [`${n} commission ${n === 1 ? 'member' : 'members'}`];
}
