import type { Types } from 'mongoose';
import { CommissionModel } from '../commissions/model';
import { forbidden } from '../errors';
import { commissionsOfMember } from '../members/memberships';
import { PartnerModel } from '../partners/model';
import { AdminModel } from './model';

/**
 * Who is acting, and what they may do. Permissions are decided here and nowhere else:
 * - administrators (IEC_ADMINS, then managed in Slack) and commission leads (the IECs) act on everything;
 * - a partner contact records, edits and sees only their own organisation's commitments;
 * - a commission member (industry, postsecondary, school or district staff) sees their commission's members,
 *   meetings and attendance, and claims their own attendance;
 * - anyone else is refused politely.
 */
export interface Actor {
  userId: string;
  isAdmin: boolean;
  /** Commission keys this user leads. */
  leads: string[];
  /** Partners this user is a contact of. */
  partnerIds: Types.ObjectId[];
  /** Commission keys this user is a member of (src/members). */
  memberOf?: string[];
}

export async function resolveActor(userId: string, envAdmins: readonly string[]): Promise<Actor> {
  const [admin, commissions, partners, memberOf] = await Promise.all([
    envAdmins.includes(userId) ? Promise.resolve(true) : AdminModel.exists({ userId }).then(Boolean),
    CommissionModel.find({ leads: userId }, { key: 1 }).lean(),
    PartnerModel.find({ 'contacts.slackUserId': userId }, { _id: 1 }).lean(),
    commissionsOfMember(userId),
  ]);
  return { userId, isAdmin: admin, leads: commissions.map((c) => c.key), partnerIds: partners.map((p) => p._id), memberOf };
}

/** Administrators and commission leads: the IECs. */
export function isIec(actor: Actor): boolean {
  return actor.isAdmin || actor.leads.length > 0;
}

export function isPartnerContact(actor: Actor): boolean {
  return actor.partnerIds.length > 0;
}

export function canActForPartner(actor: Actor, partnerId: Types.ObjectId | string): boolean {
  return isIec(actor) || actor.partnerIds.some((id) => id.equals(partnerId));
}

export const NOT_ALLOWED_MESSAGE =
  ':lock: Sorry, this is only for Industry Engagement Coordinators. If you think you should have access, ask an iec-bot administrator to add you as a commission lead.';

export function requireIec(actor: Actor): void {
  if (!isIec(actor)) throw forbidden(NOT_ALLOWED_MESSAGE);
}

export function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw forbidden(':lock: Sorry, only iec-bot administrators can do that.');
}

export function requirePartnerAccess(actor: Actor, partnerId: Types.ObjectId | string, partnerName: string): void {
  if (!canActForPartner(actor, partnerId)) {
    throw forbidden(`:lock: Sorry, you can only act for your own organisation, not for *${partnerName}*.`);
  }
}

/** Anyone the app knows: IECs and partner contacts. */
export function requireKnown(actor: Actor): void {
  if (!isIec(actor) && !isPartnerContact(actor)) throw forbidden(NOT_ALLOWED_MESSAGE);
}

/** Administrators, and the leads of this commission: who may change its deliverables and meetings. */
export function canManageCommission(actor: Actor, commissionKey: string): boolean {
  return actor.isAdmin || actor.leads.includes(commissionKey);
}

export function requireCommissionManager(actor: Actor, commissionKey: string): void {
  if (!canManageCommission(actor, commissionKey)) {
    throw forbidden(`:lock: Sorry, only the leads of *${commissionKey}* and iec-bot administrators can change that.`);
  }
}

/** A deliverable's owner may close or snooze it (from their reminder); its commission's leads and administrators may change anything. */
export function requireDeliverableAccess(actor: Actor, commissionKey: string, ownerId: string): void {
  if (actor.userId !== ownerId) requireCommissionManager(actor, commissionKey);
}

/** A member of this commission (as recorded in src/members). */
export function isCommissionMember(actor: Actor, commissionKey: string): boolean {
  return (actor.memberOf ?? []).includes(commissionKey);
}

/** Who may see a commission's members, meetings and attendance: IECs and the commission's own members. */
export function requireCommissionViewer(actor: Actor, commissionKey: string): void {
  if (!isIec(actor) && !isCommissionMember(actor, commissionKey)) {
    throw forbidden(`:lock: Sorry, only members of *${commissionKey}*, its leads and Industry Engagement Coordinators can see that.`);
  }
}
