import {
  commitmentChanges,
  commitmentsForImport,
  insertCommitments,
  lastCommitmentChanges,
  rebuildCommitmentIndexes,
  referencedByCommitments,
  removeCommitments,
  setCommitments,
  type CommitmentState,
} from '../commitments';
import {
  insertPartners,
  lastPartnerChanges,
  partnersByIds,
  partnersByNameKeys,
  removePartners,
  setPartners,
  type PartnerState,
} from '../partners';
import { referencedByMembers } from '../members';
import {
  insertPrograms,
  lastProgramChanges,
  programState,
  programsForImport,
  removePrograms,
  schoolsWithPrograms,
  setPrograms,
  type ProgramState,
} from '../programs';
import { allSchools, insertSchools, lastSchoolChanges, removeSchools, setSchools, type SchoolState } from '../schools';
import type { LastChange } from '../db/history';
import type { ImportKind } from './columns';
import { partnerStateOnly } from './partners';
import { sameState } from './plan';
import { normalizeName } from '../domain/names';

/** A planned write as stored. */
export interface StoredOp {
  action: 'create' | 'update';
  targetId: string;
  row: number;
  label: string;
  before?: unknown;
  after: unknown;
  revision?: number;
}

export interface WriteMeta {
  by: string;
  now: Date;
  source: string;
}

/**
 * How an import writes each kind of record, through the owning feature's bulk functions: what is stored now
 * (to check nothing changed since the preview), create, update, and undo. Every write is safe to repeat.
 */
export interface KindWriter {
  /** The current state of these records, in the shape of the plan (absent ones missing). */
  current(ids: string[]): Promise<Map<string, unknown>>;
  same(a: unknown, b: unknown): boolean;
  /** Why these new records could not be created now (a name or code taken meanwhile), if so. */
  clashes(creates: StoredOp[]): Promise<string[]>;
  create(ops: StoredOp[], meta: WriteMeta): Promise<void>;
  /** Returns the ids it could not update (changed meanwhile). */
  update(ops: StoredOp[], meta: WriteMeta): Promise<string[]>;
  /**
   * Removes these records (the ones the import created), except those another record added since refers to (a
   * commitment recorded for an imported partner): it returns the ids it left in place.
   */
  remove(ids: string[], meta: WriteMeta): Promise<string[]>;
  /** Of these records (the ones the import created), those another record added since refers to: `remove` keeps them. */
  referenced(ids: string[]): Promise<Set<string>>;
  /** Who changed each of these records last, and how (what an Undo's refusal names). */
  lastChanges(ids: string[]): Promise<Map<string, LastChange>>;
  /** Puts `before` back for records still as the import left them; returns the ids left alone. */
  restore(ops: StoredOp[], meta: WriteMeta): Promise<string[]>;
  /**
   * Derived data after an interrupted apply or a rollback (commitments: their write path settles it per batch,
   * and this repairs what a crash between a batch and its derived data left behind).
   */
  rebuild?(): Promise<unknown>;
  /** Writes per batch when not the service's default: each batch settles its derived data once. */
  batch?: number;
}

const schoolState = (s: { name: string; code?: string; programs: string[] }): SchoolState => ({
  name: s.name,
  ...(s.code ? { code: s.code } : {}),
  programs: s.programs,
});

/** The ids any of these sets holds. */
function anyOf(ids: string[], sets: ReadonlyArray<Set<string>>): Set<string> {
  return new Set(ids.filter((id) => sets.some((r) => r.has(id))));
}

/** Removes the ids no other record refers to; returns the ones left in place. */
async function removeUnreferenced(writer: KindWriter, ids: string[], remove: (ids: string[]) => Promise<void>): Promise<string[]> {
  const kept = await writer.referenced(ids);
  await remove(ids.filter((id) => !kept.has(id)));
  return [...kept];
}

