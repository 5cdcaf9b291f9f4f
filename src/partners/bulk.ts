import { Types } from 'mongoose';
import { PartnerModel, type PartnerStatus } from './model';
import { syncContactLinks } from './service';
import { nameWordKeys, normalizeName } from '../domain/names';

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

const PROJECTION = { name: 1, nameKey: 1, commissions: 1, status: 1, ownerId: 1, notes: 1, contacts: 1 } as const;

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

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** Creates these partners under their given ids; one already there (a resumed import) is left as it is. */
export async function insertPartners(partners: ReadonlyArray<PartnerState & { id: string }>, by: string, now: Date): Promise<void> {
  if (partners.length === 0) return;
  const docs = partners.map(({ id, ...state }) => ({
    _id: new Types.ObjectId(id),
    ...state,
    ...(state.ownerId ? {} : { ownerId: undefined }),
    createdBy: by,
    lastActivityAt: now,
  }));
  try {
    await PartnerModel.insertMany(docs, { ordered: false });
  } catch (err) {
    const errors = (err as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
    const onlyDuplicates = errors?.every((e) => (e.code ?? e.err?.code) === 11000) ?? isDuplicateKey(err);
    if (!onlyDuplicates) throw err;
    const present = new Set((await partnersByIds(partners.map((p) => p.id))).map((p) => p.id));
    const missing = partners.filter((p) => !present.has(p.id));
    if (missing.length > 0) throw err; // a name taken by another partner meanwhile: the caller checked, so this is a race
  }
  await syncContactLinks(slackUsersOf(partners));
}

/** The Slack users among these partners' contacts (whose entries in the people index follow a change). */
function slackUsersOf(partners: ReadonlyArray<{ contacts?: ReadonlyArray<{ slackUserId?: string | null }> }>): string[] {
  return partners.flatMap((p) => (p.contacts ?? []).flatMap((c) => (c.slackUserId ? [c.slackUserId] : [])));
}

async function contactsNow(ids: readonly string[]): Promise<string[]> {
  const rows = await PartnerModel.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }, { 'contacts.slackUserId': 1 }).lean();
  return slackUsersOf(rows);
}

/** Sets these partners' fields to the given state (whole: contacts replaced). Safe to run again. */
export async function setPartners(partners: ReadonlyArray<PartnerState & { id: string }>, now: Date): Promise<void> {
  if (partners.length === 0) return;
  const writes = partners.map(({ id, ...state }) => ({
    updateOne: {
      filter: { _id: new Types.ObjectId(id) },
      update: {
        $set: {
          ...state,
          nameKey: normalizeName(state.name),
          nameWords: nameWordKeys(state.name),
          ownerId: state.ownerId ?? null,
          lastActivityAt: now,
        },
      },
    },
  }));
  const before = await contactsNow(partners.map((p) => p.id));
  await PartnerModel.bulkWrite(writes as never, { ordered: false });
  await syncContactLinks([...before, ...slackUsersOf(partners)]);
}

/** Removes these partners (an import rolled back: the ones it created). */
export async function removePartners(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const before = await contactsNow(ids);
  await PartnerModel.deleteMany({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } });
  await syncContactLinks(before);
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
  await PartnerModel.updateOne(
    { nameKey: normalizeName(p.name) },
    {
      $setOnInsert: {
        name: p.name,
        nameKey: normalizeName(p.name),
        nameWords: nameWordKeys(p.name),
        commissions: [...p.commissions],
        status: p.status,
        contacts: p.contacts.map((c) => ({ ...c })),
        notes: p.notes,
        createdBy: by,
        lastActivityAt: now,
      },
    },
    { upsert: true },
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
): Promise<boolean> {
  const partner = await PartnerModel.findOne({ nameKey: normalizeName(partnerName) });
  if (!partner) return false;
  const found = partner.contacts.find((c) => c.email === contact.email || c.name === contact.name);
  if (found?.slackUserId === slackUserId) return true;
  if (found) found.slackUserId = slackUserId;
  else partner.contacts.push({ name: contact.name, email: contact.email, slackUserId });
  await partner.save();
  return true;
}

/** Inserts prepared partner documents as they are, with the driver (the bench's data set; no validation or middleware). */
export async function loadPartnerDocuments(docs: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (docs.length > 0) await PartnerModel.collection.insertMany([...docs], { ordered: false });
}
