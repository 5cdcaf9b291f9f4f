import { CommitmentTotalsModel, type CommitmentTotalsRow } from './derived-model';
import { CommitmentModel } from './model';
import { COMMITMENT_STATUSES, type CommitmentStatus, type CommitmentType } from '../domain/commitments';

/**
 * A rollup of commitments per commission, school year and type, so digests and reports cost the same
 * however long the history grows. Kept up to date with `$inc` upserts by the commitment write path (write.ts: the
 * delta between commitments before and after each write, once per batch); `checkTotals()` / `rebuildTotals()`
 * compare it with a recount of the raw documents and repair it (the reconcile job runs them).
 *
 * Per key: how many commitments are in each status, the quantity pledged (all but cancelled ones) and the
 * quantity fulfilled.
 */

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

/**
 * Applies these changes (each from `before` to `after`, either absent) to the rollup: one `$inc` per commission,
 * year and type, whatever the number of commitments. Called by the commitment write path (write.ts) only.
 */
export async function applyTotalsChanges(
  changes: ReadonlyArray<{ before?: TotalsContribution; after?: TotalsContribution }>,
): Promise<void> {
  const sums = new Map<string, { key: Pick<TotalsContribution, 'commissionKey' | 'schoolYear' | 'type'>; inc: Record<string, number> }>();
  for (const { before, after } of changes) {
    for (const { key, inc } of totalsDelta(before, after)) {
      const id = keyOf(key as TotalsContribution);
      const entry = sums.get(id) ?? { key, inc: {} };
      for (const [field, value] of Object.entries(inc)) entry.inc[field] = (entry.inc[field] ?? 0) + value;
      sums.set(id, entry);
    }
  }
  const writes = [...sums.values()]
    .map(({ key, inc }) => ({ key, inc: Object.fromEntries(Object.entries(inc).filter(([, v]) => v !== 0)) }))
    .filter(({ inc }) => Object.keys(inc).length > 0)
    .map(({ key, inc }) => ({ updateOne: { filter: key, update: { $inc: inc }, upsert: true } }));
  if (writes.length > 0) await CommitmentTotalsModel.bulkWrite(writes, { ordered: false });
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

type RollupRow = Pick<CommitmentTotals, 'commissionKey' | 'schoolYear' | 'type' | 'counts' | 'pledgedQuantity' | 'fulfilledQuantity'>;

/** The rollup recounted from the commitments themselves, by key. */
async function recount(): Promise<Map<string, RollupRow>> {
  const rows = CommitmentModel.find({}, { commissionKey: 1, schoolYear: 1, type: 1, status: 1, quantity: 1, fulfilledQuantity: 1 })
    .lean()
    .cursor();
  const sums = new Map<string, RollupRow>();
  for await (const row of rows) {
    const c: TotalsContribution = {
      ...row,
      status: (row.status ?? 'pledged') as CommitmentStatus,
      fulfilledQuantity: row.fulfilledQuantity ?? 0,
    };
    const entry = sums.get(keyOf(c)) ?? toTotals({ commissionKey: c.commissionKey, schoolYear: c.schoolYear, type: c.type });
    entry.counts[c.status] += 1;
    entry.pledgedQuantity += c.status === 'cancelled' ? 0 : c.quantity;
    entry.fulfilledQuantity += c.fulfilledQuantity;
    sums.set(keyOf(c), entry);
  }
  return sums;
}

const isEmpty = (r: RollupRow) => Object.values(r.counts).every((n) => n === 0) && r.pledgedQuantity === 0 && r.fulfilledQuantity === 0;
const sameRow = (a: RollupRow, b: RollupRow) =>
  a.pledgedQuantity === b.pledgedQuantity &&
  a.fulfilledQuantity === b.fulfilledQuantity &&
  COMMITMENT_STATUSES.every((s) => a.counts[s] === b.counts[s]);

/** The rollup rows (commission, year, type) that differ from a recount of the commitments. */
async function differences(): Promise<{ wrong: RollupRow[]; extra: Array<Pick<RollupRow, 'commissionKey' | 'schoolYear' | 'type'>> }> {
  const expected = await recount();
  const stored = (await CommitmentTotalsModel.find({}).lean()).map(toTotals);
  const wrong: RollupRow[] = [];
  const extra: Array<Pick<RollupRow, 'commissionKey' | 'schoolYear' | 'type'>> = [];
  const seen = new Set<string>();
  for (const row of stored) {
    const key = keyOf(row as unknown as TotalsContribution);
    seen.add(key);
    const want = expected.get(key);
    if (!want) {
      if (!isEmpty(row)) extra.push(row);
    } else if (!sameRow(row, want)) wrong.push(want);
  }
  for (const [key, want] of expected) if (!seen.has(key)) wrong.push(want);
  return { wrong, extra };
}

/** How many rollup rows differ from a recount of the commitments (0: the rollup is right). */
export async function checkTotals(): Promise<number> {
  const { wrong, extra } = await differences();
  return wrong.length + extra.length;
}

/** Sets every rollup row that differs from a recount of the commitments to the recount; returns how many it fixed. */
export async function rebuildTotals(): Promise<number> {
  const { wrong, extra } = await differences();
  const writes = [
    ...wrong.map((row) => ({
      updateOne: {
        filter: { commissionKey: row.commissionKey, schoolYear: row.schoolYear, type: row.type },
        update: { $set: { counts: row.counts, pledgedQuantity: row.pledgedQuantity, fulfilledQuantity: row.fulfilledQuantity } },
        upsert: true,
      },
    })),
    ...extra.map((row) => ({ deleteOne: { filter: { commissionKey: row.commissionKey, schoolYear: row.schoolYear, type: row.type } } })),
  ];
  for (let i = 0; i < writes.length; i += 1000) await CommitmentTotalsModel.bulkWrite(writes.slice(i, i + 1000), { ordered: false });
  return writes.length;
}
