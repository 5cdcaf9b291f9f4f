import { Types } from 'mongoose';
import { requireCommissionManager, resolveActor, type Actor } from '../access';
import { requireCommission, requireManagerOf } from '../commissions';
import { conflict, invalidInput, notFound } from '../errors';
import { getPartner } from '../partners';
import { requireSchoolNamed } from '../schools';
import { escapeMrkdwn } from '../slack/text';
import { syncMemberships } from './memberships';
import { MEMBER_KINDS, MEMBER_ROLES, MemberModel, type Member, type MemberKind, type MemberRole, type StaffRole } from './model';
import { normalizeName } from '../domain/names';

/** Commission members: one write path (add, change, remove), each checked against the permission module. */

export type MemberRecord = Member & { _id: Types.ObjectId; createdAt?: Date; updatedAt?: Date };

export interface MemberInput {
  kind: MemberKind;
  role: MemberRole;
  startDate: string;
  slackUserId?: string;
  name: string;
  organisation: string;
  email: string;
  /** School staff: the school's name or district code, as typed. */
  school?: string;
  staffRole?: StaffRole;
}

export const KIND_LABELS: Record<MemberKind, string> = {
  industry: 'Industry',
  postsecondary: 'Postsecondary',
  school: 'School staff',
  district: 'District staff',
};

export const ROLE_LABELS: Record<MemberRole, string> = { chair: 'Chair', 'co-chair': 'Co-chair', member: 'Member' };

/** Who the person is, for "nobody is a member twice": their Slack id, else their email, else name and organisation. */
export function personKeyOf(input: Pick<MemberInput, 'slackUserId' | 'email' | 'name' | 'organisation'>): string {
  if (input.slackUserId) return `slack:${input.slackUserId}`;
  if (input.email) return `email:${input.email.toLowerCase()}`;
  return `name:${normalizeName(input.name)}|${normalizeName(input.organisation)}`;
}

/** How a member is shown: their Slack mention, or name (and organisation). Escaped for mrkdwn. */
export function memberLabel(m: Pick<MemberRecord, 'slackUserId' | 'name' | 'organisation' | 'schoolName' | 'kind'>): string {
  const who = m.slackUserId ? `<@${m.slackUserId}>` : escapeMrkdwn(m.name);
  const org = m.kind === 'school' ? m.schoolName : m.organisation;
  return org ? `${who} (${escapeMrkdwn(org)})` : who;
}

/** Plain text (for option labels): name or Slack id, with organisation. */
export function memberPlainLabel(m: Pick<MemberRecord, 'slackUserId' | 'name' | 'organisation' | 'schoolName' | 'kind'>): string {
  const who = m.name || (m.slackUserId ? `@${m.slackUserId}` : '?');
  const org = m.kind === 'school' ? m.schoolName : m.organisation;
  return org ? `${who} · ${org}` : who;
}

const KIND_ORDER = new Map(MEMBER_KINDS.map((k, i) => [k, i]));
const ROLE_ORDER = new Map(MEMBER_ROLES.map((r, i) => [r, i]));

function byKindRoleName(a: MemberRecord, b: MemberRecord): number {
  return (
    (KIND_ORDER.get(a.kind as MemberKind) ?? 9) - (KIND_ORDER.get(b.kind as MemberKind) ?? 9) ||
    (ROLE_ORDER.get(a.role as MemberRole) ?? 9) - (ROLE_ORDER.get(b.role as MemberRole) ?? 9) ||
    memberPlainLabel(a).localeCompare(memberPlainLabel(b))
  );
}

/** Members of a commission, by kind, chairs first. At most `limit` (a commission has tens, not thousands). */
export async function membersOf(commissionKey: string, limit = 500): Promise<MemberRecord[]> {
  const rows = await MemberModel.find({ commissionKey }).limit(limit).lean<MemberRecord[]>();
  return rows.sort(byKindRoleName);
}

