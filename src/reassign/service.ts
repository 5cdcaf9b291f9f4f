import type { WebClient } from '@slack/web-api';
import { can, deactivatedAmong, districtPersonProblem, requireCommissionsManaged, type DistrictPersonProblem } from '../access';
import { recordAudit } from '../audit';
import { changeCommissionLead, commissionNames, commissionsLedBy, findCommission } from '../commissions';
import { deliverablesOwnedBy, handOverDeliverables } from '../deliverables';
import type { Actor } from '../domain/actor';
import type { HandOverScope, OwnedRecords } from '../domain/handover';
import { forbidden } from '../errors';
import { handOverMeetings, meetingsOrganisedBy } from '../meetings';
import { handOverPartners, partnersOwnedBy } from '../partners';
import type { HandOverRequest } from './input';
import { HandOverModel } from './model';

/**
 * Handing a person's work over (`/iec reassign @from @to [commission] [leads]`): their partners, open
 * deliverables, the coming meetings they organise and, when asked, their lead roles, each moved by its own
 * feature's write path (a history entry on every record), then one audit entry. Administrators hand over in any
 * commission; a lead only in the commissions they lead. The one taking over must be a person of the district
 * (the rule for appointing leads). A preview first; its Confirm hands over once, however often it is pressed.
 */

/** What the hand-over covers and what would move. */
export interface HandOverPlan {
  from: string;
  to: string;
  /** The commission named, when one was. */
  commission?: { key: string; name: string };
  /** A lead who named no commission: the commissions they lead, the only ones handed over. */
  limitedTo?: Array<{ key: string; name: string }>;
  scope: HandOverScope;
  partners: OwnedRecords;
  deliverables: OwnedRecords;
  meetings: OwnedRecords;
  /** The commissions in scope `from` leads (names): moved only when confirmed with lead roles. */
  leadRoles: Array<{ key: string; name: string }>;
  /** Whether lead roles were asked for with the command (`leads`). */
  withLeads: boolean;
  /** `from`'s Slack account is deactivated. */
  fromDeactivated: boolean;
}

export interface HandOverOutcome {
  from: string;
  to: string;
  commission?: { key: string; name: string };
  limitedTo?: Array<{ key: string; name: string }>;
  partners: OwnedRecords;
  deliverables: OwnedRecords;
  meetings: OwnedRecords;
  leadRoles: string[];
}

const TO_REFUSALS: Record<DistrictPersonProblem, (who: string) => string> = {
  unchecked: (who) => `I could not check who ${who} is with Slack, so only an iec-bot administrator can hand work over to them.`,
  inactive: (who) => `${who} is not an active person in this workspace: hand the work over to someone who is.`,
  guest: (who) => `${who} is a guest in this workspace: work is handed over to people of the district only.`,
  'other organisation': (who) => `${who} belongs to another organisation: work is handed over to people of the district only.`,
  'partner contact': (who) => `${who} is a partner contact: work is handed over to people of the district only.`,
};

export interface HandOverContext {
  client: WebClient;
  envAdmins: readonly string[];
  now: Date;
}

/** Who may hand over what, and to whom; the records in scope. Throws a refusal a person can act on. */
async function scopeOf(actor: Actor, request: Omit<HandOverRequest, 'leads'>, ctx: HandOverContext) {
  if (!can(actor, 'commission.manage'))
    throw forbidden(':lock: Sorry, only iec-bot administrators and commission leads can hand work over.');
  let commission: { key: string; name: string } | undefined;
  if (request.commission) {
    const found = await findCommission(request.commission);
    commission = { key: found.key, name: found.name };
    // the refusal names the commissions the lead leads too: their names are read only to refuse
    if (!can(actor, 'commission.manage', { commissionKey: found.key }))
      requireCommissionsManaged(actor, [found.key], `hand over work in ${found.name}`, await commissionNames());
  }
  const problem = await districtPersonProblem(ctx.client, request.to, ctx.envAdmins);
  if (problem && !(problem === 'unchecked' && actor.isAdmin)) throw forbidden(`:lock: ${TO_REFUSALS[problem](`<@${request.to}>`)}`);
  let limitedTo: Array<{ key: string; name: string }> | undefined;
  if (!commission && !actor.isAdmin) {
    const names = await commissionNames();
    limitedTo = [...actor.leads].map((key) => ({ key, name: names.get(key) ?? key }));
  }
  const scope: HandOverScope = commission
    ? { commissionKeys: [commission.key] }
    : limitedTo
      ? { commissionKeys: limitedTo.map((c) => c.key) }
      : {};
  return { commission, limitedTo, scope };
}

