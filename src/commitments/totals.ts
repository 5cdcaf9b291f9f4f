import { Schema, model, type InferSchemaType } from 'mongoose';
import { CommitmentModel } from './model';
import { COMMITMENT_STATUSES, type CommitmentStatus, type CommitmentType } from './types';

/**
 * A rollup of commitments per commission, school year and type, so digests and reports cost the same
 * however long the history grows. Kept up to date with `$inc` upserts by the commitment service (the
 * delta between a commitment before and after each change); `rebuildTotals()` recomputes it from the raw
 * documents (after a migration, or to check it).
 *
 * Per key: how many commitments are in each status, the quantity pledged (all but cancelled ones) and the
 * quantity fulfilled.
 */
const countsShape = Object.fromEntries(COMMITMENT_STATUSES.map((s) => [s, { type: Number, default: 0 }])) as Record<
  CommitmentStatus,
  { type: NumberConstructor; default: number }
>;

const totalsSchema = new Schema(
  {
    commissionKey: { type: String, required: true },
    schoolYear: { type: String, required: true },
    type: { type: String, required: true },
    counts: { type: new Schema(countsShape, { _id: false }), default: () => ({}) },
    pledgedQuantity: { type: Number, default: 0 },
    fulfilledQuantity: { type: Number, default: 0 },
  },
  { collection: 'commitmenttotals' },
);
totalsSchema.index({ commissionKey: 1, schoolYear: 1, type: 1 }, { unique: true });
totalsSchema.index({ schoolYear: 1 });

export const CommitmentTotalsModel = model('CommitmentTotals', totalsSchema);
export type CommitmentTotalsRow = InferSchemaType<typeof totalsSchema>;

/** The fields of a commitment that the rollup depends on. */
export interface TotalsContribution {
  commissionKey: string;
  schoolYear: string;
  type: string;
  status: CommitmentStatus;
  quantity: number;
  fulfilledQuantity: number;
}

export interface CommitmentTotals {
  commissionKey: string;
  schoolYear: string;
  type: CommitmentType;
  counts: Record<CommitmentStatus, number>;
  pledgedQuantity: number;
  fulfilledQuantity: number;
}

function keyOf(c: TotalsContribution): string {
  return JSON.stringify([c.commissionKey, c.schoolYear, c.type]);
}

function incrementsOf(c: TotalsContribution, sign: 1 | -1): Record<string, number> {
  return {
    [`counts.${c.status}`]: sign,
    pledgedQuantity: sign * (c.status === 'cancelled' ? 0 : c.quantity),
    fulfilledQuantity: sign * (c.fulfilledQuantity ?? 0),
  };
}

/** The `$inc` per key that turns the rollup of `before` into that of `after` (either may be absent). */
export function totalsDelta(
  before: TotalsContribution | undefined,
  after: TotalsContribution | undefined,
): Array<{ key: Pick<TotalsContribution, 'commissionKey' | 'schoolYear' | 'type'>; inc: Record<string, number> }> {
  const byKey = new Map<string, { key: Pick<TotalsContribution, 'commissionKey' | 'schoolYear' | 'type'>; inc: Record<string, number> }>();
  for (const [c, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (!c) continue;
    const entry = byKey.get(keyOf(c)) ?? { key: { commissionKey: c.commissionKey, schoolYear: c.schoolYear, type: c.type }, inc: {} };
    for (const [field, value] of Object.entries(incrementsOf(c, sign))) entry.inc[field] = (entry.inc[field] ?? 0) + value;
    byKey.set(keyOf(c), entry);
  }
  return [...byKey.values()]
    .map((e) => ({ key: e.key, inc: Object.fromEntries(Object.entries(e.inc).filter(([, v]) => v !== 0)) }))
    .filter((e) => Object.keys(e.inc).length > 0);
}

/** Applies the change from `before` to `after` to the rollup. */
export async function applyTotalsChange(before: TotalsContribution | undefined, after: TotalsContribution | undefined): Promise<void> {
  for (const { key, inc } of totalsDelta(before, after)) {
    await CommitmentTotalsModel.updateOne(key, { $inc: inc }, { upsert: true });
  }
}

function toTotals(
  row: Partial<CommitmentTotalsRow> & Pick<CommitmentTotalsRow, 'commissionKey' | 'schoolYear' | 'type'>,
): CommitmentTotals {
  const counts = Object.fromEntries(
    COMMITMENT_STATUSES.map((s) => [s, (row.counts as Record<string, number> | undefined)?.[s] ?? 0]),
  ) as Record<CommitmentStatus, number>;
  return {
    commissionKey: row.commissionKey,
    schoolYear: row.schoolYear,
    type: row.type as CommitmentType,
    counts,
    pledgedQuantity: row.pledgedQuantity ?? 0,
    fulfilledQuantity: row.fulfilledQuantity ?? 0,
  };
}

/** The rollup of one commission for one school year, one row per commitment type that has any, by type. */
export async function getTotals(commissionKey: string, schoolYear: string): Promise<CommitmentTotals[]> {
  const rows = await CommitmentTotalsModel.find({ commissionKey, schoolYear }).sort({ type: 1 }).lean();
  return rows.map(toTotals).filter((t) => Object.values(t.counts).some((n) => n !== 0));
}

/** Recomputes the whole rollup from the commitments themselves. */
export async function rebuildTotals(): Promise<void> {
  const rows = CommitmentModel.find({}, { commissionKey: 1, schoolYear: 1, type: 1, status: 1, quantity: 1, fulfilledQuantity: 1 })
    .lean()
    .cursor();
  const sums = new Map<string, { key: Pick<TotalsContribution, 'commissionKey' | 'schoolYear' | 'type'>; inc: Record<string, number> }>();
  for await (const row of rows) {
    for (const { key, inc } of totalsDelta(undefined, {
      ...row,
      status: row.status ?? 'pledged',
      fulfilledQuantity: row.fulfilledQuantity ?? 0,
    })) {
      const id = keyOf({ ...key } as TotalsContribution);
      const entry = sums.get(id) ?? { key, inc: {} };
      for (const [field, value] of Object.entries(inc)) entry.inc[field] = (entry.inc[field] ?? 0) + value;
      sums.set(id, entry);
    }
  }
  await CommitmentTotalsModel.deleteMany({});
  if (sums.size === 0) return;
  await CommitmentTotalsModel.insertMany(
    [...sums.values()].map(({ key, inc }) => ({
      ...key,
      counts: Object.fromEntries(COMMITMENT_STATUSES.map((s) => [s, inc[`counts.${s}`] ?? 0])),
      pledgedQuantity: inc.pledgedQuantity ?? 0,
      fulfilledQuantity: inc.fulfilledQuantity ?? 0,
    })),
  );
}
