import type { Types } from 'mongoose';
import { PartnerModel } from './model';

/**
 * Partners' last activity (`lastActivityAt`, for "partners gone quiet" in digests and Home): derived data owned
 * here. The write paths note it — the partner's own (partners/write.ts) and the commitments' (commitments/write.ts,
 * through `notePartnerActivity`); `checkLastActivity` / `rebuildLastActivity` compare it with the facts the
 * reconcile gathers (src/reconcile/derived.ts) and repair it. It only moves forward (`$max`).
 */

/**
 * Notes activity at `at` for these partners. Only those whose last activity is before `at` (or unknown) are written:
 * an import's batches name the same partners again and again, and a partner already there is left untouched.
 */
export async function notePartnerActivity(ids: readonly Types.ObjectId[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await PartnerModel.updateMany(
    { _id: { $in: [...ids] }, $or: [{ lastActivityAt: { $lt: at } }, { lastActivityAt: null }] },
    { $max: { lastActivityAt: at } },
  );
}

/** The partners whose `lastActivityAt` is before their latest recorded activity (`latest`: partner id → instant). */
async function behind(latest: ReadonlyMap<string, Date>): Promise<Array<{ _id: Types.ObjectId; at: Date }>> {
  const out: Array<{ _id: Types.ObjectId; at: Date }> = [];
  for await (const p of PartnerModel.find({}, { lastActivityAt: 1 }).lean().cursor()) {
    const at = latest.get(String(p._id));
    if (at && (!p.lastActivityAt || p.lastActivityAt < at)) out.push({ _id: p._id, at });
  }
  return out;
}

/** How many partners' last activity is behind the facts. */
export async function checkLastActivity(latest: ReadonlyMap<string, Date>): Promise<number> {
  return (await behind(latest)).length;
}

/** Moves each partner's last activity up to the facts; returns how many it fixed. */
export async function rebuildLastActivity(latest: ReadonlyMap<string, Date>): Promise<number> {
  const late = await behind(latest);
  const writes = late.map(({ _id, at }) => ({
    // found behind just now: set (a later write may have moved it on meanwhile only forward, through $max)
    updateOne: { filter: { _id }, update: { $set: { lastActivityAt: at } } },
  }));
  for (let i = 0; i < writes.length; i += 1000) await PartnerModel.bulkWrite(writes.slice(i, i + 1000), { ordered: false });
  return late.length;
}
