import type { Types } from 'mongoose';
import { withDeadline } from '../deadline';
import type { Actor } from '../domain/actor';
import { forbidden } from '../errors';
import { can, canImport, commissionsRefusal, partnerChangeRefusal, type Action, type CommissionNames, type Target } from './permissions';
import { readRoles } from './people';
import { escapeMrkdwn } from '../slack/text';

export type { Actor } from '../domain/actor';

/**
 * What the acting person may do. Permissions are decided here and nowhere else, by the list of actions
 * in permissions.ts (the README's permission table):
 * - administrators (IEC_ADMINS, then managed in Slack) act district-wide;
 * - commission leads (the IECs) manage their own commissions and read every commission;
 * - a partner contact records, edits and sees only their own organisation's commitments;
 * - a commission member (industry, postsecondary, school or district staff) sees their commission's members,
 *   meetings and attendance, and claims their own attendance;
 * - anyone else is refused politely.
 */

/** How long resolving a person outside a request (a Home refresh, the scheduler) may take. */
export const ACTOR_DEADLINE_MS = 1_000;

type Where = { teamId?: string; enterpriseId?: string };

/**
 * The person with their roles: one read of the people index by unique key (src/access/people.ts), under
 * ACTOR_DEADLINE_MS. Requests get it from the actor middleware (`resolveActorWithin`); this is for everyone else
 * (e.g. Home refreshes).
 */
export async function resolveActor(userId: string, envAdmins: readonly string[], where: Where = {}): Promise<Actor> {
  const roles = await withDeadline(readRoles(userId, ACTOR_DEADLINE_MS), ACTOR_DEADLINE_MS, `resolving ${userId}`);
  return actorOf(userId, envAdmins, where, roles);
}

/**
 * The same read for a request, bounded only by the server's `maxTimeMs` (what the request deadline leaves): no
 * timer of its own, since the request deadline (src/slack/request-deadline.ts) answers the person in time.
 */
export async function resolveActorWithin(userId: string, envAdmins: readonly string[], where: Where, maxTimeMs: number): Promise<Actor> {
  return actorOf(userId, envAdmins, where, await readRoles(userId, maxTimeMs));
}

function actorOf(userId: string, envAdmins: readonly string[], where: Where, roles: Awaited<ReturnType<typeof readRoles>>): Actor {
  return {
    userId,
    ...(where.teamId ? { teamId: where.teamId } : {}),
    ...(where.enterpriseId ? { enterpriseId: where.enterpriseId } : {}),
    isAdmin: envAdmins.includes(userId) || roles.admin,
    leads: roles.leads,
    partnerIds: roles.partnerIds,
    memberOf: roles.memberOf,
  };
}

/** Administrators and commission leads: the IECs. */
export function isIec(actor: Actor): boolean {
  return actor.isAdmin || actor.leads.length > 0;
}

export function isPartnerContact(actor: Actor): boolean {
  return actor.partnerIds.length > 0;
}

/** Whether the actor may see this partner's commitments (IECs: every partner; a contact: their own). */
export function canActForPartner(actor: Actor, partnerId: Types.ObjectId | string): boolean {
  return can(actor, 'commitment.read', { partnerId });
}

/** A commission in a refusal: as people call it (its name), else its key; keys stay in the commands suggested. */
export type CommissionRef = string | { key: string; name: string };

function commissionLabel(ref: CommissionRef | { commissionKey: string; commissionName?: string }): string {
  if (typeof ref === 'string') return escapeMrkdwn(ref);
  if ('key' in ref) return escapeMrkdwn(ref.name);
  return escapeMrkdwn(ref.commissionName ?? ref.commissionKey);
}

const keyOf = (ref: CommissionRef): string => (typeof ref === 'string' ? ref : ref.key);

/** Refuses politely unless `actor` may take `action` on `target` (permissions.ts). */
export function requireAllowed(actor: Actor, action: Action, target: Target, refusal: string): void {
  if (!can(actor, action, target)) throw forbidden(refusal);
}

/**
 * Recording, changing, cancelling or fulfilling a commitment: administrators, the leads of its commission, and
 * the contacts of its partner.
 */
