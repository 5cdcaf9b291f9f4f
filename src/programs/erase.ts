import { scrubbed } from '../db/history';
import { ERASED_CONTACT, type ErasedPerson, noTrace, type PersonTrace } from '../domain/names';
import { ProgramModel, ReadinessRulesModel } from './model';

/**
 * Erasure of a person (`/iec contact erase`): they leave the contacts of every program of study (by Slack id or
 * email), with revision + 1 (a form opened before cannot put them back) and a history entry by whoever erased;
 * the programs' history, who created one and who last set a commission's readiness rules name ERASED_CONTACT
 * instead.
 */

const isTheirs = (person: ErasedPerson) => (c: { slackUserId?: string | null; email?: string | null }) =>
  Boolean((c.slackUserId && person.slackUserIds.includes(c.slackUserId)) || (c.email && person.emails.includes(c.email.toLowerCase())));

const contactFilter = (person: ErasedPerson) => ({
  $or: [
    { 'contacts.slackUserId': { $in: [...person.slackUserIds] } },
    ...(person.emails.length ? [{ 'contacts.email': { $in: [...person.emails] } }] : []),
  ],
});

/** The programs they are a contact of (for the erasure's preview), and the names, emails and Slack ids those record. */
export async function findInPrograms(person: ErasedPerson): Promise<PersonTrace> {
  const trace = noTrace();
  for (const p of await ProgramModel.find(contactFilter(person), { name: 1, schoolName: 1, contacts: 1 }).limit(1_000).lean()) {
    for (const c of (p.contacts ?? []).filter(isTheirs(person))) {
      trace.places.push({ kind: 'program', program: p.name, school: p.schoolName, name: c.name ?? '' });
      if (c.slackUserId) trace.slackUserIds.push(c.slackUserId);
      if (c.email) trace.emails.push(c.email.toLowerCase());
      if (c.name) trace.namedAs.push({ name: c.name, organisation: p.schoolName });
    }
  }
  return trace;
}

/** Returns the programs changed. */
export async function eraseFromPrograms(person: ErasedPerson, by: string, now: Date): Promise<number> {
  const ids = [...person.slackUserIds];
  const programs = await ProgramModel.find(
    { $or: [...contactFilter(person).$or, { createdBy: { $in: ids } }, { 'history.by': { $in: ids } }] },
    { contacts: 1, history: 1, createdBy: 1, revision: 1 },
  ).lean();
  let changed = 0;
  for (const p of programs) {
    const contacts = (p.contacts ?? []).filter((c) => !isTheirs(person)(c));
    const left = (p.contacts ?? []).length - contacts.length;
    const history = scrubbed(p.history ?? [], person.values, ERASED_CONTACT) as typeof p.history;
    await ProgramModel.updateOne(
      { _id: p._id },
      {
        $set: {
          contacts,
          history: left > 0 ? [...history, { at: now, by, change: 'contact erased' }] : history,
          ...(ids.includes(p.createdBy) ? { createdBy: ERASED_CONTACT } : {}),
        },
        ...(left > 0 ? { $inc: { revision: 1 } } : {}),
      },
    );
    changed += 1;
  }
  await ReadinessRulesModel.updateMany({ updatedBy: { $in: ids } }, { $set: { updatedBy: ERASED_CONTACT } });
  return changed;
}
