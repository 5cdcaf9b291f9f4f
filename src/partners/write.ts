import { Types } from 'mongoose';
import { z } from 'zod';
import { recordContactLinks } from '../access';
import {
  changedFields,
  lastChanges,
  type LastChange,
  revisionedUpdate,
  sameValue,
  staleRevision,
  type HistoryChange,
  type HistoryEntry,
} from '../db/history';
import { nameWordKeys, normalizeName } from '../domain/names';
import { notFound, type StaleRevision } from '../errors';
import { changeEvent, events, type PartnerSubject, type RecordChange } from '../events';
import { escapeMrkdwn } from '../slack/text';
import { PARTNER_KINDS, PARTNER_STATUSES, PartnerModel, type Partner, type PartnerContact } from './model';

/**
 * THE write path of partners: every creation, change, archiving, contact change and removal of a partner — the
 * partner forms, "add a contact", archive and restore, import batches and their rollback, the demo seed, the
 * sandbox's personas — goes through `writePartners` (one record: `writePartner`). It
 *  1. writes each record with one history entry ({at, by, action, source, changes: [{field, from, to}]}) and
 *     `revision` + 1, each update conditional on the revision its caller read;
 *  2. then brings the derived data up to date once for the batch: the people index of the contacts in Slack
 *     (which partners each is a contact of). If that fails the records are still saved, `derivedSaved` is false
 *     and `derived.failed` is emitted; the reconcile (`npm run job -- reconcile`) rebuilds the people index;
 *  3. emits ONE `partner.changed` event for the batch.
 * `lastActivityAt` moves forward with every write ($max, see activity.ts); the name index follows the writes of
 * names and archiving by itself (model.ts, `partnerNameWrites`).
 */

export type StoredPartner = Omit<Partner, 'history' | 'contacts'> & {
  _id: Types.ObjectId;
  contacts: PartnerContact[];
  history?: HistoryEntry[];
  revision?: number;
  createdAt?: Date;
  updatedAt?: Date;
};

/** The fields history compares. */
export const PARTNER_HISTORY_FIELDS = [
  'name',
  'commissions',
  'status',
  'kind',
  'ownerId',
  'notes',
  'contacts',
  'archivedAt',
  'archivedBy',
  'mergedInto',
  'mergedFrom',
] as const;
export type PartnerHistoryField = (typeof PARTNER_HISTORY_FIELDS)[number];
export type PartnerFields = Partial<Record<PartnerHistoryField, unknown>>;

export type PartnerWrite =
  /** A new partner: its stored fields (`_id` when the caller chose it, e.g. an import that may resume). */
  | { op: 'create'; doc: PartnerFields & { name: string; _id?: Types.ObjectId; createdBy?: string; createdFromViewId?: string } }
  /** `before` as the caller read it (its `revision` is the condition), `set` the fields to give it (undefined/null: removed). */
  | { op: 'update'; before: StoredPartner; set: PartnerFields }
  /** Gone for good (an import rolled back; a partner deleted with nothing referring to it). */
  | { op: 'remove'; id: Types.ObjectId };

export interface PartnerWriteMeta {
  /** Slack user id of whoever made the change (or a system name such as `iec-bot-seed`). */
  by: string;
  now: Date;
  /** History's action: `created`, `edited`, `contact added`, `archived`, `restored`, `imported`… */
  action: string;
  /** Where the change came from when not from a form (an import's file). */
  source?: string;
  /** False when the change is not activity with the partner (archiving): `lastActivityAt` stays. */
  noteActivity?: boolean;
}

export interface PartnerWriteOutcome {
  /** The records as written (created and updated), without their history. */
  written: StoredPartner[];
  /** Updates refused because the record was not at the revision read any more (or is gone). */
  stale: StoredPartner[];
  /** Creates refused because their `_id` or name was taken (a resumed import, a redelivered form, a name clash). */
  existing: Array<PartnerWrite & { op: 'create' }>;
  /** False when the records were saved but the people index could not be updated (the reconcile repairs it). */
  derivedSaved: boolean;
}

/** How many updates run at once. */
const PARALLEL_UPDATES = 50;
/** How often `writePartner` recomputes a change that lost a race (no expected revision). */
const RACE_RETRIES = 5;

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** The changes an update would record (only fields that really change). */
export function partnerUpdateChanges(before: StoredPartner, set: PartnerFields): HistoryChange[] {
  return changedFields(before as Record<string, unknown>, { ...(before as Record<string, unknown>), ...set }, historyFieldsOf(set));
}

