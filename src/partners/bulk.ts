import { Types } from 'mongoose';
import { PARTNER_KINDS, PartnerModel, type PartnerKind, type PartnerStatus } from './model';
import { type StoredPartner, writePartner, writePartners } from './write';
import { normalizeName } from '../domain/names';

/**
 * Partners written many at once (imports): each partner is one document, written whole, so a partner and its
 * contacts are never half there. Callers pass the partners' `_id`s (chosen before writing), so writing again
 * after a crash finds the ones already written instead of adding them twice.
 */

export interface ImportContact {
  name: string;
  title?: string;
  email?: string;
  phone?: string;
  slackUserId?: string;
}

/** The fields of a partner an import reads and writes. */
export interface PartnerState {
  name: string;
  commissions: string[];
  status: PartnerStatus;
  /** Industry, postsecondary… (only industry counts as industry evidence for programs). */
  kind: PartnerKind;
  ownerId?: string;
  notes: string;
  contacts: ImportContact[];
}

export interface StoredPartnerState extends PartnerState {
  id: string;
  nameKey: string;
}

type Lean = {
  _id: Types.ObjectId;
  name: string;
  nameKey: string;
  commissions?: string[];
  status?: string | null;
  kind?: string | null;
  ownerId?: string | null;
  notes?: string | null;
  contacts?: Array<{
    name: string;
    title?: string | null;
    email?: string | null;
    phone?: string | null;
    slackUserId?: string | null;
  }>;
};

function toState(p: Lean): StoredPartnerState {
  return {
    id: String(p._id),
    nameKey: p.nameKey,
    name: p.name,
    commissions: p.commissions ?? [],
    status: (p.status ?? 'prospect') as PartnerStatus,
    // stored before kinds existed: the model's default
    kind: PARTNER_KINDS.find((k) => k === p.kind) ?? 'industry',
    ...(p.ownerId ? { ownerId: p.ownerId } : {}),
    notes: p.notes ?? '',
    contacts: (p.contacts ?? []).map((c) => ({
      name: c.name,
      ...(c.title ? { title: c.title } : {}),
      ...(c.email ? { email: c.email } : {}),
      ...(c.phone ? { phone: c.phone } : {}),
      ...(c.slackUserId ? { slackUserId: c.slackUserId } : {}),
    })),
  };
}

const PROJECTION = { name: 1, nameKey: 1, commissions: 1, status: 1, kind: 1, ownerId: 1, notes: 1, contacts: 1 } as const;

/** The partners with these normalised names (see names.ts). */
export async function partnersByNameKeys(nameKeys: readonly string[]): Promise<StoredPartnerState[]> {
  const found: StoredPartnerState[] = [];
  const keys = [...new Set(nameKeys.map(String))];
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await PartnerModel.find({ nameKey: { $in: keys.slice(i, i + 1000) } }, PROJECTION).lean<Lean[]>();
    found.push(...rows.map(toState));
  }
  return found;
}

/** The partners with these ids (those that exist). */
export async function partnersByIds(ids: readonly string[]): Promise<StoredPartnerState[]> {
  const found: StoredPartnerState[] = [];
  const oids = ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  for (let i = 0; i < oids.length; i += 1000) {
    const rows = await PartnerModel.find({ _id: { $in: oids.slice(i, i + 1000) } }, PROJECTION).lean<Lean[]>();
    found.push(...rows.map(toState));
  }
  return found;
}

/** Every partner, by name, a batch at a time (for exports). */
export async function* eachPartner(batchSize = 500): AsyncGenerator<StoredPartnerState> {
  for await (const p of PartnerModel.find({}, PROJECTION).sort({ nameKey: 1 }).lean<Lean[]>().cursor({ batchSize })) {
    yield toState(p as unknown as Lean);
  }
}

/** Who, when and why for a batch of partner writes (history's entry of each record). */
export interface PartnerBatchMeta {
  by: string;
  now: Date;
  /** e.g. `imported`, `import rolled back`. */
  action: string;
  /** The import's file. */
  source?: string;
}

/** Creates these partners under their given ids; one already there (a resumed import) is left as it is. */
export async function insertPartners(partners: ReadonlyArray<PartnerState & { id: string }>, meta: PartnerBatchMeta): Promise<void> {
  if (partners.length === 0) return;
  const outcome = await writePartners(
    partners.map(({ id, ...state }) => ({
      op: 'create' as const,
      doc: { _id: new Types.ObjectId(id), ...state, ...(state.ownerId ? {} : { ownerId: undefined }), createdBy: meta.by },
    })),
    meta,
  );
  if (outcome.existing.length === 0) return;
  const present = new Set((await partnersByIds(outcome.existing.map((w) => String(w.doc._id)))).map((p) => p.id));
  const missing = outcome.existing.filter((w) => !present.has(String(w.doc._id)));
  // a name taken by another partner meanwhile: the caller checked, so this is a race
  if (missing.length > 0) throw new Error(`partners ${missing.map((w) => w.doc.name).join(', ')}: the name was taken meanwhile`);
}

