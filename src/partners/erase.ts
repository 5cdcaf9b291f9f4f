import type { Types } from 'mongoose';
import { scrubbed, scrubRecordTexts, TEXT_ERASED } from '../db/history';
import { ERASED_CONTACT, type ErasedPerson, noTrace, type PersonMatch, type PersonText, type PersonTrace } from '../domain/names';
import { PartnerModel } from './model';
import { writePartner } from './write';

/** Whom `/iec contact erase` means: the person with this email, or this Slack user. */
export type ContactMatch = PersonMatch;

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

const filterOf = (person: ErasedPerson) => ({
  $or: [
    { 'contacts.slackUserId': { $in: [...person.slackUserIds] } },
    ...(person.emails.length ? [{ 'contacts.email': { $in: [...person.emails] } }] : []),
  ],
});

const isTheirs = (person: ErasedPerson) => (c: { email?: string | null; slackUserId?: string | null }) =>
  Boolean((c.slackUserId && person.slackUserIds.includes(c.slackUserId)) || (c.email && person.emails.includes(c.email)));

/** Every partner contact that is the person (by Slack id or email). */
export async function contactsOf(person: ErasedPerson): Promise<FoundContact[]> {
  const partners = await PartnerModel.find(filterOf(person), { name: 1, contacts: 1 }).limit(100).lean();
  return partners.flatMap((p) =>
    p.contacts.filter(isTheirs(person)).map((c) => ({
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

/** Their partner contacts (for the erasure's preview), and the names, emails, Slack ids, titles and phones those record. */
export async function findInPartners(person: ErasedPerson): Promise<PersonTrace> {
  const trace = noTrace();
  for (const c of await contactsOf(person)) {
    trace.places.push({
      kind: 'contact',
      name: c.name,
      partner: c.partnerName,
      ...(c.title ? { title: c.title } : {}),
      ...(c.email ? { email: c.email } : {}),
    });
    if (c.slackUserId) trace.slackUserIds.push(c.slackUserId);
    if (c.email) trace.emails.push(c.email);
    trace.namedAs.push({ name: c.name, organisation: c.partnerName });
    trace.values.push(...[c.title, c.phone].filter((v): v is string => Boolean(v)));
  }
  return trace;
}

/**
 * Removes the person's contacts from every partner through the write path (revision + 1, so a form opened before
 * cannot put them back; the people index; partner.changed), and a partner relationship they own loses its owner
 * the same way. Then every partner's history, who created or archived one, names ERASED_CONTACT instead of any of
 * their values. The partners, their other contacts, counts and commitments stay. Returns the contacts removed.
 */
export async function removeContacts(person: ErasedPerson, by: string, now: Date): Promise<FoundContact[]> {
  const found = await contactsOf(person);
  const ids = [...person.slackUserIds];
  const partnerIds = [...new Map(found.map((c) => [String(c.partnerId), c.partnerId])).values()];
  for (const id of partnerIds) {
    await writePartner(id, { by, now, action: 'contact erased', noteActivity: false }, {}, (current) => ({
      contacts: current.contacts.filter((c) => !isTheirs(person)(c)),
    }));
  }
  for (const p of await PartnerModel.find({ ownerId: { $in: ids } }, { _id: 1 }).lean()) {
    await writePartner(p._id, { by, now, action: 'owner erased', noteActivity: false }, {}, () => ({ ownerId: null }));
  }
  await PartnerModel.updateMany({ createdBy: { $in: ids } }, { $set: { createdBy: ERASED_CONTACT } });
  await PartnerModel.updateMany({ archivedBy: { $in: ids } }, { $set: { archivedBy: ERASED_CONTACT } });
  // the history of each partner is the write path's; an erasure is the one rewrite of it
  const needles = [...new Set([...person.values, ...found.flatMap((c) => [c.slackUserId, c.email, c.phone, c.title, c.name])])].filter(
    (v): v is string => Boolean(v),
  );
  const touched = await PartnerModel.find(
    {
      $or: [
        { _id: { $in: partnerIds } },
        { 'history.by': { $in: ids } },
        { 'history.changes.from': { $in: ids } },
        { 'history.changes.to': { $in: ids } },
        // a contact they were on a partner before (removed since) is in its history's contacts from → to
        { 'history.changes.from.slackUserId': { $in: ids } },
        { 'history.changes.to.slackUserId': { $in: ids } },
        ...(person.emails.length
          ? [{ 'history.changes.from.email': { $in: [...person.emails] } }, { 'history.changes.to.email': { $in: [...person.emails] } }]
          : []),
      ],
    },
    { history: 1 },
  ).lean();
  for (const p of touched) {
    await PartnerModel.updateOne({ _id: p._id }, { $set: { history: scrubbed(p.history ?? [], needles, ERASED_CONTACT) } });
  }
  return found;
}

/** Erasure of a person from partners' notes, through the partners' write path (history scrubbed after). */
export async function eraseFromPartnerTexts(text: PersonText | undefined, by: string, now: Date): Promise<number> {
  if (!text) return 0;
  return scrubRecordTexts({
    model: PartnerModel,
    fields: ['notes'],
    text,
    write: (id, scrub) =>
      writePartner(id, { by, now, action: TEXT_ERASED, noteActivity: false }, {}, (current) => ({ notes: scrub(current.notes ?? '') })),
  });
}
