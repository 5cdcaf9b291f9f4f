import type { Types } from 'mongoose';
import { CommitmentModel } from './model';
import { COMMITMENT_TYPES, isWorkBasedLearning, type CommitmentStatus, type CommitmentType } from '../domain/commitments';

/**
 * What the programs feature (src/programs) reads of commitments: those recorded against programs of study, and the
 * work-based learning commitments serving schools. Cancelled commitments are never evidence.
 */

export interface EvidenceCommitment {
  id: string;
  programId?: string;
  partnerId: string;
  partnerName: string;
  commissionKey: string;
  type: CommitmentType;
  status: CommitmentStatus;
  quantity: number;
  startDate: string;
  schoolYear: string;
  schoolIds: string[];
  recordedBy: string;
}

const PROJECTION = {
  programId: 1,
  partnerId: 1,
  partnerName: 1,
  commissionKey: 1,
  type: 1,
  status: 1,
  quantity: 1,
  startDate: 1,
  schoolYear: 1,
  schoolIds: 1,
  recordedBy: 1,
} as const;

type Row = {
  _id: Types.ObjectId;
  programId?: string | null;
  partnerId: Types.ObjectId;
  partnerName: string;
  commissionKey: string;
  type: string;
  status?: string | null;
  quantity: number;
  startDate: string;
  schoolYear: string;
  schoolIds?: Types.ObjectId[];
  recordedBy: string;
};

function toEvidence(r: Row): EvidenceCommitment {
  return {
    id: String(r._id),
    ...(r.programId ? { programId: r.programId } : {}),
    partnerId: String(r.partnerId),
    partnerName: r.partnerName,
    commissionKey: r.commissionKey,
    type: r.type as CommitmentType,
    status: (r.status ?? 'pledged') as CommitmentStatus,
    quantity: r.quantity,
    startDate: r.startDate,
    schoolYear: r.schoolYear,
    schoolIds: (r.schoolIds ?? []).map(String),
    recordedBy: r.recordedBy,
  };
}

/** Commitments recorded against these programs (every year; not cancelled), oldest first. */
export async function programCommitments(programIds: readonly string[]): Promise<EvidenceCommitment[]> {
  if (programIds.length === 0) return [];
  const rows = await CommitmentModel.find({ programId: { $in: programIds.map(String) }, status: { $ne: 'cancelled' } }, PROJECTION)
    .sort({ startDate: 1, _id: 1 })
    .limit(20_000)
    .lean<Row[]>();
  return rows.map(toEvidence);
}

const WBL_TYPES = COMMITMENT_TYPES.filter(isWorkBasedLearning);

/** Work-based learning commitments of these commissions in a school year (not cancelled) that name at least one school. */
export async function workBasedLearningCommitments(commissionKeys: readonly string[], schoolYear: string): Promise<EvidenceCommitment[]> {
  if (commissionKeys.length === 0) return [];
  const rows = await CommitmentModel.find(
    {
      commissionKey: { $in: commissionKeys.map(String) },
      schoolYear: String(schoolYear),
      status: { $ne: 'cancelled' },
      type: { $in: WBL_TYPES },
      'schoolIds.0': { $exists: true },
    },
    PROJECTION,
  )
    .limit(50_000)
    .lean<Row[]>();
  return rows.map(toEvidence);
}
