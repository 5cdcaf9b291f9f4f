import { Types } from 'mongoose';
import { findCommissions } from '../commissions';
import { commitmentTotals, latestPartnerCommitments, type TypeTotals } from '../commitments';
import type { CommitmentStatus, CommitmentType } from '../domain/commitments';
import { AppError, invalidInput, notFound } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import { partnerArchive } from './archive';
import { MAX_CONTACTS, type ContactInput, type PartnerInput } from './input';
import { PartnerModel, type PartnerKind, type PartnerStatus } from './model';
import { type StoredPartner, writePartner, writePartners } from './write';
import { findPartnerByName, suggestPartnersFor } from './search';
import { countMatching } from '../db/count';
import { nameWordKeys, normalizeName } from '../domain/names';

export interface PartnerRecord extends PartnerInput {
  id: string;
  /** Bumped by every write: an edit form carries the one it showed. */
  revision: number;
}

type PartnerLean = StoredPartner;

function toRecord(p: PartnerLean): PartnerRecord {
  return {
    id: String(p._id),
    revision: p.revision ?? 0,
    name: p.name,
    commissions: p.commissions ?? [],
    status: (p.status ?? 'prospect') as PartnerStatus,
    kind: (p.kind ?? 'industry') as PartnerKind,
    ...(p.ownerId ? { ownerId: p.ownerId } : {}),
    notes: p.notes ?? '',
    contacts: (p.contacts ?? []).map((c) => ({
      name: c.name,
      ...(c.title ? { title: c.title } : {}),
      ...(c.email ? { email: c.email } : {}),
      ...(c.slackUserId ? { slackUserId: c.slackUserId } : {}),
    })),
  };
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** Field errors use the form's field names: `name`, `commissions`, `contacts`. */
function duplicateName(existing: string): AppError {
  return new AppError('conflict', `*${escapeMrkdwn(existing)}* already exists.`, {
    name: `“${existing}” already exists (names are compared without case, spaces or punctuation). See /iec partner show ${existing}`,
  });
}

async function checkCommissions(keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const found = await findCommissions({ keys });
  const missing = keys.filter((k) => !found.some((f) => f.key === k));
  if (missing.length > 0)
    throw invalidInput(`Unknown commission ${missing.join(', ')}.`, {
      commissions: `Unknown commission: ${missing.join(', ')}. Pick from the list.`,
    });
}

export interface CreatedPartner {
  partner: PartnerRecord;
  /** False when this exact form had already been saved (Slack delivered the submission twice). */
  created: boolean;
}

/**
 * Adds a partner. Names are unique regardless of case, spacing and punctuation: a duplicate is a `conflict`
 * whose field error names the existing partner. `viewId` makes a repeated delivery of one submission record once.
 */
export async function createPartner(input: PartnerInput, by: string, now: Date, viewId?: string): Promise<CreatedPartner> {
  const nameKey = normalizeName(input.name);
  const existing = await PartnerModel.findOne({ nameKey }, { history: 0 }).lean<PartnerLean>();
  if (existing) {
    if (viewId && existing.createdFromViewId === viewId) return { partner: toRecord(existing), created: false };
    throw duplicateName(existing.name);
  }
  await checkCommissions(input.commissions);
  if (input.contacts.length > MAX_CONTACTS) throw invalidInput(`A partner can have at most ${MAX_CONTACTS} contacts.`);
  const doc = { ...input, kind: input.kind ?? 'industry', createdBy: by, ...(viewId ? { createdFromViewId: viewId } : {}) };
  const outcome = await writePartners([{ op: 'create', doc }], { by, now, action: 'created' });
  const created = outcome.written[0];
  if (created) return { partner: toRecord(created), created: true };
  // the name was taken meanwhile: by this very submission delivered twice at once, or by someone else
  const raced = await PartnerModel.findOne({ nameKey }, { history: 0 }).lean<PartnerLean>();
  if (raced && viewId && raced.createdFromViewId === viewId) return { partner: toRecord(raced), created: false };
  throw duplicateName(raced?.name ?? input.name);
}

/**
 * Fills in the type-ahead's keys (nameWords) of partners written before they existed. Run once at start-up,
 * in the background; a no-op once every partner has them. (Keys derived from the name: not a change of the
 * partner, so no history entry.)
 */
export async function fillMissingNameWords(): Promise<number> {
  let filled = 0;
  for await (const p of PartnerModel.find({ 'nameWords.0': { $exists: false } }, { name: 1 })
    .lean()
    .cursor()) {
    await PartnerModel.updateOne({ _id: p._id }, { $set: { nameWords: nameWordKeys(p.name) } });
    filled += 1;
  }
  return filled;
}

export interface PartnerChangeOptions {
  /** Slack user id of whoever changes it. */
  by: string;
  /** The revision the form showed: if the partner changed since, nothing is saved (StaleRevision names who changed it). */
  expectedRevision?: number;
}

/**
 * The edit form shows a contact's name, title, email and Slack account, not the phone number an import brings:
 * a contact kept in the form keeps its phone (the same person: same email, else Slack account, else name).
 */
export function keepUnshownContactFields(
  edited: readonly ContactInput[],
  stored: ReadonlyArray<{ name: string; email?: string | null; slackUserId?: string | null; phone?: string | null }>,
): Array<ContactInput & { phone?: string }> {
  const same = (a: ContactInput, b: (typeof stored)[number]) =>
    a.email && b.email
      ? a.email.toLowerCase() === b.email.toLowerCase()
      : a.slackUserId && b.slackUserId
        ? a.slackUserId === b.slackUserId
        : normalizeName(a.name) === normalizeName(b.name);
  return edited.map((c) => {
    const phone = stored.find((s) => same(c, s))?.phone;
    return phone ? { ...c, phone } : { ...c };
  });
}

/**
 * Replaces a partner's details (the edit form shows every contact, so contacts are replaced too), through the
 * write path: one history entry, the revision bumped. With `expectedRevision`, an edit of a partner someone
 * changed since the form was opened (a contact added, say) is refused instead of dropping their change.
 */
export async function updatePartner(
  partnerId: string,
  input: PartnerInput,
  now: Date,
  options: PartnerChangeOptions,
): Promise<PartnerRecord> {
  if (!Types.ObjectId.isValid(partnerId)) throw notFound('That partner no longer exists.');
  const nameKey = normalizeName(input.name);
  const clash = await PartnerModel.findOne({ nameKey, _id: { $ne: new Types.ObjectId(partnerId) } }, { name: 1 }).lean();
  if (clash) throw duplicateName(clash.name);
  await checkCommissions(input.commissions);
  try {
    const { partner } = await writePartner(
      partnerId,
      { by: options.by, now, action: 'edited' },
      { ...(options.expectedRevision !== undefined ? { expectedRevision: options.expectedRevision } : {}) },
      (current) => ({
        ...input,
        contacts: keepUnshownContactFields(input.contacts, current.contacts),
        kind: input.kind ?? current.kind ?? 'industry',
        ownerId: input.ownerId ?? null,
      }),
    );
    return toRecord(partner);
  } catch (err) {
    if (isDuplicateKey(err)) throw duplicateName(input.name);
    throw err;
  }
}

/**
 * Adds one contact, unless the partner already has the maximum or a contact with that email or Slack user (or,
 * for a contact known by name only, that name): so the same form delivered twice adds the contact once (two
 * deliveries at once: the second loses the revision race, is computed again and finds the contact there).
 */
export async function addPartnerContact(partnerId: string, contact: ContactInput, now: Date, by: string): Promise<PartnerRecord> {
  const email = contact.email?.toLowerCase();
  const { partner } = await writePartner(partnerId, { by, now, action: 'contact added' }, {}, (current) => {
    const contacts = current.contacts ?? [];
    const same = contacts.some((c) =>
      email || contact.slackUserId
        ? (email && c.email === email) || (contact.slackUserId && c.slackUserId === contact.slackUserId)
        : c.name === contact.name,
    );
    if (same)
      throw new AppError('conflict', 'That person is already a contact of this partner.', {
        contacts: 'That person is already a contact of this partner.',
      });
    if (contacts.length >= MAX_CONTACTS)
      throw new AppError('conflict', `A partner can have at most ${MAX_CONTACTS} contacts.`, {
        contacts: `This partner already has ${MAX_CONTACTS} contacts; edit the partner to replace one.`,
      });
    return { contacts: [...contacts, contact] };
  });
  return toRecord(partner);
}

export async function getPartner(partnerId: string): Promise<PartnerRecord> {
  const found = Types.ObjectId.isValid(partnerId) ? await PartnerModel.findById(partnerId, { history: 0 }).lean<PartnerLean>() : null;
  if (!found) throw notFound('That partner no longer exists.');
  return toRecord(found);
}

/**
 * The partner with this name (regardless of case, spacing and punctuation). Unknown names suggest the
 * nearest ones — only among `within` when given (a partner contact sees only their own organisations).
 */
export async function findPartnerOrSuggest(name: string, within?: readonly Types.ObjectId[]): Promise<PartnerRecord> {
  const found = await findPartnerByName(name, within);
  if (found) return toRecord(found);
  const shown = escapeMrkdwn(name.trim().slice(0, 60));
  const suggestions = await suggestPartnersFor(name, within);
  const hint =
    suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `*${escapeMrkdwn(s)}*`).join(', ')}?` : ' See `/iec partner list`.';
  throw notFound(`I don't know a partner called *${shown || '(nothing)'}*.${hint}`);
}

