import { scrubbed } from '../db/history';
import { ERASED_CONTACT, type ErasedPerson, noTrace, type PersonTrace } from '../domain/names';
import { syncMemberships } from './memberships';
import { MemberModel } from './model';
import { personKeyOf } from './service';

/**
 * Erasure of a person (`/iec contact erase`): their memberships of commissions go — by Slack id, by email, or by the
 * name and organisation a member without either was added under —, as a removal does (their attendance stays
 * counted, anonymised by the meetings feature), and where they added or changed someone else's membership,
 * ERASED_CONTACT stands for them.
 */

const theirs = (person: ErasedPerson) => ({
  $or: [
    { slackUserId: { $in: [...person.slackUserIds] } },
    ...(person.emails.length ? [{ email: { $in: [...person.emails] } }] : []),
    ...(person.namedAs.length
      ? [{ personKey: { $in: person.namedAs.map((n) => personKeyOf({ name: n.name, organisation: n.organisation, email: '' })) } }]
      : []),
  ],
});

/** Their memberships (for the erasure's preview), and the names, emails and Slack ids those record. */
export async function findInMembers(person: ErasedPerson): Promise<PersonTrace> {
  const trace = noTrace();
  for (const m of await MemberModel.find(theirs(person), {
    commissionKey: 1,
    slackUserId: 1,
    email: 1,
    name: 1,
    organisation: 1,
    schoolName: 1,
  })
    .limit(1_000)
    .lean()) {
    const organisation = m.organisation || m.schoolName || '';
    trace.places.push({ kind: 'member', commissionKey: m.commissionKey, name: m.name ?? '', organisation });
    if (m.slackUserId) trace.slackUserIds.push(m.slackUserId);
    if (m.email) trace.emails.push(m.email.toLowerCase());
    if (m.name) trace.namedAs.push({ name: m.name, organisation });
  }
  return trace;
}

/** Returns how many memberships went. */
export async function eraseFromMembers(person: ErasedPerson): Promise<number> {
  const ids = [...person.slackUserIds];
  const removed = await MemberModel.deleteMany(theirs(person));
  await syncMemberships(ids);
  if (ids.length > 0) {
    await MemberModel.updateMany({ addedBy: { $in: ids } }, { $set: { addedBy: ERASED_CONTACT } });
    for (const m of await MemberModel.find({ 'history.by': { $in: ids } }, { history: 1 }).lean()) {
      await MemberModel.updateOne({ _id: m._id }, { $set: { history: scrubbed(m.history ?? [], person.values, ERASED_CONTACT) } });
    }
  }
  return removed.deletedCount;
}