const partners: KindWriter = {
  async current(ids) {
    return new Map((await partnersByIds(ids)).map((p) => [p.id, partnerStateOnly(p)]));
  },
  same: (a, b) => sameState(partnerStateOnly(a as PartnerState), partnerStateOnly(b as PartnerState)),
  async clashes(creates) {
    const ids = new Set(creates.map((c) => c.targetId));
    const taken = await partnersByNameKeys(creates.map((c) => normalizeName((c.after as PartnerState).name)));
    return taken.filter((p) => !ids.has(p.id)).map((p) => `a partner called ${p.name} was added meanwhile`);
  },
  create: (ops, meta) =>
    insertPartners(
      ops.map((o) => ({ id: o.targetId, ...(o.after as PartnerState) })),
      { ...meta, action: 'imported' },
    ),
  update: (ops, meta) =>
    setPartners(
      ops.map((o) => ({ id: o.targetId, ...(o.after as PartnerState) })),
      { ...meta, action: 'imported' },
    ),
  async referenced(ids) {
    return anyOf(ids, await Promise.all([referencedByCommitments('partner', ids), referencedByMembers('partner', ids)]));
  },
  lastChanges: (ids) => lastPartnerChanges(ids),
  remove: (ids, meta) =>
    removeUnreferenced(partners, ids, (unreferenced) => removePartners(unreferenced, { ...meta, action: 'import rolled back' })),
  async restore(ops, meta) {
    const now = await partners.current(ops.map((o) => o.targetId));
    const back = ops.filter((o) => now.has(o.targetId) && partners.same(now.get(o.targetId), o.after));
    const stale = await setPartners(
      back.map((o) => ({ id: o.targetId, ...(o.before as PartnerState) })),
      { ...meta, action: 'import rolled back' },
    );
    return [...ops.filter((o) => !back.includes(o)).map((o) => o.targetId), ...stale];
  },
};

const schools: KindWriter = {
  async current(ids) {
    const wanted = new Set(ids);
    return new Map((await allSchools()).filter((s) => wanted.has(s.id)).map((s) => [s.id, schoolState(s)]));
  },
  same: (a, b) => sameState(schoolState(a as SchoolState), schoolState(b as SchoolState)),
  async clashes(creates) {
    const ids = new Set(creates.map((c) => c.targetId));
    const stored = (await allSchools()).filter((s) => !ids.has(s.id));
    const names = new Set(stored.map((s) => s.nameKey));
    const codes = new Set(stored.map((s) => s.code).filter(Boolean));
    return creates
      .map((c) => c.after as SchoolState)
      .filter((s) => names.has(normalizeName(s.name)) || (s.code && codes.has(s.code)))
      .map((s) => `a school ${s.name} (${s.code ?? 'no code'}) was added meanwhile`);
  },
  create: (ops, meta) =>
    insertSchools(
      ops.map((o) => ({ id: o.targetId, ...(o.after as SchoolState) })),
      meta,
    ),
  update: (ops, meta) =>
    setSchools(
      ops.map((o) => ({ id: o.targetId, ...(o.after as SchoolState) })),
      meta,
    ),
  async referenced(ids) {
    return anyOf(
      ids,
      await Promise.all([referencedByCommitments('school', ids), referencedByMembers('school', ids), schoolsWithPrograms(ids)]),
    );
  },
  lastChanges: (ids) => lastSchoolChanges(ids),
  remove: (ids, meta) => removeUnreferenced(schools, ids, (unreferenced) => removeSchools(unreferenced, meta)),
  async restore(ops, meta) {
    const now = await schools.current(ops.map((o) => o.targetId));
    const back = ops.filter((o) => now.has(o.targetId) && schools.same(now.get(o.targetId), o.after));
    const stale = await setSchools(
      back.map((o) => ({ id: o.targetId, ...(o.before as SchoolState) })),
      { ...meta, action: 'import rolled back' },
    );
    return [...ops.filter((o) => !back.includes(o)).map((o) => o.targetId), ...stale];
  },
};

