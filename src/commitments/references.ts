import { Types } from 'mongoose';
import { CommitmentModel } from './model';
import { CommitmentRequestModel } from './request-model';

function counted(n: number, one: string, many: string): string[] {
  return n === 0 ? [] : [`${n} ${n === 1 ? one : many}`];
}

/**
 * What of the commitments feature refers to a partner or a school, as words ("3 commitments", "1 request"): a
 * partner or school may be deleted for good only when this is empty.
 */
export async function commitmentReferences(target: { partnerId: string } | { schoolId: string }): Promise<string[]> {
  if ('partnerId' in target) {
    const partnerId = new Types.ObjectId(target.partnerId);
    const [commitments, requests] = await Promise.all([
      CommitmentModel.countDocuments({ partnerId }, { limit: 1_000 }),
      CommitmentRequestModel.countDocuments({ partnerId }, { limit: 1_000 }),
    ]);
    return [...counted(commitments, 'commitment', 'commitments'), ...counted(requests, 'commitment request', 'commitment requests')];
  }
  const commitments = await CommitmentModel.countDocuments({ schoolIds: new Types.ObjectId(target.schoolId) }, { limit: 1_000 });
  return counted(commitments, 'commitment', 'commitments');
}
