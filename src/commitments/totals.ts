import { CommitmentCountsModel, CommitmentTotalsModel, type CommitmentTotalsRow } from './derived-model';
import { CommitmentModel } from './model';
import { eachCommitment, type CommitmentScope } from './queries';
import { COMMITMENT_STATUSES, COMMITMENT_TYPES, type CommitmentStatus, type CommitmentType } from '../domain/commitments';

/**
 * Commitment totals, computed here only: `commitmentTotals(scope)` is what `/iec commission show`, the weekly
 * digest, App Home, `/iec report` and `/iec partner show` state. What a commitment adds to a total is decided
 * once, by `countedQuantities`.
 *
 * A scope of a commission and/or a school year is read from a rollup per commission, school year and type, so
 * digests and reports cost the same however long the history grows. The rollup is kept up to date with `$inc`
 * upserts by the commitment write path (write.ts: the delta between commitments before and after each write,
 * once per batch); `checkTotals()` / `rebuildTotals()` compare it with a recount of the raw documents and repair
 * it (the reconcile job runs them). Any other scope (a partner, a school) is counted from its commitments with
 * the same rule.
 *
 * Beside it, kept by the same writes and repaired by the same check, the commitments of each commission by status,
 * every school year together (`commitmentCounts`: one document a commission): the count of the lists, which would
 * otherwise read the rollup's rows of every year.
 */

/** The fields of a commitment that the totals depend on. */
export interface TotalsContribution {
  commissionKey: string;
  schoolYear: string;
  type: string;
  status: CommitmentStatus;
  quantity: number;
  fulfilledQuantity: number;
}

/** What the commitments of one type add up to. */
export interface TypeTotals {
  type: CommitmentType;
  /** How many commitments are in each status (cancelled ones too). */
  counts: Record<CommitmentStatus, number>;
  /** Commitments that are not cancelled. */
  commitments: number;
  /** Quantity pledged, cancelled commitments left out. */
  pledged: number;
  /** Quantity fulfilled, cancelled commitments left out (see `countedQuantities`). */
  fulfilled: number;
}

/** The totals of a scope: by type (types with any commitment, in the vocabulary's order) and by status. */
export interface CommitmentTotals {
  byType: TypeTotals[];
  byStatus: Record<CommitmentStatus, number>;
  /** Commitments that are not cancelled. */
  commitments: number;
}

/**
 * The quantities one commitment adds to its type's totals: nothing when it is cancelled; otherwise its quantity
 * pledged and its fulfilled quantity, where a commitment marked fulfilled without a fulfilled quantity counts in
 * full.
 */
export function countedQuantities(c: Pick<TotalsContribution, 'status' | 'quantity' | 'fulfilledQuantity'>): {
  pledged: number;
  fulfilled: number;
} {
  if (c.status === 'cancelled') return { pledged: 0, fulfilled: 0 };
  const fulfilled = c.status === 'fulfilled' && !c.fulfilledQuantity ? c.quantity : (c.fulfilledQuantity ?? 0);
  return { pledged: c.quantity, fulfilled };
}

/**
 * Whether a commitment counts in any total: not when it is archived, nor while its partner is archived. With
 * `countedQuantities`, the one rule of what counts (the write path's rollup, its recount, a partner's or school's).
 */
export function countsInTotals(c: { archivedAt?: Date | null; partnerArchivedAt?: Date | null }): boolean {
  return !c.archivedAt && !c.partnerArchivedAt;
}

function keyOf(c: Pick<TotalsContribution, 'commissionKey' | 'schoolYear' | 'type'>): string {
  return JSON.stringify([c.commissionKey, c.schoolYear, c.type]);
}

function incrementsOf(c: TotalsContribution, sign: 1 | -1): Record<string, number> {
  const { pledged, fulfilled } = countedQuantities(c);
  return { [`counts.${c.status}`]: sign, pledgedQuantity: sign * pledged, fulfilledQuantity: sign * fulfilled };
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
      const id = keyOf(key);
      const entry = sums.get(id) ?? { key, inc: {} };
      for (const [field, value] of Object.entries(inc)) entry.inc[field] = (entry.inc[field] ?? 0) + value;
      sums.set(id, entry);
    }
  }
  const nonZero = (inc: Record<string, number>) => Object.fromEntries(Object.entries(inc).filter(([, v]) => v !== 0));
  const byCommission = new Map<string, Record<string, number>>();
  for (const { key, inc } of sums.values()) {
    const counts = byCommission.get(key.commissionKey) ?? {};
    for (const [field, value] of Object.entries(inc)) if (field.startsWith('counts.')) counts[field] = (counts[field] ?? 0) + value;
    byCommission.set(key.commissionKey, counts);
  }
  const writes = [...sums.values()]
    .map(({ key, inc }) => ({ key, inc: nonZero(inc) }))
    .filter(({ inc }) => Object.keys(inc).length > 0)
    .map(({ key, inc }) => ({ updateOne: { filter: key, update: { $inc: inc }, upsert: true } }));
  const countWrites = [...byCommission]
    .map(([commissionKey, inc]) => ({ commissionKey, inc: nonZero(inc) }))
    .filter(({ inc }) => Object.keys(inc).length > 0)
    .map(({ commissionKey, inc }) => ({ updateOne: { filter: { _id: commissionKey }, update: { $inc: inc }, upsert: true } }));
  await Promise.all([
    writes.length > 0 ? CommitmentTotalsModel.bulkWrite(writes, { ordered: false }) : undefined,
    countWrites.length > 0 ? CommitmentCountsModel.bulkWrite(countWrites, { ordered: false }) : undefined,
  ]);
}

