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

/** One stage per id: `$group` by the referring field, after `$unwind` when it is a list. */
async function referring(
  model: typeof CommitmentModel | typeof CommitmentRequestModel,
  field: 'partnerId' | 'schoolIds' | 'programId',
  ids: readonly unknown[],
): Promise<string[]> {
  const rows = await (model as typeof CommitmentModel).aggregate<{ _id: unknown }>([
    { $match: { [field]: { $in: [...ids] } } },
    ...(field === 'schoolIds' ? [{ $unwind: '$schoolIds' }, { $match: { schoolIds: { $in: [...ids] } } }] : []),
    { $group: { _id: `$${field}` } },
  ]);
  return rows.map((r) => String(r._id));
}

/**
 * Which of these partners, schools or programs a commitment (or, for partners, a commitment request) refers to:
 * an import rolled back leaves those in place instead of removing what later records point at.
 */
export async function referencedByCommitments(kind: 'partner' | 'school' | 'program', ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  if (kind === 'program') return new Set(await referring(CommitmentModel, 'programId', ids));
  const oids = ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (kind === 'school') return new Set(await referring(CommitmentModel, 'schoolIds', oids));
  const [commitments, requests] = await Promise.all([
    referring(CommitmentModel, 'partnerId', oids),
    referring(CommitmentRequestModel, 'partnerId', oids),
  ]);
  return new Set([...commitments, ...requests]);
}
