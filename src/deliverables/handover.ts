import { type HandOverMeta, type HandOverScope, HANDOVER_NAMES_SHOWN, type OwnedRecords, scopeFilter } from '../domain/handover';
import { DeliverableModel, OPEN_DELIVERABLE_STATUSES } from './model';
import { type StoredDeliverable, writeDeliverable } from './write';

/**
 * A person's open deliverables (open or in progress) of the commissions in scope: what `/iec reassign` hands
 * over. Done and dropped ones keep who did them. Moved through the write path (history `handed over`).
 */

function ownedFilter(userId: string, scope: HandOverScope) {
  return { ownerId: userId, status: { $in: [...OPEN_DELIVERABLE_STATUSES] }, archivedAt: null, ...scopeFilter('commissionKey', scope) };
}

export async function deliverablesOwnedBy(userId: string, scope: HandOverScope): Promise<OwnedRecords> {
  const filter = ownedFilter(userId, scope);
  const [first, total] = await Promise.all([
    DeliverableModel.find(filter, { title: 1 }).sort({ dueDate: 1, _id: 1 }).limit(HANDOVER_NAMES_SHOWN).lean(),
    DeliverableModel.countDocuments(filter),
  ]);
  return { total, names: first.map((d) => d.title) };
}

const BATCH = 200;
const ROUNDS = 50;

/** Moves `from`'s open deliverables in scope to `to`; returns those moved. Run again, it moves nothing more. */
export async function handOverDeliverables(from: string, to: string, scope: HandOverScope, meta: HandOverMeta): Promise<OwnedRecords> {
  const moved: Array<{ title: string; dueDate: string }> = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const batch = await DeliverableModel.find(ownedFilter(from, scope), { history: 0 })
      .sort({ _id: 1 })
      .limit(BATCH)
      .lean<StoredDeliverable[]>();
    if (batch.length === 0) break;
    for (const before of batch) {
      // undefined: changed meanwhile; the next round reads it again (if it is still theirs)
      const written = await writeDeliverable({ op: 'update', before, set: { ownerId: to } }, { ...meta, action: 'handed over' });
      if (written) moved.push({ title: written.title, dueDate: written.dueDate });
    }
  }
  moved.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return { total: moved.length, names: moved.slice(0, HANDOVER_NAMES_SHOWN).map((d) => d.title) };
}

/** Everyone who owns an open deliverable: whose accounts the administrators' notice checks. */
export async function openDeliverableOwnerIds(): Promise<string[]> {
  return (await DeliverableModel.distinct('ownerId', { status: { $in: [...OPEN_DELIVERABLE_STATUSES] }, archivedAt: null })).filter(
    (v): v is string => typeof v === 'string',
  );
}
