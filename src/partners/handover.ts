import { type HandOverMeta, type HandOverScope, HANDOVER_NAMES_SHOWN, type OwnedRecords, scopeFilter } from '../domain/handover';
import { PartnerModel } from './model';
import { type StoredPartner, writePartners } from './write';

/**
 * A person's partners (`ownerId`), not archived, of the commissions in scope: what `/iec reassign` hands over.
 * The move goes through the write path (one history entry `handed over`, owner from → to, on each partner).
 */

function ownedFilter(userId: string, scope: HandOverScope) {
  return { ownerId: userId, archivedAt: null, ...scopeFilter('commissions', scope) };
}

export async function partnersOwnedBy(userId: string, scope: HandOverScope): Promise<OwnedRecords> {
  const filter = ownedFilter(userId, scope);
  const [first, total] = await Promise.all([
    PartnerModel.find(filter, { name: 1 }).sort({ nameKey: 1 }).limit(HANDOVER_NAMES_SHOWN).lean(),
    PartnerModel.countDocuments(filter),
  ]);
  return { total, names: first.map((p) => p.name) };
}

/** How many partners one round reads and writes. */
const BATCH = 200;
/** Rounds at most: a partner changed by someone else meanwhile is read again in the next one. */
const ROUNDS = 50;

/** Moves `from`'s partners in scope to `to`; returns those moved. Run again, it moves nothing more. */
export async function handOverPartners(from: string, to: string, scope: HandOverScope, meta: HandOverMeta): Promise<OwnedRecords> {
  const moved: string[] = [];
  let total = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const batch = await PartnerModel.find(ownedFilter(from, scope), { history: 0 }).sort({ _id: 1 }).limit(BATCH).lean<StoredPartner[]>();
    if (batch.length === 0) break;
    const outcome = await writePartners(
      batch.map((before) => ({ op: 'update' as const, before, set: { ownerId: to } })),
      { by: meta.by, now: meta.now, action: 'handed over', noteActivity: false },
    );
    total += outcome.written.length;
    moved.push(...outcome.written.map((p) => p.name));
  }
  return { total, names: moved.sort((a, b) => a.localeCompare(b)).slice(0, HANDOVER_NAMES_SHOWN) };
}

/** Everyone who owns a partner in use (not archived): whose accounts the administrators' notice checks. */
export async function partnerOwnerIds(): Promise<string[]> {
  return (await PartnerModel.distinct('ownerId', { archivedAt: null, ownerId: { $ne: null } })).filter(
    (v): v is string => typeof v === 'string',
  );
}
