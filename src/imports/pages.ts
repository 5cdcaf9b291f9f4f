import type { Types } from 'mongoose';
import { ImportOpModel, ImportPageModel, PAGE_OPS, pageId } from './model';
import type { StoredOp } from './writers';

/**
 * An import's plan as stored: its writes in order, PAGE_OPS to a page (model.ts), each page found by `_id`.
 * Imports previewed before pages (no `pages` on the import) keep one ImportOp per write; they are read, applied,
 * rolled back and dropped the same way.
 */

interface PlanOwner {
  _id: Types.ObjectId;
  pages?: number | null;
}

/** Pages written per insert call (about 2,000 writes). */
const PAGES_PER_CALL = 10;

/** Stores the plan of import `importId` (before the import itself exists); returns how many pages it took. */
export async function storePlan(importId: Types.ObjectId, ops: readonly StoredOp[]): Promise<number> {
  const pages = [];
  for (let page = 0; page * PAGE_OPS < ops.length; page += 1)
    pages.push({ _id: pageId(importId, page), importId, page, ops: ops.slice(page * PAGE_OPS, (page + 1) * PAGE_OPS) });
  for (let i = 0; i < pages.length; i += PAGES_PER_CALL)
    await ImportPageModel.insertMany(pages.slice(i, i + PAGES_PER_CALL), { ordered: false });
  return pages.length;
}

async function* storedOps(owner: PlanOwner): AsyncGenerator<StoredOp> {
  if (typeof owner.pages === 'number') {
    for (let page = 0; page < owner.pages; page += 1) {
      const found = await ImportPageModel.findById(pageId(owner._id, page), { ops: 1 }).lean();
      if (!found) throw new Error(`import ${String(owner._id)}: page ${page} of its plan is missing`);
      yield* found.ops as StoredOp[];
    }
    return;
  }
  for await (const op of ImportOpModel.find({ importId: owner._id }).sort({ seq: 1 }).lean().cursor({ batchSize: 1000 }))
    yield op as unknown as StoredOp;
}

/** The plan's writes in order, `size` at a time. */
export async function* planBatches(owner: PlanOwner, size: number): AsyncGenerator<StoredOp[]> {
  let batch: StoredOp[] = [];
  for await (const op of storedOps(owner)) {
    batch.push(op);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The plan's first `n` writes. */
export async function planSample(owner: PlanOwner, n: number): Promise<StoredOp[]> {
  if (typeof owner.pages === 'number') {
    if (owner.pages === 0) return [];
    const first = await ImportPageModel.findById(pageId(owner._id, 0), { ops: 1 }).lean();
    return ((first?.ops ?? []) as StoredOp[]).slice(0, n);
  }
  return (await ImportOpModel.find({ importId: owner._id }).sort({ seq: 1 }).limit(n).lean()) as unknown as StoredOp[];
}

/** Drops the plan (an import cancelled, expired or stale: nothing of it will be written). */
export async function dropPlan(owner: PlanOwner): Promise<void> {
  if (typeof owner.pages === 'number') {
    const ids = Array.from({ length: owner.pages }, (_, page) => pageId(owner._id, page));
    for (let i = 0; i < ids.length; i += 1000) await ImportPageModel.deleteMany({ _id: { $in: ids.slice(i, i + 1000) } });
    return;
  }
  await ImportOpModel.deleteMany({ importId: owner._id });
}
