import { type Model, type QueryOptions, Schema, Types } from 'mongoose';
import { StaleRevision } from '../errors';

/**
 * The history every record kind keeps (commitments, partners, deliverables, meetings): one entry per write —
 * who, when, what kind of change, and which fields went from what to what. Written only by each kind's write
 * path, in the same update as the record and its `revision` (see ARCHITECTURE.md, "Write path").
 */
export interface HistoryChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface HistoryEntry {
  at: Date;
  /** Slack user id of whoever made the change (or a system name such as `seed`). */
  by: string;
  /** e.g. `created`, `edited`, `status`, `fulfilment`, `imported`, `contact added`. */
  action: string;
  /** Where the change came from when not from a form, e.g. `partners.xlsx` for `imported`. */
  source?: string;
  changes: HistoryChange[];
}

export const historyEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    action: { type: String, required: true },
    source: { type: String },
    changes: {
      type: [{ _id: false, field: { type: String, required: true }, from: Schema.Types.Mixed, to: Schema.Types.Mixed }],
      default: [],
    },
  },
  { _id: false },
);

/** A value as history stores it: ObjectIds as strings (also inside arrays), absent as null; dates stay dates. */
export function historyValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Types.ObjectId) return String(value);
  if (Array.isArray(value)) return value.map(historyValue);
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => k !== '_id' && v !== undefined)
        .map(([k, v]) => [k, historyValue(v)]),
    );
  }
  return value;
}

/** True when two values are the same as history sees them (a Date equals its instant). */
export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => JSON.stringify(historyValue(v));
  return norm(a) === norm(b);
}

/** The fields among `fields` that differ between `before` (absent: a new record) and `after`, as history changes. */
export function changedFields(
  before: Readonly<Record<string, unknown>> | undefined,
  after: Readonly<Record<string, unknown>>,
  fields: readonly string[],
): HistoryChange[] {
  return fields
    .filter((f) => !sameValue(before?.[f], after[f]))
    .map((field) => ({ field, from: historyValue(before?.[field]), to: historyValue(after[field]) }));
}

/**
 * `value` with every occurrence of each needle (in strings, also inside arrays and objects) replaced by
 * `replacement`: what an erasure (`/iec contact erase`) leaves of a history entry or an audit entry.
 */
export function scrubbed(value: unknown, needles: readonly string[], replacement: string): unknown {
  return scrubbedWith(value, (text) => needles.reduce((out, n) => (n ? out.split(n).join(replacement) : out), text));
}

/** `value` with `scrub` applied to every string in it (inside arrays and objects too; dates and ids as they are). */
export function scrubbedWith(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((v) => scrubbedWith(v, scrub));
  if (value instanceof Date || value instanceof Types.ObjectId) return value;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubbedWith(v, scrub)]));
  }
  return value;
}

/** One page of a record's stored history (oldest first as stored), newest first, for History views. */
export function historyPage(
  history: readonly HistoryEntry[] | undefined,
  page: { offset: number; limit: number },
): { entries: HistoryEntry[]; total: number; offset: number } {
  const all = [...(history ?? [])].reverse();
  const offset = Math.max(0, Math.floor(page.offset));
  return { entries: all.slice(offset, offset + Math.max(1, page.limit)), total: all.length, offset };
}

/** A revision-checked update of one record: the condition, the update document and the changes it records. */
export interface RevisionedUpdate {
  /** The record at the revision its caller read (no `revision` field yet: records from before revisions). */
  filter: Record<string, unknown>;
  /** `$set` / `$unset` of the fields that change, `revision` + 1 and the history entry. */
  update: { $set?: Record<string, unknown>; $unset?: Record<string, ''>; $inc: { revision: 1 }; $push: { history: HistoryEntry } };
  changes: HistoryChange[];
}

/**
 * The update every write path sends for a change of `before` (as its caller read it) to `set`: only the fields
 * that really change (of `fields`, by default those of `set`), a field set to undefined or null removed, plus
 * `also` (fields history does not follow). Undefined when nothing changes.
 */
export function revisionedUpdate(
  before: { _id: unknown; revision?: number | null },
  set: Record<string, unknown>,
  entry: Omit<HistoryEntry, 'changes'>,
  options: { fields?: readonly string[]; also?: Record<string, unknown> } = {},
): RevisionedUpdate | undefined {
  const current = before as Record<string, unknown>;
  const changes = changedFields(current, { ...current, ...set }, options.fields ?? Object.keys(set));
  if (changes.length === 0) return undefined;
  const $set: Record<string, unknown> = { ...options.also };
  const $unset: Record<string, ''> = {};
  for (const { field } of changes) {
    const to = set[field];
    if (to === undefined || to === null) $unset[field] = '';
    else $set[field] = to;
  }
  const revision = typeof before.revision === 'number' ? { revision: before.revision } : { revision: { $exists: false } };
  return {
    filter: { _id: before._id, ...revision },
    update: {
      ...(Object.keys($set).length ? { $set } : {}),
      ...(Object.keys($unset).length ? { $unset } : {}),
      $inc: { revision: 1 },
      $push: { history: { ...entry, changes } },
    },
    changes,
  };
}

