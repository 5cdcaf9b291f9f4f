import { forgetIfRoleless, requireAllowed, type Actor } from '../access';
import { eraseFromAudit, recordAudit } from '../audit';
import { eraseFromCommitments } from '../commitments';
import { eraseDeliverableOwner } from '../deliverables';
import { ERASED_CONTACT, type ErasedPerson } from '../domain/names';
import { forgetHomeViewer } from '../home';
import { eraseFromAttendance } from '../meetings';
import { eraseFromMembers } from '../members';
import { eraseFromPrograms } from '../programs';
import { eraseNotificationsOf } from '../scheduler';
import { notFound } from '../errors';
import { type ContactMatch, contactsMatching, type FoundContact, removeContacts } from './erase';

/**
 * `/iec contact erase` (a data-protection request), for administrators: the contact's name, email, title, phone and
 * Slack id go from everything that holds them, replaced by ERASED_CONTACT where a record must stay; partners,
 * commitments and counts stay. Each feature erases its own records through its own function: commission members
 * (members), program contacts (programs), meeting attendance (meetings), deliverables they own (deliverables),
 * notifications and reminders addressed to them (scheduler), Home (home), commitments (commitments), the audit trail (audit), then the partners' contacts
 * here and the people index (access). The partners go last, so an erasure cut short is found again and finished by
 * running it again. The erasure is audited without the erased data.
 */

const REFUSAL = ':lock: Sorry, only iec-bot administrators can erase a contact.';

/** Whom the erasure would reach (for the confirmation). */
export async function eraseCandidates(actor: Actor, match: ContactMatch): Promise<FoundContact[]> {
  requireAllowed(actor, 'contact.erase', {}, REFUSAL);
  const found = await contactsMatching(match);
  if (found.length === 0) throw notFound('No partner contact has that email or Slack account (an erased contact is gone already).');
  return found;
}

export interface EraseOutcome {
  contacts: number;
  partners: string[];
  commitments: number;
  auditEntries: number;
  /** Commission memberships removed. */
  memberships: number;
  /** Programs of study they were a contact of (or had changed). */
  programs: number;
  /** Meetings whose attendance named them. */
  meetings: number;
  /** Deliverables they owned (now owned by nobody: a lead reassigns them). */
  deliverables: number;
  /** Scheduled messages addressed to them or naming them. */
  notifications: number;
}

export async function eraseContact(actor: Actor, match: ContactMatch, now: Date): Promise<EraseOutcome> {
  requireAllowed(actor, 'contact.erase', {}, REFUSAL);
  const found = await contactsMatching(match);
  if (found.length === 0) throw notFound('No partner contact has that email or Slack account (an erased contact is gone already).');
  const person = erasedPerson(found, match);
  const userIds = [...person.slackUserIds];
  const memberships = await eraseFromMembers(person);
  const programs = await eraseFromPrograms(person, actor.userId, now);
  const meetings = await eraseFromAttendance(person);
  const deliverables = await eraseDeliverableOwner(userIds, actor.userId, now);
  const notifications = await eraseNotificationsOf(userIds);
  await forgetHomeViewer(userIds);
  let commitments = 0;
  let auditEntries = 0;
  for (const userId of userIds) {
    commitments += (await eraseFromCommitments(userId)).commitments;
    auditEntries += await eraseFromAudit(userId, person.values, ERASED_CONTACT);
  }
  if (userIds.length === 0) auditEntries += await eraseFromAudit(undefined, person.values, ERASED_CONTACT);
  const removed = await removeContacts(match, actor.userId, now);
  for (const userId of userIds) await forgetIfRoleless(userId);
  const partners = [...new Map(removed.map((c) => [String(c.partnerId), c.partnerName])).values()];
  await recordAudit({
    at: now,
    by: actor.userId,
    action: 'contact.erase',
    subject: `${removed.length === 1 ? 'a contact' : `${removed.length} contacts`} of ${partners.join(', ')}`.slice(0, 300),
    changes: [{ field: 'contact', from: 'personal data', to: ERASED_CONTACT }],
  });
  return { contacts: removed.length, partners, commitments, auditEntries, memberships, programs, meetings, deliverables, notifications };
}

/** The person the contacts found are: their Slack ids, emails and every value of theirs. */
function erasedPerson(found: readonly FoundContact[], match: ContactMatch): ErasedPerson {
  const slackUserIds = [...new Set([...found.map((c) => c.slackUserId), 'slackUserId' in match ? match.slackUserId : undefined])].filter(
    (u): u is string => Boolean(u),
  );
  const emails = [...new Set([...found.map((c) => c.email), 'email' in match ? match.email : undefined])]
    .filter((e): e is string => Boolean(e))
    .map((e) => e.trim().toLowerCase());
  const values = [
    ...new Set(found.flatMap((c) => [c.name, c.email, c.title, c.phone, c.slackUserId]).filter((v): v is string => Boolean(v))),
  ];
  return { slackUserIds, emails: [...new Set(emails)], values };
}