/** The fields of `set` history follows. */
function historyFieldsOf(set: PartnerFields): string[] {
  return Object.keys(set).filter((f) => (PARTNER_HISTORY_FIELDS as readonly string[]).includes(f));
}

type ContactLike = { name: string; title?: string | null; email?: string | null; phone?: string | null; slackUserId?: string | null };

/** Contacts as stored (trimmed, email in lower case, fields in one order): so history compares like with like. */
function storedContacts(contacts: unknown): unknown {
  if (!Array.isArray(contacts)) return contacts;
  return (contacts as ContactLike[]).map((c) => {
    const text = (v: string | null | undefined) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const email = text(c.email)?.toLowerCase();
    return {
      name: c.name.trim(),
      ...(text(c.title) ? { title: text(c.title) } : {}),
      ...(email ? { email } : {}),
      ...(text(c.phone) ? { phone: text(c.phone) } : {}),
      ...(c.slackUserId ? { slackUserId: c.slackUserId } : {}),
    };
  });
}

function withStoredContacts<T extends PartnerFields>(fields: T): T {
  return 'contacts' in fields ? { ...fields, contacts: storedContacts(fields.contacts) } : fields;
}

function entry(meta: PartnerWriteMeta, changes: HistoryChange[]) {
  return { at: meta.now, by: meta.by, action: meta.action, ...(meta.source ? { source: meta.source } : {}), changes };
}

const text = z.string().min(1);

/**
 * A new partner as stored, checked before it is written: the partner schema's own rules (model.ts: required fields,
 * enums, the contact sub-schema; test/partners/write.test.ts keeps the two in step), so a batch of thousands (an
 * import) is written as plain documents instead of one mongoose document each.
 */