/**
 * The refusal of a write that stated the revision it read when the record had moved on: who made its last change
 * and when, from its last history entry. `describe` names the record as people know it, from the `fields` read
 * (null when it is gone). Every write path's stale check (commitments, partners, deliverables, meetings) uses it.
 */
export async function staleRevision<T>(
  model: Model<T>,
  id: Types.ObjectId,
  describe: (doc: T | null) => string,
  options: { fields?: readonly string[]; query?: QueryOptions } = {},
): Promise<StaleRevision> {
  const projection = { ...Object.fromEntries((options.fields ?? []).map((f) => [f, 1])), history: { $slice: -1 } };
  const doc = await model.findById(id, projection, options.query).lean<(T & { history?: HistoryEntry[] | null }) | null>();
  const last = doc?.history?.[doc.history.length - 1];
  return new StaleRevision(describe(doc), last?.by, last?.at ?? undefined);
}

/** Who changed a record last, when and how: its last history entry. */
export interface LastChange {
  by: string;
  at: Date;
  action: string;
}

/**
 * The last history entry of each of these records, by id (records gone, or without history, are missing): what an
 * Undo's refusal names. One read per 1,000 ids; `query` e.g. a model's option to see archived records too.
 */
export async function lastChanges<T>(model: Model<T>, ids: readonly string[], query?: QueryOptions): Promise<Map<string, LastChange>> {
  const oids = [...new Set(ids)].filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new Types.ObjectId(id));
  const out = new Map<string, LastChange>();
  for (let i = 0; i < oids.length; i += 1000) {
    const docs = await model
      .find({ _id: { $in: oids.slice(i, i + 1000) } }, { _id: 1, history: { $slice: -1 } }, query)
      .lean<Array<{ _id: unknown; history?: Array<{ by: string; at: Date; action?: string; change?: string }> | null }>>();
    for (const d of docs) {
      const last = d.history?.at(-1);
      // programs keep a sentence (`change`) where the other kinds keep an action
      if (last) out.set(String(d._id), { by: last.by, at: last.at, action: last.action ?? last.change ?? 'changed' });
    }
  }
  return out;
}

/** History's action of a change that only scrubs an erased person out of a record's text. */
export const TEXT_ERASED = 'personal data erased';

/**
 * An erasure's scrub of a person out of one kind of record's free text (`/iec contact erase`), for the feature that
 * owns the records: each record whose `fields` or history may hold them (`filter`, a superset) has those fields
 * rewritten by `write` — the feature's own write path, given the scrubbed values of the fields that change (it
 * re-reads the record, so a record changed meanwhile is scrubbed as it is now) — and then its history scrubbed with
 * `scrub`: what the fields were, and the write's own entry's `from`. Returns the records changed. Safe to run again:
 * it finds what an erasure cut short left.
 */
export async function scrubRecordTexts<T>(options: {
  model: Model<T>;
  fields: readonly string[];
  text: { scrub(text: string): string; filter: Record<string, unknown> };
  write: (id: Types.ObjectId, scrub: (text: string) => string) => Promise<unknown>;
  query?: QueryOptions;
}): Promise<number> {
  const { model, fields, text } = options;
  const conditions = [...fields.map((f) => ({ [f]: text.filter })), { 'history.changes.from': text.filter }, { 'history.changes.to': text.filter }];
  const projection = Object.fromEntries(fields.map((f) => [f, 1]));
  const found = await model.find({ $or: conditions } as never, projection, options.query).lean<Array<Record<string, unknown> & { _id: Types.ObjectId }>>();
  let changed = 0;
  for (const doc of found) {
    const stale = fields.some((f) => typeof doc[f] === 'string' && text.scrub(doc[f] as string) !== doc[f]);
    if (stale) await options.write(doc._id, text.scrub);
    const stored = await model.findById(doc._id, { history: 1 }, options.query).lean<{ history?: unknown[] } | null>();
    const history = scrubbedWith(stored?.history ?? [], text.scrub);
    const scrubbedHistory = JSON.stringify(history) !== JSON.stringify(stored?.history ?? []);
    if (scrubbedHistory) await model.updateOne({ _id: doc._id } as never, { $set: { history } } as never);
    if (stale || scrubbedHistory) changed += 1;
  }
  return changed;
}