const commitments: KindWriter = {
  async current(ids) {
    return new Map((await commitmentsForImport({ ids, partnerIds: [] })).map(({ id, revision: _r, ...state }) => [id, state]));
  },
  same: (a, b) => commitmentChanges(a as CommitmentState, b as CommitmentState).length === 0,
  clashes: async () => [],
  create: (ops, meta) =>
    insertCommitments(
      ops.map((o) => ({ id: o.targetId, ...(o.after as CommitmentState) })),
      meta,
    ),
  update: (ops, meta) =>
    setCommitments(
      ops.map((o) => ({
        id: o.targetId,
        revision: o.revision ?? 0,
        before: o.before as CommitmentState,
        after: o.after as CommitmentState,
      })),
      meta,
    ),
  referenced: async () => new Set<string>(),
  lastChanges: (ids) => lastCommitmentChanges(ids),
  async remove(ids, meta) {
    await removeCommitments(ids, meta);
    return [];
  },
  async restore(ops, meta) {
    const stored = new Map((await commitmentsForImport({ ids: ops.map((o) => o.targetId), partnerIds: [] })).map((c) => [c.id, c]));
    const back = ops.filter((o) => {
      const c = stored.get(o.targetId);
      return c && commitments.same(c, o.after);
    });
    await setCommitments(
      back.map((o) => ({
        id: o.targetId,
        revision: stored.get(o.targetId)?.revision ?? 0,
        before: o.after as CommitmentState,
        after: o.before as CommitmentState,
      })),
      { ...meta, action: 'import rolled back' },
    );
    return ops.filter((o) => !back.includes(o)).map((o) => o.targetId);
  },
  rebuild: () => rebuildCommitmentIndexes(),
  // plain documents and derived data settled once per batch: 2,000 at a time cost a few round trips each
  batch: 2_000,
};

const programs: KindWriter = {
  async current(ids) {
    return new Map((await programsForImport(ids)).map((p) => [p.id, programState(p)]));
  },
  same: (a, b) => sameState(programState(a as ProgramState), programState(b as ProgramState)),
  async clashes(creates) {
    const ids = new Set(creates.map((c) => c.targetId));
    const stored = (await programsForImport()).filter((p) => !ids.has(p.id));
    const keys = new Set(stored.map((p) => `${p.schoolId}|${p.nameKey}`));
    return creates
      .map((c) => c.after as ProgramState)
      .filter((p) => keys.has(`${p.schoolId}|${normalizeName(p.name)}`))
      .map((p) => `a program ${p.name} at ${p.schoolName} was added meanwhile`);
  },
  create: (ops, meta) =>
    insertPrograms(
      ops.map((o) => ({ id: o.targetId, ...(o.after as ProgramState) })),
      meta.by,
      meta.now,
      meta.source,
    ),
  async update(ops, meta) {
    await setPrograms(
      ops.map((o) => ({ id: o.targetId, ...(o.after as ProgramState) })),
      meta.by,
      meta.now,
      `imported from ${meta.source}`,
    );
    return [];
  },
  referenced: async (ids) => referencedByCommitments('program', ids),
  lastChanges: (ids) => lastProgramChanges(ids),
  remove: (ids) => removeUnreferenced(programs, ids, removePrograms),
  async restore(ops, meta) {
    const now = await programs.current(ops.map((o) => o.targetId));
    const back = ops.filter((o) => now.has(o.targetId) && programs.same(now.get(o.targetId), o.after));
    await setPrograms(
      back.map((o) => ({ id: o.targetId, ...(o.before as ProgramState) })),
      meta.by,
      meta.now,
      'import rolled back',
    );
    return ops.filter((o) => !back.includes(o)).map((o) => o.targetId);
  },
};

export const WRITERS: Record<ImportKind, KindWriter> = { partners, schools, commitments, programs };
