import { scrubbed } from '../db/history';
import { ERASED_CONTACT, type ErasedPerson } from '../domain/names';
import { ProgramModel } from './model';

/**
 * Erasure of a person (`/iec contact erase`): they leave the contacts of every program of study (by Slack id or
 * email), with revision + 1 (a form opened before cannot put them back) and a history entry by whoever erased;
 * the programs' history and who created one name ERASED_CONTACT instead. Returns the programs changed.
 */
export async function eraseFromPrograms(person: ErasedPerson, by: string, now: Date): Promise<number> {
  const ids = [...person.slackUserIds];
  const emails = [...person.emails];
  const isTheirs = (c: { slackUserId?: string | null; email?: string | null }) =>
    Boolean((c.slackUserId && ids.includes(c.slackUserId)) || (c.email && emails.includes(c.email.toLowerCase())));
  const programs = await ProgramModel.find(
    {
      $or: [
        { 'contacts.slackUserId': { $in: ids } },
        ...(emails.length ? [{ 'contacts.email': { $in: emails } }] : []),
        { createdBy: { $in: ids } },
        { 'history.by': { $in: ids } },
      ],
    },
    { contacts: 1, history: 1, createdBy: 1, revision: 1 },
  ).lean();
  let changed = 0;
  for (const p of programs) {
    const contacts = (p.contacts ?? []).filter((c) => !isTheirs(c));
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
  return changed;
}