export function requireCommitmentWrite(
  actor: Actor,
  target: { commissionKey: string; commissionName?: string; partnerId: Types.ObjectId | string; partnerName: string },
): void {
  if (can(actor, 'commitment.record', target)) return;
  if (isIec(actor)) {
    throw forbidden(
      `:lock: Sorry, only the leads of *${commissionLabel(target)}* and iec-bot administrators can record or change its commitments. Ask one of them (see \`/iec commission show ${target.commissionKey}\`).`,
    );
  }
  throw forbidden(`:lock: Sorry, you can only act for your own organisation, not for *${escapeMrkdwn(target.partnerName)}*.`);
}

export const NOT_ALLOWED_MESSAGE =
  ':lock: Sorry, this is only for Industry Engagement Coordinators. If you think you should have access, ask an iec-bot administrator to add you as a commission lead.';

/** Reading any commission (and the IEC tools: partners, schools, requests, status): administrators and leads. */
export function requireIec(actor: Actor): void {
  if (!can(actor, 'commission.read') || !can(actor, 'iec.tools')) throw forbidden(NOT_ALLOWED_MESSAGE);
}

export const DISTRICT_ONLY =
  ':lock: Sorry, that is a district-wide setting: only iec-bot administrators can change it (`/iec admin list` shows who they are).';

export function requireAdmin(actor: Actor): void {
  if (!can(actor, 'district.settings')) throw forbidden(':lock: Sorry, only iec-bot administrators can do that.');
}

export function requirePartnerAccess(actor: Actor, partnerId: Types.ObjectId | string, partnerName: string): void {
  if (!canActForPartner(actor, partnerId)) {
    throw forbidden(`:lock: Sorry, you can only act for your own organisation, not for *${escapeMrkdwn(partnerName)}*.`);
  }
}

/** Anyone the app knows: IECs and partner contacts. */
export function requireKnown(actor: Actor): void {
  if (!isIec(actor) && !isPartnerContact(actor)) throw forbidden(NOT_ALLOWED_MESSAGE);
}

/** Administrators, and the leads of this commission: who may change its deliverables and meetings. */
export function canManageCommission(actor: Actor, commissionKey: string): boolean {
  return can(actor, 'commission.manage', { commissionKey });
}

export function requireCommissionManager(actor: Actor, commission: CommissionRef): void {
  if (!canManageCommission(actor, keyOf(commission))) {
    throw forbidden(`:lock: Sorry, only the leads of *${commissionLabel(commission)}* and iec-bot administrators can change that.`);
  }
}

/** A member of this commission (as recorded in src/members). */
export function isCommissionMember(actor: Actor, commissionKey: string): boolean {
  return (actor.memberOf ?? []).includes(commissionKey);
}

/** Who may see a commission's members, meetings and attendance: IECs and the commission's own members. */
export function requireCommissionViewer(actor: Actor, commission: CommissionRef): void {
  if (!can(actor, 'commission.view', { commissionKey: keyOf(commission) })) {
    throw forbidden(
      `:lock: Sorry, only members of *${commissionLabel(commission)}*, its leads and Industry Engagement Coordinators can see that.`,
    );
  }
}

export function requireImporter(actor: Actor): void {
  if (!canImport(actor)) {
    throw forbidden(':lock: Sorry, only iec-bot administrators and commission leads can import files.');
  }
}

/**
 * Adding or changing a partner (`partner.manage`): `before` is the partner's commissions (undefined for a new
 * partner), `after` the commissions it will have. See partnerChangeRefusal.
 */
export function requirePartnerChange(
  actor: Actor,
  before: readonly string[] | undefined,
  after: readonly string[],
  names?: CommissionNames,
): void {
  const refusal = partnerChangeRefusal(actor, before, after, names);
  if (refusal) throw forbidden(`:lock: Sorry. ${refusal}`);
}

/** A change touching these commissions (a merge, a bulk change): `commission.manage` on every one; `what` names it. */
export function requireCommissionsManaged(actor: Actor, commissionKeys: readonly string[], what: string, names?: CommissionNames): void {
  const refusal = commissionsRefusal(actor, commissionKeys, names);
  if (refusal) throw forbidden(`:lock: Sorry, you cannot ${what}: ${refusal}.`);
}