/** The member of `commissionKey` who is this Slack user, if any. */
export async function memberBySlackUser(commissionKey: string, userId: string): Promise<MemberRecord | null> {
  return MemberModel.findOne({ commissionKey, personKey: `slack:${userId}` }).lean<MemberRecord>();
}

export async function getMember(id: string): Promise<MemberRecord> {
  const found = Types.ObjectId.isValid(id) ? await MemberModel.findById(id).lean<MemberRecord>() : null;
  if (!found) throw notFound('That member is no longer on the commission. See `/iec commission members <key>`.');
  return found;
}

interface Resolved {
  fields: Omit<Member, 'commissionKey' | 'addedBy' | 'history' | 'revision' | 'createdAt' | 'updatedAt'>;
}

/** Checks an input against the kind's rules and fills in what the app knows (a contact's partner, the school). */
async function resolveInput(input: MemberInput, admins: readonly string[]): Promise<Resolved> {
  let organisation = input.organisation.trim();
  let name = input.name.trim();
  let partnerId: string | undefined;
  if (input.kind === 'industry' && input.slackUserId) {
    const contact = await resolveActor(input.slackUserId, admins);
    if (contact.partnerIds.length > 0) {
      const partner = await getPartner(String(contact.partnerIds[0]));
      partnerId = partner.id;
      if (!organisation) organisation = partner.name;
      if (!name) name = partner.contacts.find((c) => c.slackUserId === input.slackUserId)?.name ?? '';
    }
  }
  if (!input.slackUserId && !input.name.trim()) {
    throw invalidInput('Pick the person in Slack, or give their name.', { name: 'Pick the person in Slack above, or give their name.' });
  }
  if ((input.kind === 'industry' || input.kind === 'postsecondary') && !organisation) {
    throw invalidInput('Give their organisation.', {
      organisation: `${KIND_LABELS[input.kind]} members need their organisation (a partner contact's is filled in).`,
    });
  }
  let school: { id: string; name: string } | undefined;
  if (input.kind === 'school') {
    if (!input.school?.trim()) throw invalidInput('Name their school.', { school: 'School staff need their school (name or code).' });
    const found = await requireSchoolNamed(input.school);
    school = { id: found.id, name: found.name };
  }
  return {
    fields: {
      personKey: personKeyOf({ ...input, name, organisation }),
      kind: input.kind,
      role: input.role,
      startDate: input.startDate,
      slackUserId: input.slackUserId,
      name,
      organisation: input.kind === 'school' ? '' : organisation,
      email: input.email.trim().toLowerCase(),
      partnerId,
      schoolId: school?.id,
      schoolName: school?.name,
      staffRole: input.kind === 'school' ? (input.staffRole ?? '') : '',
    },
  };
}

