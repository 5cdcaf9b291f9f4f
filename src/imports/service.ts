import { hostname } from 'node:os';
import { Types } from 'mongoose';
import type { Actor } from '../access';
import { requireImporter } from '../access';
import { recordAudit } from '../audit';
import { listCommissions } from '../commissions';
import { conflict, notFound } from '../errors';
import { locateHeader, type RowFault } from './cells';
import type { ImportKind } from './columns';
import { planCommitments } from './commitments';
import { ImportModel, type ImportStatus } from './model';
import { dropPlan, planBatches, planSample, storePlan } from './pages';
import { planPartners } from './partners';
import type { KindPlan, PlanContext } from './plan';
import { readFile } from './read';
import { planSchools } from './schools';
import { planPrograms } from './programs';
import { type StoredOp, WRITERS, type WriteMeta } from './writers';

/**
 * Imports, all or nothing. A preview reads the file, plans every write (ids of new records chosen now) and
 * stores the plan with the import; nothing else is written. Applying writes exactly that plan, in batches,
 * under a lease: if the process dies half-way, a resume finishes it (every write is safe to repeat) or a
 * rollback removes what it created and puts back what it changed. A record is one document written whole, so
 * no row is ever half there. Before the first write, the apply checks that nothing it will touch changed since
 * the preview; if something did, it writes nothing and says so.
 */

const PLANNERS: Record<ImportKind, (header: Parameters<typeof planPartners>[0], ctx: PlanContext) => Promise<KindPlan>> = {
  partners: planPartners,
  schools: planSchools,
  commitments: planCommitments,
  programs: planPrograms,
};

/** Rows kept with the import to show (the count is complete). */
const REJECTED_KEPT = 200;
/** Writes per batch (unless the kind's writer says otherwise); the lease is renewed after each. */
const BATCH = 250;
const LEASE_MS = 60_000;
/** A preview not confirmed within a day is dropped. */
const PREVIEW_TTL_MS = 24 * 3600_000;

