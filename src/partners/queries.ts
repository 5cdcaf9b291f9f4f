import { Types } from 'mongoose';
import { PartnerModel } from './model';

/**
 * The reads other features make of partners: commitments, requests, follow-ups,
 * digests and Home call these, exported from the partners index, instead of using the model.
 */

export interface PartnerName {
  _id: Types.ObjectId;
  name: string;
}

/** A partner's id and name, or null when it is gone. */
export async function partnerNameOf(id: Types.ObjectId | string): Promise<PartnerName | null> {
  return PartnerModel.findById(id, { name: 1 }).lean<PartnerName>();
}

/** These partners' ids and names, in name order, at most `limit`. */
export async function partnerNamesByIds(ids: readonly Types.ObjectId[], limit: number): Promise<PartnerName[]> {
  return PartnerModel.find({ _id: { $in: [...ids] } }, { name: 1 })
    .sort({ nameKey: 1 })
    .limit(limit)
    .lean<PartnerName[]>();
}

/** The partners `userId` is a contact of, in name order, at most `limit`. */
export async function partnersOfContact(userId: string, limit: number): Promise<PartnerName[]> {
  return PartnerModel.find({ 'contacts.slackUserId': userId }, { name: 1 }).sort({ nameKey: 1 }).limit(limit).lean<PartnerName[]>();
}

/** The Slack users among a partner's contacts ([] when it has none or is gone). */
export async function contactUserIdsOf(partnerId: Types.ObjectId | string): Promise<Array<string | null | undefined>> {
  const partner = await PartnerModel.findById(partnerId, { 'contacts.slackUserId': 1 }).lean();
  return (partner?.contacts ?? []).map((contact) => contact.slackUserId);
}

/** The first contact in Slack of each of these partners, by partner id (partners without one are left out). */
export async function firstSlackContacts(partnerIds: readonly Types.ObjectId[]): Promise<Map<string, string>> {
  const rows = await PartnerModel.find({ _id: { $in: [...partnerIds] } }, { contacts: 1 }).lean();
  const out = new Map<string, string>();
  for (const p of rows) {
    const contact = p.contacts.find((c) => c.slackUserId);
    if (contact?.slackUserId) out.set(String(p._id), contact.slackUserId);
  }
  return out;
}

/**
 * A commission's partners (prospects and active ones; those marked inactive are left alone) with nothing
 * recorded since `cutoff`: last activity before it, or none at all and added before it. Oldest activity first,
 * at most `limit`, and how many there are (counted only when the list is full).
 */
export async function quietPartners(
  commissionKey: string,
  cutoff: Date,
  limit: number,
): Promise<{ items: Array<{ _id: Types.ObjectId; name: string; lastActivityAt?: Date | null }>; total: number }> {
  const filter = {
    commissions: commissionKey,
    status: { $ne: 'inactive' },
    archivedAt: null,
    $or: [{ lastActivityAt: { $lt: cutoff } }, { lastActivityAt: null, createdAt: { $lt: cutoff } }],
  };
  const items = await PartnerModel.find(filter, { name: 1, lastActivityAt: 1 }).sort({ lastActivityAt: 1, _id: 1 }).limit(limit).lean();
  return { items, total: items.length < limit ? items.length : await PartnerModel.countDocuments(filter) };
}

/** The commissions these partners belong to, each once (what a partner contact's pickers are scoped to). */
export async function commissionsOfPartners(ids: readonly Types.ObjectId[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await PartnerModel.find({ _id: { $in: [...ids] } }, { commissions: 1 }).lean();
  return [...new Set(rows.flatMap((p) => p.commissions ?? []))];
}

/** A partner's contact as an evidence packet names them. */
export interface PartnerContactInfo {
  name: string;
  title?: string;
  email?: string;
  phone?: string;
}

/** The contacts of these partners, by partner id (a program's evidence packet: who at each organisation). */
export async function partnerContactsOf(ids: readonly string[]): Promise<Map<string, PartnerContactInfo[]>> {
  const valid = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (valid.length === 0) return new Map();
  const rows = await PartnerModel.find({ _id: { $in: valid } }, { contacts: 1 }).lean();
  return new Map(
    rows.map((p) => [
      String(p._id),
      (p.contacts ?? []).map((c) => ({
        name: c.name,
        ...(c.title ? { title: c.title } : {}),
        ...(c.email ? { email: c.email } : {}),
        ...(c.phone ? { phone: c.phone } : {}),
      })),
    ]),
  );
}

/** Whether any of these Slack users is a contact of a partner. */
export async function anyPartnerContact(userIds: readonly string[]): Promise<boolean> {
  return (await PartnerModel.exists({ 'contacts.slackUserId': { $in: [...userIds] } })) !== null;
}