/**
 * How many commitments are in each status, every school year together: one commission's, or all of them (archived
 * ones and those of archived partners count in none, as in every total). One document a commission.
 */
export async function commitmentCounts(commissionKey?: string): Promise<Record<CommitmentStatus, number>> {
  const out = emptyCounts();
  for (const row of await CommitmentCountsModel.find(commissionKey === undefined ? {} : { _id: commissionKey }).lean())
    for (const s of COMMITMENT_STATUSES) out[s] += (row.counts as Record<string, number> | undefined)?.[s] ?? 0;
  return out;
}

const emptyCounts = (): Record<CommitmentStatus, number> =>
  Object.fromEntries(COMMITMENT_STATUSES.map((s) => [s, 0])) as Record<CommitmentStatus, number>;

function toRollupRow(row: Partial<CommitmentTotalsRow> & Pick<CommitmentTotalsRow, 'commissionKey' | 'schoolYear' | 'type'>): RollupRow {
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

/** Adds one commitment to the totals by type (created when absent). */
function addCommitment(
  byType: Map<CommitmentType, TypeTotals>,
  c: Pick<TotalsContribution, 'type' | 'status' | 'quantity' | 'fulfilledQuantity'>,
): void {
  const type = c.type as CommitmentType;
  const row = byType.get(type) ?? { type, counts: emptyCounts(), commitments: 0, pledged: 0, fulfilled: 0 };
  const { pledged, fulfilled } = countedQuantities(c);
  row.counts[c.status] += 1;
  if (c.status !== 'cancelled') row.commitments += 1;
  row.pledged += pledged;
  row.fulfilled += fulfilled;
  byType.set(type, row);
}

function totalsOf(byType: ReadonlyMap<CommitmentType, TypeTotals>): CommitmentTotals {
  const rows = COMMITMENT_TYPES.flatMap((t) => {
    const row = byType.get(t);
    return row && Object.values(row.counts).some((n) => n !== 0) ? [row] : [];
  });
  const byStatus = emptyCounts();
  for (const row of rows) for (const s of COMMITMENT_STATUSES) byStatus[s] += row.counts[s];
  return { byType: rows, byStatus, commitments: rows.reduce((n, r) => n + r.commitments, 0) };
}

/**
 * The totals of the commitments of `scope` (archived ones count in none). A scope of only a commission and/or a
 * school year is read from the rollup; a partner's or a school's is counted from its commitments.
 */
export async function commitmentTotals(scope: CommitmentScope): Promise<CommitmentTotals> {
  const byType = new Map<CommitmentType, TypeTotals>();
  if (scope.partnerId || scope.partnerIds || scope.schoolId) {
    const fields = ['type', 'status', 'quantity', 'fulfilledQuantity', 'partnerArchivedAt'] as const;
    for await (const c of eachCommitment(scope, { fields, batchSize: 500 })) {
      if (!countsInTotals(c)) continue;
      addCommitment(byType, {
        type: c.type,
        status: (c.status ?? 'pledged') as CommitmentStatus,
        quantity: c.quantity,
        fulfilledQuantity: c.fulfilledQuantity ?? 0,
      });
    }
    return totalsOf(byType);
  }
  const filter = {
    ...(scope.commissionKey !== undefined ? { commissionKey: String(scope.commissionKey) } : {}),
    ...(scope.schoolYear !== undefined ? { schoolYear: String(scope.schoolYear) } : {}),
  };
  for (const stored of await CommitmentTotalsModel.find(filter).lean()) {
    const row = toRollupRow(stored);
    const sum = byType.get(row.type) ?? { type: row.type, counts: emptyCounts(), commitments: 0, pledged: 0, fulfilled: 0 };
    for (const s of COMMITMENT_STATUSES) sum.counts[s] += row.counts[s];
    sum.commitments += COMMITMENT_STATUSES.reduce((n, s) => n + (s === 'cancelled' ? 0 : row.counts[s]), 0);
    sum.pledged += row.pledgedQuantity;
    sum.fulfilled += row.fulfilledQuantity;
    byType.set(row.type, sum);
  }
  return totalsOf(byType);
}

/** One stored row of the rollup. */
interface RollupRow {
  commissionKey: string;
  schoolYear: string;
  type: CommitmentType;
  counts: Record<CommitmentStatus, number>;
  pledgedQuantity: number;
  fulfilledQuantity: number;
}

/** The rollup recounted from the commitments themselves, by key. */
async function recount(): Promise<Map<string, RollupRow>> {
  const rows = CommitmentModel.find(
    {},
    { commissionKey: 1, schoolYear: 1, type: 1, status: 1, quantity: 1, fulfilledQuantity: 1, partnerArchivedAt: 1 },
  )
    .lean()
    .cursor();
  const sums = new Map<string, RollupRow>();
  for await (const { partnerArchivedAt, ...row } of rows) {
    if (!countsInTotals({ partnerArchivedAt })) continue;
    const c: TotalsContribution = {
      ...row,
      status: (row.status ?? 'pledged') as CommitmentStatus,
      fulfilledQuantity: row.fulfilledQuantity ?? 0,
    };
    const entry = sums.get(keyOf(c)) ?? toRollupRow({ commissionKey: c.commissionKey, schoolYear: c.schoolYear, type: c.type });
    const { pledged, fulfilled } = countedQuantities(c);
    entry.counts[c.status] += 1;
    entry.pledgedQuantity += pledged;
    entry.fulfilledQuantity += fulfilled;
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
async function differences(): Promise<{
  wrong: RollupRow[];
  extra: Array<Pick<RollupRow, 'commissionKey' | 'schoolYear' | 'type'>>;
  counts: Array<{ commissionKey: string; counts?: Record<CommitmentStatus, number> }>;
}> {
  const expected = await recount();
  const counts = await countDifferences(countsByCommission(expected.values()));
  const stored = (await CommitmentTotalsModel.find({}).lean()).map(toRollupRow);
  const wrong: RollupRow[] = [];
  const extra: Array<Pick<RollupRow, 'commissionKey' | 'schoolYear' | 'type'>> = [];
  const seen = new Set<string>();
  for (const row of stored) {
    const key = keyOf(row);
    seen.add(key);
    const want = expected.get(key);
    if (!want) {
      if (!isEmpty(row)) extra.push(row);
    } else if (!sameRow(row, want)) wrong.push(want);
  }
  for (const [key, want] of expected) if (!seen.has(key)) wrong.push(want);
  return { wrong, extra, counts };
}

/** The counts per commission a recount gives (from the rollup rows it recounted). */
function countsByCommission(rows: Iterable<RollupRow>): Map<string, Record<CommitmentStatus, number>> {
  const out = new Map<string, Record<CommitmentStatus, number>>();
  for (const row of rows) {
    const counts = out.get(row.commissionKey) ?? emptyCounts();
    for (const s of COMMITMENT_STATUSES) counts[s] += row.counts[s];
    out.set(row.commissionKey, counts);
  }
  return out;
}

/** The commissions whose stored counts differ from the recount's (`counts` absent: the stored document is extra). */
async function countDifferences(
  expected: ReadonlyMap<string, Record<CommitmentStatus, number>>,
): Promise<Array<{ commissionKey: string; counts?: Record<CommitmentStatus, number> }>> {
  const out: Array<{ commissionKey: string; counts?: Record<CommitmentStatus, number> }> = [];
  const seen = new Set<string>();
  for (const stored of await CommitmentCountsModel.find({}).lean()) {
    seen.add(stored._id);
    const want = expected.get(stored._id);
    const has = (s: CommitmentStatus) => (stored.counts as Record<string, number> | undefined)?.[s] ?? 0;
    if (!want) {
      if (COMMITMENT_STATUSES.some((s) => has(s) !== 0)) out.push({ commissionKey: stored._id });
    } else if (COMMITMENT_STATUSES.some((s) => has(s) !== want[s])) out.push({ commissionKey: stored._id, counts: want });
  }
  for (const [commissionKey, counts] of expected) if (!seen.has(commissionKey)) out.push({ commissionKey, counts });
  return out;
}

/** How many rollup rows and counts per commission differ from a recount of the commitments (0: both are right). */
export async function checkTotals(): Promise<number> {
  const { wrong, extra, counts } = await differences();
  return wrong.length + extra.length + counts.length;
}

/**
 * Sets every rollup row and count per commission that differs from a recount of the commitments to the recount;
 * returns how many it fixed.
 */
export async function rebuildTotals(): Promise<number> {
  const { wrong, extra, counts } = await differences();
  const countWrites = counts.map(({ commissionKey, counts: want }) =>
    want
      ? { updateOne: { filter: { _id: commissionKey }, update: { $set: { counts: want } }, upsert: true } }
      : { deleteOne: { filter: { _id: commissionKey } } },
  );
  if (countWrites.length > 0) await CommitmentCountsModel.bulkWrite(countWrites, { ordered: false });
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
  return writes.length + countWrites.length;
}