export interface PartnerListItem {
  id: string;
  name: string;
  status: PartnerStatus;
  commissions: string[];
  ownerId?: string;
  contacts: number;
}

export interface PartnerPage {
  items: PartnerListItem[];
  total: number;
  offset: number;
}

/** Partners by name, a page at a time, optionally only those of one commission. */
export async function listPartners(filter: { commission?: string }, offset: number, limit: number): Promise<PartnerPage> {
  // archived partners are not listed (restore them with /iec restore partner <name>)
  const query = { ...(filter.commission ? { commissions: filter.commission } : {}), archivedAt: null };
  const [rows, total] = await Promise.all([
    PartnerModel.find(query, { name: 1, status: 1, commissions: 1, ownerId: 1, contacts: 1 })
      .sort({ nameKey: 1 })
      .skip(offset)
      .limit(limit)
      .lean(),
    filter.commission
      ? countMatching(PartnerModel, query).then((c) => c.count)
      : Promise.all([PartnerModel.estimatedDocumentCount(), partnerArchive.countArchived()]).then(([all, archived]) => all - archived),
  ]);
  return {
    items: rows.map((r) => ({
      id: String(r._id),
      name: r.name,
      status: (r.status ?? 'prospect') as PartnerStatus,
      commissions: r.commissions ?? [],
      ...(r.ownerId ? { ownerId: r.ownerId } : {}),
      contacts: r.contacts?.length ?? 0,
    })),
    total,
    offset,
  };
}

