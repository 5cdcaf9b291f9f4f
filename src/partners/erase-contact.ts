import { forgetIfRoleless, requireAllowed, type Actor } from '../access';
import { eraseFromAudit, recordAudit } from '../audit';
import { eraseFromCommitments } from '../commitments';
import { ERASED_CONTACT } from '../domain/names';
import { notFound } from '../errors';
import { type ContactMatch, contactsMatching, type FoundContact, removeContacts } from './erase';

/**
 * `/iec contact erase` (a data-protection request), for administrators: the contact's name, email, title, phone and
 * Slack id go from the partners, the people index, the commitments (who recorded or changed one) and the audit
 * trail, replaced by ERASED_CONTACT; partners, commitments and counts stay. The erasure is audited without the
 * erased data.
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
}

export async function eraseContact(actor: Actor, match: ContactMatch, now: Date): Promise<EraseOutcome> {
  requireAllowed(actor, 'contact.erase', {}, REFUSAL);
  const removed = await removeContacts(match, actor.userId, now);
  if (removed.length === 0) throw notFound('No partner contact has that email or Slack account (an erased contact is gone already).');
  const values = [...new Set(removed.flatMap((c) => [c.name, c.email, c.title, c.phone]).filter((v): v is string => Boolean(v)))];
  const userIds = [...new Set(removed.map((c) => c.slackUserId).filter((u): u is string => Boolean(u)))];
  let commitments = 0;
  let auditEntries = 0;
  for (const userId of userIds) {
    await forgetIfRoleless(userId);
    commitments += (await eraseFromCommitments(userId)).commitments;
    auditEntries += await eraseFromAudit(userId, values, ERASED_CONTACT);
  }
  if (userIds.length === 0) auditEntries += await eraseFromAudit(undefined, values, ERASED_CONTACT);
  const partners = [...new Map(removed.map((c) => [String(c.partnerId), c.partnerName])).values()];
  await recordAudit({
    at: now,
    by: actor.userId,
    action: 'contact.erase',
    subject: `${removed.length === 1 ? 'a contact' : `${removed.length} contacts`} of ${partners.join(', ')}`.slice(0, 300),
    changes: [{ field: 'contact', from: 'personal data', to: ERASED_CONTACT }],
  });
  return { contacts: removed.length, partners, commitments, auditEntries };
}