export const newPartnerSchema = z.strictObject({
  _id: z.instanceof(Types.ObjectId),
  name: text,
  nameKey: text,
  nameWords: z.array(z.string()),
  commissions: z.array(z.string()),
  contacts: z.array(
    z.strictObject({
      name: text,
      title: z.string().optional(),
      email: z.string().optional(),
      phone: z.string().optional(),
      slackUserId: z.string().optional(),
    }),
  ),
  ownerId: z.string().optional(),
  status: z.enum(PARTNER_STATUSES),
  kind: z.enum(PARTNER_KINDS),
  notes: z.string(),
  createdBy: z.string().optional(),
  createdFromViewId: z.string().optional(),
  lastActivityAt: z.date(),
  archivedAt: z.date().optional(),
  archivedBy: z.string().optional(),
  mergedInto: z.string().optional(),
  mergedFrom: z.array(z.string()).optional(),
  history: z.array(z.object({ at: z.date(), by: text, action: text, source: z.string().optional(), changes: z.array(z.unknown()) })),
  revision: z.literal(0),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/**
 * The whole stored document of a create: the schema's defaults, the name's keys (the schema's validate hook sets
 * them for mongoose documents), revision 0 and its first history entry, checked. Its timestamps are the wall clock,
 * as mongoose's are on every other partner write: the replicas' name indexes read changes by `updatedAt`.
 */
function newDocument(doc: (PartnerWrite & { op: 'create' })['doc'], meta: PartnerWriteMeta): StoredPartner {
  // an absent field is left out (the driver would store undefined as null)
  const given = Object.fromEntries(Object.entries(withStoredContacts(doc)).filter(([, v]) => v !== undefined && v !== null));
  const name = String(given.name ?? '').trim();
  const written = new Date();
  const stored = {
    _id: doc._id ?? new Types.ObjectId(),
    commissions: [],
    contacts: [],
    status: 'prospect',
    kind: 'industry',
    notes: '',
    ...given,
    name,
    nameKey: normalizeName(name),
    nameWords: nameWordKeys(name),
    lastActivityAt: meta.now,
    history: [entry(meta, changedFields(undefined, withStoredContacts(doc) as Record<string, unknown>, PARTNER_HISTORY_FIELDS))],
    revision: 0,
    createdAt: written,
    updatedAt: written,
  };
  const checked = newPartnerSchema.safeParse(stored);
  if (!checked.success) throw new Error(`A partner could not be written: ${z.prettifyError(checked.error)}`);
  return stored as unknown as StoredPartner;
}

async function create(writes: ReadonlyArray<PartnerWrite & { op: 'create' }>, meta: PartnerWriteMeta, out: PartnerWriteOutcome) {
  const docs = writes.map(({ doc }) => newDocument(doc, meta));
  let inserted: StoredPartner[];
  try {
    // plain documents, checked above against the schema (newPartnerSchema): mongoose need not build a document each
    inserted = (await PartnerModel.insertMany(docs, { ordered: false, lean: true })) as unknown as StoredPartner[];
  } catch (err) {
    const writeErrors = (err as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
    const onlyDuplicates = writeErrors ? writeErrors.every((e) => (e.code ?? e.err?.code) === 11000) : isDuplicateKey(err);
    if (!onlyDuplicates) throw err;
    inserted = ((err as { insertedDocs?: StoredPartner[] }).insertedDocs ?? []) as StoredPartner[];
  }
  // the outcome carries the records without their history
  inserted = inserted.map(({ history: _history, ...p }) => p as StoredPartner);
  const insertedIds = new Set(inserted.map((p) => String(p._id)));
  out.existing.push(...writes.filter((_, i) => !insertedIds.has(String(docs[i]?._id))));
  out.written.push(...inserted);
  return inserted.map((after) => ({ after }));
}

async function update(
  write: PartnerWrite & { op: 'update' },
  meta: PartnerWriteMeta,
  out: PartnerWriteOutcome,
): Promise<RecordChange<StoredPartner> | undefined> {
  const before = { ...write.before, contacts: storedContacts(write.before.contacts) } as StoredPartner;
  const set = withStoredContacts(write.set);
  const change = revisionedUpdate(before, set, entry(meta, []), { fields: historyFieldsOf(set) });
  if (!change) {
    out.written.push(before);
    return undefined;
  }
  const { $set = {}, ...rest } = change.update;
  // the keys of a new name (the schema's validate hook sets them on creation only)
  if (typeof $set.name === 'string') Object.assign($set, { nameKey: normalizeName($set.name), nameWords: nameWordKeys($set.name) });
  const updated = await PartnerModel.findOneAndUpdate(
    change.filter,
    {
      ...rest,
      ...(Object.keys($set).length ? { $set } : {}),
      ...(meta.noteActivity === false ? {} : { $max: { lastActivityAt: meta.now } }),
    },
    { new: true, projection: { history: 0 }, runValidators: true },
  ).lean<StoredPartner>();
  if (!updated) {
    out.stale.push(before);
    return undefined;
  }
  out.written.push(updated);
  return { before, after: updated };
}

/** Writes these partners (see the top of this file). */
export async function writePartners(writes: readonly PartnerWrite[], meta: PartnerWriteMeta): Promise<PartnerWriteOutcome> {
  const out: PartnerWriteOutcome = { written: [], stale: [], existing: [], derivedSaved: true };
  const settled: Array<RecordChange<StoredPartner>> = [];

  const creates = writes.filter((w): w is PartnerWrite & { op: 'create' } => w.op === 'create');
  if (creates.length > 0) settled.push(...(await create(creates, meta, out)));

  const updates = writes.filter((w): w is PartnerWrite & { op: 'update' } => w.op === 'update');
  for (let i = 0; i < updates.length; i += PARALLEL_UPDATES) {
    const done = await Promise.all(updates.slice(i, i + PARALLEL_UPDATES).map((w) => update(w, meta, out)));
    settled.push(...done.filter((c): c is RecordChange<StoredPartner> => Boolean(c)));
  }

  const removes = writes.filter((w): w is PartnerWrite & { op: 'remove' } => w.op === 'remove');
  for (let i = 0; i < removes.length; i += 1000) {
    const ids = removes.slice(i, i + 1000).map((r) => r.id);
    const present = await PartnerModel.find({ _id: { $in: ids } }, { history: 0 }).lean<StoredPartner[]>();
    if (present.length === 0) continue;
    await PartnerModel.deleteMany({ _id: { $in: present.map((p) => p._id) } });
    settled.push(...present.map((before) => ({ before })));
  }

  if (settled.length === 0) return out;
  try {
    await syncContactLinks(
      contactUsersOf(settled.filter(({ before, after }) => !before || !after || !sameValue(before.contacts, after.contacts))),
    );
  } catch (err) {
    out.derivedSaved = false;
    events.emit('derived.failed', { owner: 'people index', after: `${settled.length} partner(s): ${meta.action}`, error: err });
  }
  events.emit('partner.changed', changeEvent(meta, settled, partnerSubject));
  return out;
}

/** A partner's current record (without history), or not found. */
export async function currentPartner(id: string | Types.ObjectId): Promise<StoredPartner> {
  const found = Types.ObjectId.isValid(id) ? await PartnerModel.findById(id, { history: 0 }).lean<StoredPartner>() : null;
  if (!found) throw notFound('That partner no longer exists.');
  return found;
}

/**
 * One partner's change, computed from its current record by `compute` (which may throw to refuse it). With
 * `expectedRevision` (the revision a form showed) a partner changed since is refused with StaleRevision naming who
 * changed it; without it a change that lost a race is computed again on the fresh record.
 */
export async function writePartner(
  id: string | Types.ObjectId,
  meta: PartnerWriteMeta,
  options: { expectedRevision?: number },
  compute: (current: StoredPartner) => PartnerFields | Promise<PartnerFields>,
): Promise<{ partner: StoredPartner; derivedSaved: boolean }> {
  for (let attempt = 0; attempt < RACE_RETRIES; attempt += 1) {
    const current = await currentPartner(id);
    const set = await compute(current);
    if (options.expectedRevision !== undefined && (current.revision ?? 0) !== options.expectedRevision) {
      // already as this change would make it (the same submission delivered again): nothing is lost
      if (partnerUpdateChanges(current, withStoredContacts(set)).length === 0) return { partner: current, derivedSaved: true };
      throw await stalePartner(current);
    }
    const outcome = await writePartners([{ op: 'update', before: current, set }], meta);
    const written = outcome.written[0];
    if (written) return { partner: written, derivedSaved: outcome.derivedSaved };
    if (options.expectedRevision !== undefined) throw await stalePartner(current);
  }
  throw new Error(`partner ${String(id)}: changed by others ${RACE_RETRIES} times while this change was computed`);
}

/** The refusal of a change made on a revision that is not the partner's any more: who changed it last, and when. */
export async function stalePartner(p: Pick<StoredPartner, '_id' | 'name'>): Promise<StaleRevision> {
  return staleRevision(PartnerModel, p._id, (doc) => `*${escapeMrkdwn(doc?.name ?? p.name)}*`, { fields: ['name'] });
}

/** A partner's changes, newest first (for history views). */
export async function partnerHistory(
  id: string,
  page: { offset: number; limit: number },
): Promise<{ entries: HistoryEntry[]; total: number; revision: number; name: string }> {
  const doc = await PartnerModel.findById(id, { history: 1, revision: 1, name: 1 }).lean<StoredPartner>();
  if (!doc) throw notFound('That partner no longer exists.');
  const all = [...(doc.history ?? [])].reverse();
  return { entries: all.slice(page.offset, page.offset + page.limit), total: all.length, revision: doc.revision ?? 0, name: doc.name };
}

/** Who changed each of these partners last, and how (what an Undo's refusal names). */
export function lastPartnerChanges(ids: readonly string[]): Promise<Map<string, LastChange>> {
  return lastChanges(PartnerModel, ids);
}

function partnerSubject(p: StoredPartner): PartnerSubject {
  return {
    id: String(p._id),
    name: p.name,
    commissions: p.commissions ?? [],
    contactUserIds: contactUsersOf([{ after: p }]),
    revision: p.revision ?? 0,
  };
}

/** The Slack users among the contacts of these records, before and after. */
function contactUsersOf(changes: ReadonlyArray<RecordChange<Pick<StoredPartner, 'contacts'>>>): string[] {
  return changes.flatMap(({ before, after }) =>
    [...(before?.contacts ?? []), ...(after?.contacts ?? [])].flatMap((c) => (c.slackUserId ? [c.slackUserId] : [])),
  );
}

/** Records in the people index which partners each of these Slack users is a contact of (after a change to contacts). */
export async function syncContactLinks(userIds: ReadonlyArray<string | null | undefined>): Promise<void> {
  for (const userId of new Set(userIds.filter((u): u is string => Boolean(u)))) {
    const partners = await PartnerModel.find({ 'contacts.slackUserId': userId }, { _id: 1 }).lean();
    await recordContactLinks(
      userId,
      partners.map((p) => p._id),
    );
  }
}
