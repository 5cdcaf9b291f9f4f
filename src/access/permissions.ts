import type { Types } from 'mongoose';

/**
 * Every action the app guards, and who may take it. This list is the permission model: `can` reads it, the README's
 * permission table is this list (test/access/permissions.test.ts checks both, and generates the role × action
 * matrix from it, so an action added here without an expected answer fails the test).
 *
 * Per role, an action is allowed on `all` targets, on the role's `own` ones, or `none`:
 * - administrator: district-wide;
 * - lead: own = the commissions they lead;
 * - partner contact: own = their own organisation (the partner they are a contact of);
 * - member: own = the commissions they are a member of (src/members);
 * - anyone else: nothing.
 */
export const ROLES = ['admin', 'lead', 'partnerContact', 'member', 'anyone'] as const;
export type Role = (typeof ROLES)[number];
export type Scope = 'all' | 'own' | 'none';

export interface ActionRule {
  /** What it covers, as the README's table says it. */
  summary: string;
  who: Record<Role, Scope>;
}

const rule = (summary: string, who: Partial<Record<Role, Scope>>): ActionRule => ({
  summary,
  who: { admin: 'all', lead: 'none', partnerContact: 'none', member: 'none', anyone: 'none', ...who },
});

export const ACTIONS = {
  'district.settings': rule('the no-school calendar and the administrators', {}),
  'audit.read': rule('the audit trail (`/iec audit`)', {}),
  'contact.erase': rule('erase a partner contact’s personal data (`/iec contact erase`)', {}),
  'commission.manage': rule(
    'a commission’s settings, channel, targets, deliverables, meetings, imports and merges touching it, and changing or cancelling its commitments',
    { lead: 'own' },
  ),
  'commission.appointLead': rule('appoint or remove a commission’s leads (a lead: people of the district’s own organisation only)', {
    lead: 'own',
  }),
  'commission.read': rule('see any commission: lists, digests, deliverables, meetings, partners, reports, status', { lead: 'all' }),
  'commission.view': rule('a commission’s members, meetings and attendance', { lead: 'all', member: 'own' }),
  'partner.manage': rule(
    'add, edit and merge partners and their contacts (a lead: partners of a commission they lead, changing only the commissions they lead)',
    { lead: 'own' },
  ),
  'iec.tools': rule('the partner and school lists, add schools, ask a contact for a commitment', { lead: 'all' }),
  'record.archive': rule('archive and restore partners and schools (`/iec archive`, `/iec restore`)', { lead: 'all' }),
  'record.delete': rule('delete for good a partner or school that nothing refers to (`/iec delete`)', {}),
  'commitment.record': rule('record, change, cancel or fulfil a commitment', { lead: 'own', partnerContact: 'own' }),
  'commitment.read': rule('see, report on and export commitments', { lead: 'all', partnerContact: 'own' }),
  'program.manage': rule('add and change a commission’s programs of study, their stages and review dates, and its readiness rules', {
    lead: 'own',
  }),
  'program.read': rule('see programs of study, their readiness, reports and exports (with partner and panelist names)', {
    lead: 'all',
    member: 'own',
  }),
} as const satisfies Record<string, ActionRule>;

export type Action = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as Action[];

/**
 * What an action is about: the commission and/or the partner it touches. Without one, `own` means "some of their own".
 * `commissionKeys` (a partner's commissions): a lead owns it when they lead one of them (none: nobody's, administrators only).
 */
export interface Target {
  commissionKey?: string;
  commissionKeys?: readonly string[];
  partnerId?: Types.ObjectId | string;
}

/** The roles the permission check needs (the Actor of actor.ts has them). */
export interface RoleHolder {
  isAdmin: boolean;
  leads: readonly string[];
  partnerIds: readonly Types.ObjectId[];
  memberOf?: readonly string[];
}

function owns(actor: RoleHolder, role: Role, target: Target): boolean {
  switch (role) {
    case 'lead':
      if (target.commissionKey !== undefined) return actor.leads.includes(target.commissionKey);
      if (target.commissionKeys !== undefined) return target.commissionKeys.some((k) => actor.leads.includes(k));
      return actor.leads.length > 0;
    case 'partnerContact':
      return target.partnerId !== undefined
        ? actor.partnerIds.some((id) => id.equals(target.partnerId as Types.ObjectId | string))
        : actor.partnerIds.length > 0;
    case 'member': {
      const memberOf = actor.memberOf ?? [];
      return target.commissionKey !== undefined ? memberOf.includes(target.commissionKey) : memberOf.length > 0;
    }
    default:
      return true;
  }
}

