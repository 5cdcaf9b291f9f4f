import { administratorsAmong, eraseAdminAuthors, forgetIfRoleless, requireAllowed, type Actor } from '../access';
import { eraseFromAudit, recordAudit } from '../audit';
import { eraseCalendarAuthors } from '../calendar';
import { eraseLeads, findLeads } from '../commissions';
import { eraseFromCommitments, eraseFromCommitmentTexts } from '../commitments';
import { eraseDeliverableOwner, eraseFromDeliverableTexts } from '../deliverables';
import { ERASED_CONTACT, type ErasedPerson, personText, type PersonMatch, type PersonPlace, type PersonTrace } from '../domain/names';
import { conflict, notFound } from '../errors';
import { forgetHomeViewer } from '../home';
import { eraseFromImports } from '../imports';
import { eraseFromAttendance, eraseFromMeetingTexts, findInAttendance } from '../meetings';
import { eraseFromMembers, findInMembers } from '../members';
import { eraseFromPrograms, findInPrograms } from '../programs';
import { eraseFromHandOvers } from '../reassign';
import { eraseNotificationsOf } from '../scheduler';
import { eraseSchoolAuthors } from '../schools';
import { eraseFromPartnerTexts, findInPartners, removeContacts } from './erase';

/**
 * `/iec contact erase` (a data-protection request), for administrators: a person — found by Slack account or email
 * wherever they are: a partner contact, a commission member or lead, a program contact, a meeting's attendee or
 * guest — and their name, email, title, phone and Slack id go from everything that holds them, replaced by
 * ERASED_CONTACT where a record must stay; partners, commitments and counts stay. Each feature finds and erases
 * its own records through its own functions: commissions (they stop leading), members, programs, meetings
 * (attendance, who scheduled one), deliverables, commitments, schools, the calendar, imports, notifications (scheduler),
 * Home, administrators (who added one), hand-overs (reassign), the audit trail, then the partners here and the people index (access).
 * The partners go last, so an erasure cut short is found again and finished by running it again (every step is
 * idempotent). The erasure is audited without the erased data. An administrator is not erased (remove them as one first).
 */

const REFUSAL = ':lock: Sorry, only iec-bot administrators can erase a contact.';

export interface FoundPerson {
  person: ErasedPerson;
  places: PersonPlace[];
}

/** Whom the erasure would reach (for the confirmation). */
export async function eraseCandidates(actor: Actor, match: PersonMatch, envAdmins: readonly string[]): Promise<FoundPerson> {
  requireAllowed(actor, 'contact.erase', {}, REFUSAL);
  return findPerson(match, envAdmins);
}

export interface EraseOutcome {
  contacts: number;
  partners: string[];
  commitments: number;
  auditEntries: number;
  /** Commission memberships removed. */
  memberships: number;
  /** Commissions they led (they lead them no more). */
  leads: number;
  /** Programs of study they were a contact of (or had changed). */
  programs: number;
  /** Meetings whose attendance named them. */
  meetings: number;
  /** Deliverables they owned (now owned by nobody: a lead reassigns them). */
  deliverables: number;
  /** Imports they made, or whose planned writes named them. */
  imports: number;
  /** Scheduled messages addressed to them or naming them. */
  notifications: number;
  /** Records whose free text (notes, agendas, minutes, decisions, titles) named them. */
  texts: number;
}

