import type { Types } from 'mongoose';
import { scrubbed } from '../db/history';
import { ERASED_CONTACT } from '../domain/names';
import { PartnerModel } from './model';
import { writePartner } from './write';

/** Whom `/iec contact erase` means: the contacts with this email, or this Slack user. */
export type ContactMatch = { email: string } | { slackUserId: string };

/** One contact found, with what is erased of it. */
export interface FoundContact {
  partnerId: Types.ObjectId;
  partnerName: string;
  name: string;
  title?: string;
  email?: string;
  phone?: string;
  slackUserId?: string;
}

const filterOf = (match: ContactMatch) =>
  'email' in match ? { 'contacts.email': match.email.trim().toLowerCase() } : { 'contacts.slackUserId': match.slackUserId };

const isMatch = (match: ContactMatch) => (c: { email?: string | null; slackUserId?: string | null }) =>
  'email' in match ? c.email === match.email.trim().toLowerCase() : c.slackUserId === match.slackUserId;

/** Every partner contact the match names (the confirmation lists them). */
export async function contactsMatching(match: ContactMatch): Promise<FoundContact[]> {
  const partners = await PartnerModel.find(filterOf(match), { name: 1, contacts: 1 }).limit(100).lean();
  return partners.flatMap((p) =>
    p.contacts.filter(isMatch(match)).map((c) => ({
      partnerId: p._id,
      partnerName: p.name,
      name: c.name,
      ...(c.title ? { title: c.title } : {}),
      ...(c.email ? { email: c.email } : {}),
      ...(c.phone ? { phone: c.phone } : {}),
      ...(c.slackUserId ? { slackUserId: c.slackUserId } : {}),
    })),
  );
}

/**
 * Removes the matching contacts from every partner through the write path (revision + 1, so a form opened before
 * cannot put them back; the people index; partner.changed), then scrubs the partners' history of them: their
 * values (name, email, title, phone, Slack id) become ERASED_CONTACT wherever an entry holds them. The partners,
 * their other contacts, counts and commitments stay. Returns what was removed, for the rest of the erasure.
 */
export async function removeContacts(match: ContactMatch, by: string, now: Date): Promise<FoundContact[]> {
  const found = await contactsMatching(match);
  const partnerIds = [...new Map(found.map((c) => [String(c.partnerId), c.partnerId])).values()];
  for (const id of partnerIds) {
    await writePartner(id, { by, now, action: 'contact erased', noteActivity: false }, {}, (current) => ({
      contacts: current.contacts.filter((c) => !isMatch(match)(c)),
    }));
  }
  const needles = [
    ...new Set(found.flatMap((c) => [c.slackUserId, c.email, c.phone, c.title, c.name]).filter((v): v is string => Boolean(v))),
  ];
  // the history of each partner is the write path's; an erasure is the one rewrite of it
  for (const p of await PartnerModel.find({ _id: { $in: partnerIds } }, { history: 1 }).lean()) {
    await PartnerModel.updateOne({ _id: p._id }, { $set: { history: scrubbed(p.history ?? [], needles, ERASED_CONTACT) } });
  }
  return found;
}