function duplicateMessage(existing: MemberRecord, commissionName: string): string {
  return `${memberPlainLabel(existing)} is already a member of ${commissionName} (${KIND_LABELS[existing.kind as MemberKind].toLowerCase()}, since ${existing.startDate}).`;
}

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/** Adds a member to a commission (its leads and administrators). A duplicate is refused and nothing is written. */
export async function addMember(
  actor: Actor,
  commissionInput: string,
  input: MemberInput,
  admins: readonly string[],
  submissionKey?: string,
): Promise<{ member: MemberRecord; created: boolean }> {
  const earlier = submissionKey ? await MemberModel.findOne({ submissionKey }).lean<MemberRecord>() : null;
  if (earlier) return { member: earlier, created: false };
  const commission = await requireCommission(commissionInput);
  requireCommissionManager(actor, commission);
  const { fields } = await resolveInput(input, admins);
  const existing = await MemberModel.findOne({ commissionKey: commission.key, personKey: fields.personKey }).lean<MemberRecord>();
  const duplicateField = input.slackUserId ? 'user' : input.email ? 'email' : 'name';
  if (existing) {
    const message = duplicateMessage(existing, commission.name);
    throw invalidInput(message, { [duplicateField]: message });
  }
  try {
    const doc = await MemberModel.create({
      ...fields,
      commissionKey: commission.key,
      addedBy: actor.userId,
      ...(submissionKey ? { submissionKey } : {}),
    });
    await syncMemberships([fields.slackUserId]);
    return { member: doc.toObject() as MemberRecord, created: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // both deliveries of one submission at once: the other one added it
    const same = submissionKey ? await MemberModel.findOne({ submissionKey }).lean<MemberRecord>() : null;
    if (same) return { member: same, created: false };
    const raced = await MemberModel.findOne({ commissionKey: commission.key, personKey: fields.personKey }).lean<MemberRecord>();
    const message = raced ? duplicateMessage(raced, commission.key) : 'That person was just added by someone else.';
    throw invalidInput(message, { [duplicateField]: message });
  }
}

function describeChange(before: MemberRecord, after: Resolved['fields']): string {
  const changes: string[] = [];
  if (before.kind !== after.kind) changes.push(`kind ${before.kind} → ${after.kind}`);
  if (before.role !== after.role) changes.push(`role ${before.role} → ${after.role}`);
  if (before.startDate !== after.startDate) changes.push(`start ${before.startDate} → ${after.startDate}`);
  if ((before.schoolName ?? '') !== (after.schoolName ?? ''))
    changes.push(`school ${before.schoolName ?? '—'} → ${after.schoolName ?? '—'}`);
  if (before.organisation !== after.organisation) changes.push(`organisation ${before.organisation || '—'} → ${after.organisation || '—'}`);
  if (before.personKey !== after.personKey || before.name !== after.name || before.email !== after.email) changes.push('contact details');
  return changes.join(', ') || 'no change';
}

/**
 * Changes a member. `expectedRevision` is what the person saw: a change made meanwhile is not overwritten. The
 * same submission (`submissionKey`) delivered again after it saved returns the member as it saved it.
 */
export async function updateMember(
  actor: Actor,
  id: string,
  input: MemberInput,
  expectedRevision: number,
  admins: readonly string[],
  now: Date,
  submissionKey?: string,
): Promise<MemberRecord> {
  const before = await getMember(id);
  if (submissionKey && before.history?.some((h) => h.submissionKey === submissionKey)) return before;
  await requireManagerOf(actor, before.commissionKey);
  const { fields } = await resolveInput(input, admins);
  const other = await MemberModel.findOne({
    commissionKey: before.commissionKey,
    personKey: fields.personKey,
    _id: { $ne: before._id },
  }).lean<MemberRecord>();
  if (other) {
    const message = duplicateMessage(other, (await requireCommission(before.commissionKey)).name);
    throw invalidInput(message, { [input.slackUserId ? 'user' : input.email ? 'email' : 'name']: message });
  }
  const unset = Object.fromEntries(
    (['slackUserId', 'partnerId', 'schoolId', 'schoolName'] as const).filter((k) => fields[k] === undefined).map((k) => [k, 1]),
  );
  const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const updated = await MemberModel.findOneAndUpdate(
    { _id: before._id, revision: expectedRevision },
    {
      $set: set,
      ...(Object.keys(unset).length ? { $unset: unset } : {}),
      $inc: { revision: 1 },
      $push: {
        history: { at: now, by: actor.userId, change: describeChange(before, fields), ...(submissionKey ? { submissionKey } : {}) },
      },
    },
    { new: true },
  ).lean<MemberRecord>();
  if (!updated) throw conflict('Someone else changed this member meanwhile. Open the member list again and retry.');
  await syncMemberships([before.slackUserId, updated.slackUserId]);
  return updated;
}

/** Takes a member off a commission. Their attendance stays recorded under the name they had. */
export async function removeMember(actor: Actor, id: string): Promise<MemberRecord> {
  const member = await getMember(id);
  await requireManagerOf(actor, member.commissionKey);
  await MemberModel.deleteOne({ _id: member._id });
  await syncMemberships([member.slackUserId]);
  return member;
}
