import { Types } from 'mongoose';
import type { HistoryEntry } from '../db/history';
import { CommitmentModel, WITH_ARCHIVED } from './model';
import type { CommitmentType } from '../domain/commitments';

/** How many of a partner's commitments their history is read from (newest first): a bounded read. */
const MAX_COMMITMENTS = 500;

export interface PartnerHistoryEntry extends HistoryEntry {
  commitment: { id: string; type: CommitmentType; startDate: string };
}

/** The changes of a partner's commitments, newest first, a page at a time (`/iec history <partner>`). */
export async function partnerCommitmentHistory(
  partnerId: string,
  page: { offset: number; limit: number },
): Promise<{ entries: PartnerHistoryEntry[]; total: number }> {
  const rows = await CommitmentModel.find(
    { partnerId: new Types.ObjectId(partnerId) },
    { history: 1, type: 1, startDate: 1 },
    WITH_ARCHIVED,
  )
    .sort({ startDate: -1, _id: -1 })
    .limit(MAX_COMMITMENTS)
    .lean();
  const all = rows.flatMap((c) =>
    ((c.history ?? []) as unknown as HistoryEntry[]).map((h) => ({
      ...h,
      commitment: { id: String(c._id), type: c.type as CommitmentType, startDate: c.startDate },
    })),
  );
  all.sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());
  const offset = Math.max(0, Math.floor(page.offset));
  return { entries: all.slice(offset, offset + Math.max(1, page.limit)), total: all.length };
}