export async function eraseContact(actor: Actor, match: PersonMatch, now: Date, envAdmins: readonly string[]): Promise<EraseOutcome> {
  requireAllowed(actor, 'contact.erase', {}, REFUSAL);
  const { person } = await findPerson(match, envAdmins);
  const userIds = [...person.slackUserIds];
  const by = { by: actor.userId, at: now };
  const leads = await eraseLeads(person, by);
  const memberships = await eraseFromMembers(person);
  const programs = await eraseFromPrograms(person, actor.userId, now);
  const meetings = await eraseFromAttendance(person);
  const deliverables = await eraseDeliverableOwner(userIds, actor.userId, now);
  const imports = await eraseFromImports(person);
  const notifications = await eraseNotificationsOf(userIds);
  await forgetHomeViewer(userIds);
  await eraseSchoolAuthors(userIds);
  await eraseCalendarAuthors(userIds);
  await eraseAdminAuthors(userIds, ERASED_CONTACT);
  await eraseFromHandOvers(userIds);
  const { commitments } = await eraseFromCommitments(person);
  // their name, email, Slack mention and phone in free text: each feature through its own write path
  const text = personText(person);
  const texts =
    (await eraseFromCommitmentTexts(text, actor.userId, now)) +
    (await eraseFromMeetingTexts(text, actor.userId, now)) +
    (await eraseFromDeliverableTexts(text, actor.userId, now)) +
    (await eraseFromPartnerTexts(text, actor.userId, now));
  let auditEntries = 0;
  for (const userId of userIds) auditEntries += await eraseFromAudit(userId, person.values, ERASED_CONTACT);
  if (userIds.length === 0) auditEntries += await eraseFromAudit(undefined, person.values, ERASED_CONTACT);
  const removed = await removeContacts(person, actor.userId, now);
  for (const userId of userIds) await forgetIfRoleless(userId);
  const partners = [...new Map(removed.map((c) => [String(c.partnerId), c.partnerName])).values()];
  await recordAudit({
    at: now,
    by: actor.userId,
    action: 'contact.erase',
    subject:
      removed.length > 0
        ? `${removed.length === 1 ? 'a contact' : `${removed.length} contacts`} of ${partners.join(', ')}`.slice(0, 300)
        : 'a person who was no partner contact',
    changes: [{ field: 'contact', from: 'personal data', to: ERASED_CONTACT }],
  });
  return {
    contacts: removed.length,
    partners,
    commitments,
    auditEntries,
    memberships,
    leads,
    programs,
    meetings,
    deliverables,
    imports,
    notifications,
    texts,
  };
}

/** What each feature knows of the person, gathered until it adds nothing (a contact's email finds their Slack id, which finds their memberships). */
const FINDERS: ReadonlyArray<(person: ErasedPerson) => Promise<PersonTrace>> = [
  findInPartners,
  findInMembers,
  findInPrograms,
  findLeads,
  findInAttendance,
];

async function findPerson(match: PersonMatch, envAdmins: readonly string[]): Promise<FoundPerson> {
  let person: ErasedPerson = {
    slackUserIds: 'slackUserId' in match ? [match.slackUserId] : [],
    emails: 'email' in match ? [match.email.trim().toLowerCase()] : [],
    values: Object.values(match),
    namedAs: [],
  };
  let places: PersonPlace[] = [];
  for (let round = 0; round < 3; round += 1) {
    const traces: PersonTrace[] = [];
    for (const find of FINDERS) traces.push(await find(person));
    places = traces.flatMap((t) => t.places);
    const next = merged(person, traces);
    const grew = (['slackUserIds', 'emails', 'values', 'namedAs'] as const).some((k) => next[k].length !== person[k].length);
    person = next;
    if (!grew) break;
  }
  if (places.length === 0 && person.slackUserIds.length === 0) {
    throw notFound(
      'Nobody here has that email: no partner contact, commission member or program contact (an erased person is gone already).',
    );
  }
  const admins = await administratorsAmong(person.slackUserIds, envAdmins);
  if (admins.length > 0) {
    throw conflict(
      `<@${admins[0]}> is an iec-bot administrator. Remove them as one first (\`/iec admin remove @…\`, or from \`IEC_ADMINS\`), then erase them.`,
    );
  }
  return { person, places };
}

function merged(person: ErasedPerson, traces: readonly PersonTrace[]): ErasedPerson {
  const uniq = (xs: readonly string[]) => [...new Set(xs.filter((x) => x.trim().length > 0))];
  const namedAs = [
    ...new Map([...person.namedAs, ...traces.flatMap((t) => t.namedAs)].map((n) => [`${n.name}|${n.organisation}`, n])).values(),
  ];
  const slackUserIds = uniq([...person.slackUserIds, ...traces.flatMap((t) => t.slackUserIds)]);
  const emails = uniq([...person.emails, ...traces.flatMap((t) => t.emails)].map((e) => e.toLowerCase()));
  return {
    slackUserIds,
    emails,
    namedAs,
    values: uniq([...person.values, ...slackUserIds, ...emails, ...namedAs.map((n) => n.name), ...traces.flatMap((t) => t.values)]),
  };
}