/**
 * Sets these partners' fields to the given state (whole: contacts replaced), with a history entry each. Safe to
 * run again (a partner already in that state is not written). Returns the ids it could not write because they
 * changed between its read and its write, or are gone.
 */
export async function setPartners(partners: ReadonlyArray<PartnerState & { id: string }>, meta: PartnerBatchMeta): Promise<string[]> {
  if (partners.length === 0) return [];
  const current = new Map<string, StoredPartner>();
  const ids = partners.map((p) => new Types.ObjectId(p.id));
  for (let i = 0; i < ids.length; i += 1000) {
    for (const p of await PartnerModel.find({ _id: { $in: ids.slice(i, i + 1000) } }, { history: 0 }).lean<StoredPartner[]>())
      current.set(String(p._id), p);
  }
  const writes = partners.flatMap(({ id, ...state }) => {
    const before = current.get(id);
    return before ? [{ op: 'update' as const, before, set: { ...state, ownerId: state.ownerId ?? null } }] : [];
  });
  const outcome = await writePartners(writes, meta);
  return [...partners.filter((p) => !current.has(p.id)).map((p) => p.id), ...outcome.stale.map((p) => String(p._id))];
}

/** Removes these partners (an import rolled back: the ones it created). */
export async function removePartners(ids: readonly string[], meta: PartnerBatchMeta): Promise<void> {
  if (ids.length === 0) return;
  await writePartners(
    ids.map((id) => ({ op: 'remove' as const, id: new Types.ObjectId(id) })),
    meta,
  );
}

/**
 * Adds the partner when none has its name (compared as names are; the seed's demo partners); one already there
 * is left as it is.
 */
export async function insertPartnerIfAbsent(
  p: {
    name: string;
    commissions: readonly string[];
    status: PartnerStatus;
    contacts: ReadonlyArray<{ name: string; title: string; email: string }>;
    notes: string;
  },
  by: string,
  now: Date,
): Promise<void> {
  if (await PartnerModel.exists({ nameKey: normalizeName(p.name) })) return;
  // added by another process meanwhile: the unique name refuses this one, and it is left out (`existing`)
  await writePartners(
    [
      {
        op: 'create',
        doc: {
          name: p.name,
          commissions: [...p.commissions],
          status: p.status,
          contacts: p.contacts.map((c) => ({ ...c })),
          notes: p.notes,
          createdBy: by,
        },
      },
    ],
    { by, now, action: 'created' },
  );
}

/** The ids, names and name keys of the partners with these names (compared as names are). */
export async function partnerIdsByNames(names: readonly string[]): Promise<Array<{ _id: Types.ObjectId; name: string; nameKey: string }>> {
  return PartnerModel.find({ nameKey: { $in: names.map(normalizeName) } }, { name: 1, nameKey: 1 }).lean();
}

/** How many partners there are. */
export async function countPartners(): Promise<number> {
  return PartnerModel.countDocuments();
}

/**
 * Links the partner's contact with this email or name to a Slack user, adding the contact when the partner has
 * none such (the sandbox's personas). False when there is no partner of that name.
 */
export async function linkContactToSlackUser(
  partnerName: string,
  contact: { name: string; email: string },
  slackUserId: string,
  meta: { by: string; now: Date },
): Promise<boolean> {
  const partner = await PartnerModel.findOne({ nameKey: normalizeName(partnerName) }, { _id: 1 }).lean();
  if (!partner) return false;
  await writePartner(partner._id, { ...meta, action: 'contact linked' }, {}, (current) => {
    const contacts = [...(current.contacts ?? [])];
    const at = contacts.findIndex((c) => c.email === contact.email || c.name === contact.name);
    if (at >= 0) contacts[at] = { ...contacts[at], slackUserId };
    else contacts.push({ name: contact.name, email: contact.email, slackUserId });
    return { contacts };
  });
  return true;
}

/** Inserts prepared partner documents as they are, with the driver (the bench's data set; no validation or middleware). */
export async function loadPartnerDocuments(docs: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (docs.length > 0) await PartnerModel.collection.insertMany([...docs], { ordered: false });
}