export interface ImportCounts {
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportSummary {
  id: string;
  kind: ImportKind;
  filename: string;
  by: string;
  status: ImportStatus;
  counts: ImportCounts;
  rejected: RowFault[];
  unrecognised: string[];
  notices: string[];
  /** The first records it creates or changes (for the preview). */
  sample: Array<{ action: 'create' | 'update'; label: string; row: number }>;
  problem?: string;
  slack?: { viewId?: string; channelId?: string };
}

export type PreviewResult = { ok: true; summary: ImportSummary } | { ok: false; reason: string };

export interface PreviewInput {
  kind: ImportKind;
  filename: string;
  content: Buffer;
  actor: Actor;
  /** Who it is recorded as: the Slack user, or `shell:<login>`. */
  by: string;
  via: 'slack' | 'shell';
  now: Date;
  lookupEmail?: PlanContext['lookupEmail'];
  slack?: { viewId?: string; channelId?: string };
  /** The form submission it comes from (stored under a unique index): see `previewOfSubmission`. */
  submissionKey?: string;
}

/** The preview a form submission already made (Slack delivered it again, or it was submitted twice), if any. */
export async function previewOfSubmission(submissionKey: string): Promise<ImportSummary | undefined> {
  const earlier = await ImportModel.findOne({ submissionKey }).lean();
  return earlier ? summaryOf(earlier) : undefined;
}

/** Reads and plans the file; stores the plan with a new import (status `previewed`). A file fault writes nothing. */
export async function previewImport(input: PreviewInput): Promise<PreviewResult> {
  requireImporter(input.actor);
  const read = await readFile(input.content, input.filename);
  if (!read.ok) return read;
  const header = locateHeader(input.kind, read.table);
  if (!header.ok) return header;
  const commissions = await listCommissions();
  const plan = await PLANNERS[input.kind](header.value, {
    kind: input.kind,
    actor: input.actor,
    now: input.now,
    commissions,
    ...(input.lookupEmail ? { lookupEmail: input.lookupEmail } : {}),
  });
  const counts: ImportCounts = {
    new: plan.ops.filter((o) => o.action === 'create').length,
    updated: plan.ops.filter((o) => o.action === 'update').length,
    unchanged: plan.unchanged,
    rejected: plan.rejected.length,
  };
  const _id = new Types.ObjectId();
  // the plan first, the import last: an import only exists with its whole plan
  const ops: StoredOp[] = plan.ops.map((o) => ({
    action: o.action,
    targetId: o.id,
    row: o.row,
    label: o.label,
    ...(o.before !== undefined ? { before: o.before } : {}),
    after: o.after,
    ...(o.revision !== undefined ? { revision: o.revision } : {}),
  }));
  const pages = await storePlan(_id, ops);
  const doc = await ImportModel.create({
    _id,
    kind: input.kind,
    filename: input.filename,
    format: read.table.format,
    by: input.by,
    via: input.via,
    status: 'previewed',
    counts,
    rejected: plan.rejected.slice(0, REJECTED_KEPT),
    unrecognised: header.value.unrecognised,
    notices: [...read.table.notices, ...plan.notices],
    pages,
    ...(input.slack ? { slack: input.slack } : {}),
    ...(input.submissionKey ? { submissionKey: input.submissionKey } : {}),
    createdAt: input.now,
  });
  // the first writes are at hand: not read back
  return { ok: true, summary: await summaryOf(doc.toObject(), ops.slice(0, SAMPLE)) };
}

type ImportLean = Awaited<ReturnType<typeof loadImport>>;

async function loadImport(id: string) {
  if (!Types.ObjectId.isValid(id) || !/^[0-9a-f]{24}$/i.test(id)) throw notFound(`There is no import \`${id.slice(0, 30)}\`.`);
  const doc = await ImportModel.findById(id).lean();
  if (!doc) throw notFound(`There is no import \`${id}\`.`);
  return doc;
}

/** Writes the preview shows. */
const SAMPLE = 10;

/** `sample`: the import's first writes when the caller has them (else read). */
async function summaryOf(
  doc: NonNullable<Awaited<ReturnType<typeof ImportModel.findById>>> | Record<string, unknown> | ImportLean,
  known?: ReadonlyArray<{ action: string; label: string; row: number }>,
): Promise<ImportSummary> {
  const d = doc as ImportLean;
  const sample = known ?? (await planSample(d, SAMPLE));
  return {
    id: String(d._id),
    kind: d.kind as ImportKind,
    filename: d.filename,
    by: d.by,
    status: d.status as ImportStatus,
    counts: {
      new: d.counts?.new ?? 0,
      updated: d.counts?.updated ?? 0,
      unchanged: d.counts?.unchanged ?? 0,
      rejected: d.counts?.rejected ?? 0,
    },
    rejected: (d.rejected ?? []).map((r) => ({ row: r.row ?? 0, reason: r.reason ?? '' })),
    unrecognised: d.unrecognised ?? [],
    notices: d.notices ?? [],
    sample: sample.map((s) => ({ action: s.action as 'create' | 'update', label: s.label, row: s.row })),
    ...(d.problem ? { problem: d.problem } : {}),
    ...(d.slack?.viewId || d.slack?.channelId
      ? { slack: { ...(d.slack.viewId ? { viewId: d.slack.viewId } : {}), ...(d.slack.channelId ? { channelId: d.slack.channelId } : {}) } }
      : {}),
  };
}

export async function getImport(id: string): Promise<ImportSummary> {
  return summaryOf(await loadImport(id));
}

/** This process, as a lease holder. */
export function thisHolder(): string {
  return `${hostname()}:${process.pid}`;
}

/** Whether the holder of a lease is a process of this machine that no longer runs. */
function holderIsGone(holder: string | null | undefined): boolean {
  if (!holder) return true;
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Takes the lease of an import in one of `from`, moving it to `to`. Null when someone else holds it. */
async function claim(id: string, from: ImportStatus[], to: ImportStatus, holder: string, takeOver: boolean) {
  const doc = await loadImport(id);
  if (!from.includes(doc.status as ImportStatus)) return { doc, claimed: false as const };
  const working = doc.status === 'applying' || doc.status === 'rolling_back';
  const leaseFree = !working || !leaseIsAlive(doc.lease) || doc.lease?.holder === holder || (takeOver && holderIsGone(doc.lease?.holder));
  if (!leaseFree) return { doc, claimed: false as const };
  const claimed = await ImportModel.findOneAndUpdate(
    { _id: doc._id, status: doc.status, 'lease.holder': doc.lease?.holder ?? null },
    { $set: { status: to, lease: { holder, until: new Date(Date.now() + LEASE_MS) } } },
    { new: true },
  ).lean();
  return claimed ? { doc: claimed, claimed: true as const } : { doc, claimed: false as const };
}

async function renew(id: Types.ObjectId, holder: string): Promise<void> {
  const ok = await ImportModel.updateOne({ _id: id, 'lease.holder': holder }, { $set: { 'lease.until': new Date(Date.now() + LEASE_MS) } });
  if (ok.matchedCount === 0) throw conflict('Another process took this import over; this one stopped.');
}

/** The import's planned writes in order, `size` at a time (for readers that hold only its id, such as the undo's check). */
export async function* opBatches(importId: Types.ObjectId, size = BATCH): AsyncGenerator<StoredOp[]> {
  const owner = await ImportModel.findById(importId, { _id: 1, pages: 1 }).lean();
  if (owner) yield* planBatches(owner, size);
}

export interface ApplyOptions {
  now: Date;
  /** Who confirmed it (checked: the author, or an administrator). */
  actor: Actor;
  holder?: string;
  /** Called after each batch with how many writes are done. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

function requireOwnerOrAdmin(doc: ImportLean, actor: Actor): void {
  requireImporter(actor);
  if (doc.by !== actor.userId && !actor.isAdmin)
    throw conflict('Only the person who started this import (or an administrator) can confirm, resume or roll it back.');
}

/**
 * Applies a previewed import exactly as previewed. Throws `conflict` when it is not waiting for a confirmation
 * any more (applied, cancelled, being applied) and marks it `stale`, writing nothing, when a record it would
 * write changed since the preview.
 */
export async function applyImport(id: string, options: ApplyOptions): Promise<ImportSummary> {
  const holder = options.holder ?? thisHolder();
  requireOwnerOrAdmin(await loadImport(id), options.actor);
  const { doc, claimed } = await claim(id, ['previewed'], 'applying', holder, false);
  if (!claimed) throw conflict(alreadyMessage(doc.status as ImportStatus));
  const writer = WRITERS[doc.kind as ImportKind];
  // nothing it will write may have changed since the preview
  const problems: string[] = [];
  for await (const batch of planBatches(doc, writer.batch ?? BATCH)) {
    const updates = batch.filter((o) => o.action === 'update');
    const current = await writer.current(updates.map((o) => o.targetId));
    for (const o of updates) {
      if (!current.has(o.targetId)) problems.push(`row ${o.row}: ${o.label} was removed`);
      else if (!writer.same(current.get(o.targetId), o.before)) problems.push(`row ${o.row}: ${o.label} was changed`);
    }
    problems.push(...(await writer.clashes(batch.filter((o) => o.action === 'create'))));
    if (problems.length >= 5) break;
  }
  if (problems.length > 0) {
    const problem = `Since the preview, ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}. Nothing was imported: import the file again for a fresh preview.`;
    await ImportModel.updateOne(
      { _id: doc._id, 'lease.holder': holder },
      { $set: { status: 'stale', problem, finishedAt: options.now }, $unset: { lease: '' } },
    );
    await dropPlan(doc);
    return getImport(id);
  }
  return writeAll(doc, holder, options, false);
}

function alreadyMessage(status: ImportStatus): string {
  switch (status) {
    case 'applied':
      return 'This import was already applied.';
    case 'applying':
      return 'This import is being applied right now.';
    case 'cancelled':
      return 'This import was cancelled: nothing was written. Import the file again to start over.';
    case 'expired':
      return 'This preview expired: import the file again.';
    case 'stale':
      return 'Records changed since this preview, so nothing was imported: import the file again.';
    default:
      return `This import is ${status.replace('_', ' ')}.`;
  }
}

async function writeAll(doc: ImportLean, holder: string, options: ApplyOptions, resumed: boolean): Promise<ImportSummary> {
  const writer = WRITERS[doc.kind as ImportKind];
  const meta: WriteMeta = { by: doc.by, now: options.now, source: doc.filename };
  const total = (doc.counts?.new ?? 0) + (doc.counts?.updated ?? 0);
  let done = 0;
  for await (const batch of planBatches(doc, writer.batch ?? BATCH)) {
    await writer.create(
      batch.filter((o) => o.action === 'create'),
      meta,
    );
    const updates = batch.filter((o) => o.action === 'update');
    const missed = await writer.update(updates, meta);
    if (missed.length > 0 && !resumed) {
      // changed by someone else between the check and the write: recorded, the rest goes on
      await ImportModel.updateOne(
        { _id: doc._id },
        { $push: { notices: `${missed.length} record(s) changed by someone else during the import were left as they were.` } },
      );
    }
    done += batch.length;
    await renew(doc._id, holder);
    await options.onProgress?.(done, total);
  }
  // each batch settled its derived data as it was written; a resumed apply also repairs what the crash left behind
  const settled = !resumed;
  if (resumed) await writer.rebuild?.();
  const finished = await ImportModel.updateOne(
    { _id: doc._id, 'lease.holder': holder },
    { $set: { status: 'applied', appliedAt: options.now, finishedAt: options.now, settled }, $unset: { lease: '' } },
  );
  if (finished.modifiedCount > 0) await auditImport(doc, 'import.apply', doc.by, options.now);
  return getImport(String(doc._id));
}

/** The audit trail's entry for an applied or rolled-back import: its kind, file and how many records it created and changed. */
async function auditImport(doc: ImportLean, action: 'import.apply' | 'import.rollback', by: string, at: Date): Promise<void> {
  await recordAudit({
    at,
    by,
    action,
    subject: `${doc.kind} from ${doc.filename}`,
    changes: [
      { field: 'new', from: null, to: doc.counts?.new ?? 0 },
      { field: 'updated', from: null, to: doc.counts?.updated ?? 0 },
    ],
  });
}

/** Finishes an import that stopped half-way (its process died). Refused while another live process holds it. */
export async function resumeImport(id: string, options: ApplyOptions): Promise<ImportSummary> {
  const holder = options.holder ?? thisHolder();
  requireOwnerOrAdmin(await loadImport(id), options.actor);
  const { doc, claimed } = await claim(id, ['applying'], 'applying', holder, true);
  if (!claimed) {
    if (doc.status === 'applying') throw conflict(`Another process (${doc.lease?.holder ?? 'unknown'}) is applying this import right now.`);
    if (doc.status === 'rolling_back') throw conflict('This import is being rolled back: run --rollback to finish that.');
    throw conflict(alreadyMessage(doc.status as ImportStatus));
  }
  return writeAll(doc, holder, options, true);
}

/** A rolled-back import, and what it left as it is (`row N: label`): records changed since, created ones referred to. */
export type RolledBack = ImportSummary & { leftAsIs: string[] };

/**
 * Undoes an import (applied, or stopped half-way): removes what it created and puts back what it changed —
 * except records changed again since, which are left as they are, counted in the summary's notices and named in
 * `leftAsIs`. The one way an import is undone: `npm run import -- --rollback`, the recovery, and Undo in Slack
 * (src/imports/undo.ts).
 */
export async function rollbackImport(id: string, options: ApplyOptions): Promise<RolledBack> {
  const holder = options.holder ?? thisHolder();
  requireOwnerOrAdmin(await loadImport(id), options.actor);
  const { doc, claimed } = await claim(id, ['applying', 'applied', 'rolling_back'], 'rolling_back', holder, true);
  if (!claimed) {
    if (doc.status === 'applying' || doc.status === 'rolling_back')
      throw conflict(`Another process (${doc.lease?.holder ?? 'unknown'}) is working on this import right now.`);
    throw conflict(
      doc.status === 'previewed' ? 'This import was not applied: cancel it instead.' : alreadyMessage(doc.status as ImportStatus),
    );
  }
  const writer = WRITERS[doc.kind as ImportKind];
  const meta: WriteMeta = { by: options.actor.userId, now: options.now, source: doc.filename };
  let left = 0;
  let referenced = 0;
  const leftAsIs: string[] = [];
  for await (const batch of planBatches(doc, writer.batch ?? BATCH)) {
    // a record it created is removed only while it is as the import left it: one changed since stays, with its change
    const creates = batch.filter((o) => o.action === 'create');
    const created = await writer.current(creates.map((o) => o.targetId));
    const changedCreates = creates.filter((o) => created.has(o.targetId) && !writer.same(created.get(o.targetId), o.after));
    const kept = await writer.remove(
      creates.filter((o) => created.has(o.targetId) && !changedCreates.includes(o)).map((o) => o.targetId),
      meta,
    );
    const changed = [
      ...changedCreates.map((o) => o.targetId),
      ...(await writer.restore(
        batch.filter((o) => o.action === 'update'),
        meta,
      )),
    ];
    referenced += kept.length;
    left += changed.length;
    const named = new Map(batch.map((o) => [o.targetId, `row ${o.row}: ${o.label}`]));
    leftAsIs.push(...[...kept, ...changed].map((t) => named.get(t) ?? t));
    await renew(doc._id, holder);
  }
  await writer.rebuild?.();
  const finished = await ImportModel.updateOne(
    { _id: doc._id, 'lease.holder': holder },
    {
      $set: { status: 'rolled_back', finishedAt: options.now },
      $unset: { lease: '' },
      ...(left + referenced > 0 ? { $push: { notices: { $each: rollbackNotices(left, referenced) } } } : {}),
    },
  );
  if (finished.modifiedCount > 0) await auditImport(doc, 'import.rollback', options.actor.userId, options.now);
  return { ...(await getImport(id)), leftAsIs };
}

/** What a rollback left as it was, and why. */
function rollbackNotices(changed: number, referenced: number): string[] {
  return [
    ...(changed > 0 ? [`${changed} record(s) changed since the import were left as they are.`] : []),
    ...(referenced > 0
      ? [`${referenced} record(s) the import created were kept: records added since (commitments, members, programs) refer to them.`]
      : []),
  ];
}

/** Drops a previewed import: nothing was written, nothing will be. */
export async function cancelImport(id: string, actor: Actor, now: Date): Promise<ImportSummary> {
  const doc = await loadImport(id);
  requireOwnerOrAdmin(doc, actor);
  const done = await ImportModel.updateOne({ _id: doc._id, status: 'previewed' }, { $set: { status: 'cancelled', finishedAt: now } });
  if (done.modifiedCount === 0 && doc.status !== 'cancelled') throw conflict(alreadyMessage(doc.status as ImportStatus));
  await dropPlan(doc);
  return getImport(id);
}

export interface Recovered {
  summary: ImportSummary;
  outcome: 'finished' | 'rolled back' | 'failed';
  problem?: string;
}

/** An import whose process stopped half-way: nobody holds its lease any more. */
export interface StuckImport {
  id: string;
  by: string;
  status: 'applying' | 'rolling_back';
  /** When its last lease ended (a stall is told once per lease). */
  leaseUntil: Date;
}

/** Whether a lease still holds. Leases are about processes, so they use the wall clock, not business time. */
function leaseIsAlive(lease: { holder?: string | null; until?: Date | null } | null | undefined): boolean {
  return Boolean(lease?.until && lease.until.getTime() >= Date.now() && !holderIsGone(lease.holder));
}

/**
 * Imports being applied or rolled back that nobody works on any more: their lease ended, or its holder is a
 * process of this machine that is gone (at most 20, oldest lease first).
 */
export async function stuckImports(): Promise<StuckImport[]> {
  const working = await ImportModel.find({ status: { $in: ['applying', 'rolling_back'] } }, { _id: 1, by: 1, status: 1, lease: 1 })
    .sort({ 'lease.until': 1 })
    .limit(20)
    .lean();
  return working
    .filter((s) => !leaseIsAlive(s.lease))
    .map((s) => ({
      id: String(s._id),
      by: s.by,
      status: s.status as StuckImport['status'],
      leaseUntil: s.lease?.until ?? new Date(0),
    }));
}

/**
 * Finishes an import whose process died half-way, or rolls it back when finishing fails. Null when it is not
 * stuck (any more): finished, rolled back, or held by a live process.
 */
export async function recoverImport(id: string, now: Date, holder = thisHolder()): Promise<Recovered | null> {
  const s = await loadImport(id);
  if ((s.status !== 'applying' && s.status !== 'rolling_back') || leaseIsAlive(s.lease)) return null;
  const actor: Actor = { userId: s.by, isAdmin: true, leads: [], partnerIds: [] };
  try {
    const summary =
      s.status === 'applying' ? await resumeImport(id, { now, actor, holder }) : await rollbackImport(id, { now, actor, holder });
    return { summary, outcome: s.status === 'applying' ? 'finished' : 'rolled back' };
  } catch (err) {
    try {
      return { summary: await rollbackImport(id, { now, actor, holder }), outcome: 'rolled back', problem: (err as Error).message };
    } catch (again) {
      return { summary: await getImport(id), outcome: 'failed', problem: (again as Error).message };
    }
  }
}

/**
 * Imports whose process died half-way (lease expired, or its process on this machine is gone): each is
 * finished, or rolled back when finishing fails; `tell` informs its author. Expired previews are dropped.
 * The command line runs this before each import; in the app, the scheduler's import-recovery source does
 * the same for one import at a time, exactly once across replicas.
 */
export async function recoverImports(now: Date, tell: (r: Recovered) => Promise<void>, holder = thisHolder()): Promise<Recovered[]> {
  const stuck = await ImportModel.find({ status: { $in: ['applying', 'rolling_back'] } }, { _id: 1 })
    .limit(20)
    .lean();
  const out: Recovered[] = [];
  for (const s of stuck) {
    const result = await recoverImport(String(s._id), now, holder);
    if (!result) continue;
    out.push(result);
    await tell(result).catch(() => undefined);
  }
  const expired = await ImportModel.find({ status: 'previewed', createdAt: { $lt: new Date(now.getTime() - PREVIEW_TTL_MS) } }, { _id: 1, pages: 1 })
    .limit(100)
    .lean();
  for (const e of expired) {
    await ImportModel.updateOne({ _id: e._id, status: 'previewed' }, { $set: { status: 'expired', finishedAt: now } });
    await dropPlan(e);
  }
  return out;
}

/** `N new, N updated, N unchanged, N rejected`. */
export function countsLine(c: ImportCounts): string {
  return `${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} rejected`;
}