function holds(actor: RoleHolder, role: Role): boolean {
  switch (role) {
    case 'admin':
      return actor.isAdmin;
    case 'lead':
      return actor.leads.length > 0;
    case 'partnerContact':
      return actor.partnerIds.length > 0;
    case 'member':
      return (actor.memberOf ?? []).length > 0;
    case 'anyone':
      return true;
  }
}

/** Whether `actor` may take `action` on `target`: through any role they hold. */
export function can(actor: RoleHolder, action: Action, target: Target = {}): boolean {
  const who = ACTIONS[action].who;
  return ROLES.some((role) => holds(actor, role) && (who[role] === 'all' || (who[role] === 'own' && owns(actor, role, target))));
}

/** How a refusal names a commission by its key (its name; without one, the key itself). */
export type CommissionNames = ReadonlyMap<string, string>;

const namesOf = (keys: readonly string[], names: CommissionNames | undefined) => keys.map((k) => names?.get(k) ?? k).join(', ');

/**
 * Why `actor` may not make a change touching these commissions (an import's rows, a merge), or undefined when
 * they may: `commission.manage` on every one of them. `names` names them as people do.
 */
export function commissionsRefusal(actor: RoleHolder, commissionKeys: readonly string[], names?: CommissionNames): string | undefined {
  const others = [...new Set(commissionKeys)].filter((commissionKey) => !can(actor, 'commission.manage', { commissionKey }));
  if (others.length === 0) return undefined;
  const yours =
    actor.leads.length > 0
      ? `you lead ${namesOf(actor.leads, names)}, not ${namesOf(others, names)}`
      : `you do not lead ${namesOf(others, names)}`;
  return `${yours}; only administrators and those commissions' leads can change them`;
}

/** Importing at all: administrators and commission leads (which rows, `importRefusal` says). */
export function canImport(actor: RoleHolder): boolean {
  return can(actor, 'commission.manage');
}

/** Why this actor may not import a row of these commissions, or undefined when they may. */
export function importRefusal(actor: RoleHolder, commissionKeys: readonly string[], names?: CommissionNames): string | undefined {
  if (commissionKeys.length === 0 && !can(actor, 'district.settings'))
    return `name a commission you lead (${namesOf(actor.leads, names)}); only administrators import others`;
  return commissionsRefusal(actor, commissionKeys, names);
}

/**
 * Why `actor` may not make this change to a partner, or undefined when they may (`partner.manage`): an existing
 * partner (`before`: its commissions) must be one of a commission they lead, and every commission added or
 * removed (`after`) one they lead. A new partner: every commission one they lead, and at least one.
 */
export function partnerChangeRefusal(
  actor: RoleHolder,
  before: readonly string[] | undefined,
  after: readonly string[],
  names?: CommissionNames,
): string | undefined {
  if (can(actor, 'partner.manage', { commissionKeys: before ?? after })) {
    const touched = before ? [...after.filter((k) => !before.includes(k)), ...before.filter((k) => !after.includes(k))] : after;
    const others = touched.filter((commissionKey) => !can(actor, 'partner.manage', { commissionKey }));
    if (others.length === 0) return undefined;
    return `Only the leads of ${namesOf(others, names)} and iec-bot administrators can add a partner to ${others.length > 1 ? 'those commissions' : 'that commission'} or take it off.`;
  }
  if (before) {
    return before.length > 0
      ? `Only the leads of ${namesOf(before, names)} (this partner's commissions) and iec-bot administrators can change this partner.`
      : 'This partner is in no commission: only iec-bot administrators can change it.';
  }
  return 'Pick a commission you lead for the new partner; only iec-bot administrators add partners to other commissions.';
}

const SCOPE_WORDS: Record<Scope, string> = { all: 'all', own: 'their own', none: '—' };

/** The README's permission table, from the list. */
export function permissionTable(): string {
  const header = '| action | administrator | commission lead | partner contact | commission member | anyone else |';
  const rows = ACTION_NAMES.map((name) => {
    const { summary, who } = ACTIONS[name];
    return `| ${summary} | ${ROLES.map((r) => SCOPE_WORDS[who[r]]).join(' | ')} |`;
  });
  return [header, '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}