async function leadRolesIn(userId: string, scope: HandOverScope): Promise<Array<{ key: string; name: string }>> {
  const led = (await commissionsLedBy(userId)).filter((k) => !scope.commissionKeys || scope.commissionKeys.includes(k));
  if (led.length === 0) return [];
  const names = await commissionNames();
  return led.map((key) => ({ key, name: names.get(key) ?? key }));
}

/** The preview: what would move. */
export async function planHandOver(actor: Actor, request: HandOverRequest, ctx: HandOverContext): Promise<HandOverPlan> {
  const { commission, limitedTo, scope } = await scopeOf(actor, request, ctx);
  const [partners, deliverables, meetings, leadRoles, deactivated] = await Promise.all([
    partnersOwnedBy(request.from, scope),
    deliverablesOwnedBy(request.from, scope),
    meetingsOrganisedBy(request.from, scope, ctx.now),
    leadRolesIn(request.from, scope),
    deactivatedAmong(ctx.client, [request.from], ctx.now),
  ]);
  return {
    from: request.from,
    to: request.to,
    ...(commission ? { commission } : {}),
    ...(limitedTo ? { limitedTo } : {}),
    scope,
    partners,
    deliverables,
    meetings,
    leadRoles,
    withLeads: request.leads,
    fromDeactivated: deactivated.has(request.from),
  };
}

/** A second press of the same preview's Confirm: who confirmed it, and what moved (once it is done). */
export interface AlreadyHandedOver {
  already: true;
  by: string;
  at: Date;
  done: boolean;
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

/**
 * Confirm: checks again (roles may have changed since the preview), claims the preview's id, moves everything
 * through the owners' write paths and records the audit entry. Pressed again: AlreadyHandedOver, nothing moves.
 */
export async function confirmHandOver(
  actor: Actor,
  button: { from: string; to: string; commissionKey?: string; previewId: string; leads: boolean },
  ctx: HandOverContext,
): Promise<HandOverOutcome | AlreadyHandedOver> {
  const request = { from: button.from, to: button.to, ...(button.commissionKey ? { commission: button.commissionKey } : {}) };
  const { commission, limitedTo, scope } = await scopeOf(actor, request, ctx);
  try {
    await HandOverModel.create({
      previewId: button.previewId,
      at: ctx.now,
      by: actor.userId,
      from: button.from,
      to: button.to,
      ...(commission ? { commissionKey: commission.key } : {}),
      leads: button.leads,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const earlier = await HandOverModel.findOne({ previewId: button.previewId }).lean();
    return { already: true, by: earlier?.by ?? actor.userId, at: earlier?.at ?? ctx.now, done: Boolean(earlier?.doneAt) };
  }
  const meta = { by: actor.userId, now: ctx.now };
  const partners = await handOverPartners(button.from, button.to, scope, meta);
  const deliverables = await handOverDeliverables(button.from, button.to, scope, meta);
  const meetings = await handOverMeetings(button.from, button.to, scope, meta);
  const leadRoles: string[] = [];
  if (button.leads) {
    for (const role of await leadRolesIn(button.from, scope)) {
      // the one taking over leads it first, so the commission is never left without its lead
      await changeCommissionLead(role.key, button.to, 'add', { by: actor.userId, at: ctx.now });
      await changeCommissionLead(role.key, button.from, 'remove', { by: actor.userId, at: ctx.now });
      leadRoles.push(role.name);
    }
  }
  await recordAudit({
    at: ctx.now,
    by: actor.userId,
    action: 'work handed over',
    subject: commission ? commission.name : limitedTo ? limitedTo.map((c) => c.name).join(', ') : 'every commission',
    ...(commission ? { commissionKey: commission.key } : {}),
    ...(limitedTo ? { commissionKeys: limitedTo.map((c) => c.key) } : {}),
    people: [button.from, button.to],
    changes: [
      { field: 'owner', from: button.from, to: button.to },
      { field: 'partners', from: null, to: partners.total },
      { field: 'deliverables', from: null, to: deliverables.total },
      { field: 'meetings', from: null, to: meetings.total },
      ...(leadRoles.length > 0 ? [{ field: 'lead of', from: null, to: leadRoles.join(', ') }] : []),
    ],
  });
  await HandOverModel.updateOne(
    { previewId: button.previewId },
    {
      $set: {
        doneAt: ctx.now,
        moved: { partners: partners.total, deliverables: deliverables.total, meetings: meetings.total, leads: leadRoles },
      },
    },
  );
  return {
    from: button.from,
    to: button.to,
    ...(commission ? { commission } : {}),
    ...(limitedTo ? { limitedTo } : {}),
    partners,
    deliverables,
    meetings,
    leadRoles,
  };
}
