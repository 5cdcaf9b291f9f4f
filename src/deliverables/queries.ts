import type { Types } from 'mongoose';
import { DeliverableModel, OPEN_DELIVERABLE_STATUSES, type DeliverableStatus } from './model';

/** The reads of deliverables other features make (the digest, Home), exported from the deliverables index. */

export interface DueDeliverable {
  _id: Types.ObjectId;
  title: string;
  ownerId: string;
  dueDate: string;
  status: DeliverableStatus;
}

/**
 * A commission's open deliverables due before (`$lt`) or from (`$gte`) a date, due date first, at most `limit`,
 * and how many there are (counted only when the list is full).
 */
export async function openDeliverablesDue(
  commissionKey: string,
  dueDate: { $lt: string } | { $gte: string },
  limit: number,
): Promise<{ items: DueDeliverable[]; total: number }> {
  const filter = { commissionKey, status: { $in: OPEN_DELIVERABLE_STATUSES }, dueDate, archivedAt: null };
  const rows = await DeliverableModel.find(filter, { title: 1, ownerId: 1, dueDate: 1, status: 1 })
    .sort({ dueDate: 1, _id: 1 })
    .limit(limit)
    .lean();
  const items = rows.map((d) => ({
    _id: d._id,
    title: d.title,
    ownerId: d.ownerId,
    dueDate: d.dueDate,
    status: (d.status ?? 'open') as DeliverableStatus,
  }));
  return { items, total: rows.length < limit ? rows.length : await DeliverableModel.countDocuments(filter) };
}