export interface PartnerCommitmentLine {
  id: string;
  type: CommitmentType;
  commissionKey: string;
  quantity: number;
  unit: string;
  status: CommitmentStatus;
  fulfilledQuantity: number;
  startDate: string;
  endDate?: string;
  schoolYear: string;
}

export interface PartnerDetail {
  partner: PartnerRecord;
  /** The most recent commitments (by start date), at most `limit`. */
  commitments: PartnerCommitmentLine[];
  commitmentCount: number;
  /** Totals by type, from the one totals computation (commitments' `commitmentTotals`). */
  totalsByType: TypeTotals[];
  /** Statuses with any commitment. */
  countsByStatus: Array<{ status: CommitmentStatus; count: number }>;
}

/** A partner with its commitments and totals by type (cancelled ones left out) and by status. */
export async function partnerDetail(partner: PartnerRecord, limit = 15): Promise<PartnerDetail> {
  const partnerId = new Types.ObjectId(partner.id);
  const [rows, totals] = await Promise.all([latestPartnerCommitments(partnerId, limit), commitmentTotals({ partnerId })]);
  const countsByStatus = Object.entries(totals.byStatus)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => ({ status: status as CommitmentStatus, count }));
  return {
    partner,
    commitments: rows.map((c) => ({
      id: String(c._id),
      type: c.type as CommitmentType,
      commissionKey: c.commissionKey,
      quantity: c.quantity,
      unit: c.unit,
      status: (c.status ?? 'pledged') as CommitmentStatus,
      fulfilledQuantity: c.fulfilledQuantity ?? 0,
      startDate: c.startDate,
      ...(c.endDate ? { endDate: c.endDate } : {}),
      schoolYear: c.schoolYear,
    })),
    commitmentCount: countsByStatus.reduce((n, s) => n + s.count, 0),
    totalsByType: totals.byType.filter((t) => t.commitments > 0),
    countsByStatus,
  };
}

/** Every contact in Slack with the partners they are a contact of: the facts the people index is rebuilt from. */
export async function contactLinksByUser(): Promise<Map<string, Types.ObjectId[]>> {
  const out = new Map<string, Types.ObjectId[]>();
  const rows = await PartnerModel.find({ 'contacts.slackUserId': { $gt: '' } }, { 'contacts.slackUserId': 1 }).lean();
  for (const p of rows) {
    for (const userId of new Set(p.contacts.map((c) => c.slackUserId).filter((u): u is string => Boolean(u)))) {
      out.set(userId, [...(out.get(userId) ?? []), p._id]);
    }
  }
  return out;
}

export interface PartnerKindInfo {
  id: string;
  name: string;
  kind: PartnerKind;
  commissions: string[];
}

/** Kind, name and commissions of these partners (for a program's evidence: only industry counts as industry). */
export async function partnerKinds(ids: readonly string[]): Promise<Map<string, PartnerKindInfo>> {
  const valid = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (valid.length === 0) return new Map();
  const rows = await PartnerModel.find({ _id: { $in: valid } }, { name: 1, kind: 1, commissions: 1 }).lean();
  return new Map(
    rows.map((p) => [
      String(p._id),
      { id: String(p._id), name: p.name, kind: (p.kind ?? 'industry') as PartnerKind, commissions: p.commissions ?? [] },
    ]),
  );
}
