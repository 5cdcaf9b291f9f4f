import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { ACTION_NAMES, ACTIONS, can, permissionTable, ROLES, type Action, type Role, type RoleHolder } from '../../src/access/permissions';

/**
 * The role × action matrix, generated from the list of actions in src/access/permissions.ts: every listed action
 * must have a row here, so an action cannot be added without saying (and testing) who may take it.
 */

const OWN_PARTNER = new Types.ObjectId();
const OTHER_PARTNER = new Types.ObjectId();
const own = { commissionKey: 'construction', partnerId: OWN_PARTNER };
const other = { commissionKey: 'healthcare', partnerId: OTHER_PARTNER };

const PEOPLE: Record<Role, RoleHolder> = {
  admin: { isAdmin: true, leads: [], partnerIds: [] },
  lead: { isAdmin: false, leads: ['construction'], partnerIds: [] },
  partnerContact: { isAdmin: false, leads: [], partnerIds: [OWN_PARTNER] },
  member: { isAdmin: false, leads: [], partnerIds: [], memberOf: ['construction'] },
  anyone: { isAdmin: false, leads: [], partnerIds: [] },
};

/** Per action and role: [allowed on their own commission/partner, allowed on another's]. */
type Row = Record<Role, [boolean, boolean]>;
const Y: [boolean, boolean] = [true, true];
const OWN: [boolean, boolean] = [true, false];
const N: [boolean, boolean] = [false, false];

const EXPECTED: Record<string, Row> = {
  'district.settings': { admin: Y, lead: N, partnerContact: N, member: N, anyone: N },
  'audit.read': { admin: Y, lead: N, partnerContact: N, member: N, anyone: N },
  'contact.erase': { admin: Y, lead: N, partnerContact: N, member: N, anyone: N },
  'commission.manage': { admin: Y, lead: OWN, partnerContact: N, member: N, anyone: N },
  'commission.appointLead': { admin: Y, lead: OWN, partnerContact: N, member: N, anyone: N },
  'commission.read': { admin: Y, lead: Y, partnerContact: N, member: N, anyone: N },
  'commission.view': { admin: Y, lead: Y, partnerContact: N, member: OWN, anyone: N },
  'partner.manage': { admin: Y, lead: Y, partnerContact: N, member: N, anyone: N },
  'record.archive': { admin: Y, lead: Y, partnerContact: N, member: N, anyone: N },
  'record.delete': { admin: Y, lead: N, partnerContact: N, member: N, anyone: N },
  'commitment.record': { admin: Y, lead: OWN, partnerContact: OWN, member: N, anyone: N },
  'commitment.read': { admin: Y, lead: Y, partnerContact: OWN, member: N, anyone: N },
  'program.manage': { admin: Y, lead: OWN, partnerContact: N, member: N, anyone: N },
  'program.read': { admin: Y, lead: Y, partnerContact: N, member: OWN, anyone: N },
};

describe('the role × action matrix', () => {
  it('has an expected row for every listed action, and no row for an action that is gone', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTION_NAMES].sort());
  });

  const cases = ACTION_NAMES.flatMap((action) => ROLES.map((role) => [action, role] as [Action, Role]));
  it.each(cases)('%s by %s', (action, role) => {
    const [onOwn, onOther] = EXPECTED[action][role];
    expect(can(PEOPLE[role], action, own)).toBe(onOwn);
    expect(can(PEOPLE[role], action, other)).toBe(onOther);
  });

  it('someone with two roles gets what either allows', () => {
    const leadAndContact: RoleHolder = { isAdmin: false, leads: ['healthcare'], partnerIds: [OWN_PARTNER] };
    expect(can(leadAndContact, 'commitment.record', { commissionKey: 'construction', partnerId: OWN_PARTNER })).toBe(true);
    expect(can(leadAndContact, 'commitment.record', { commissionKey: 'construction', partnerId: OTHER_PARTNER })).toBe(false);
  });
});

describe('the README', () => {
  it('shows the permission table as the list has it', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(permissionTable());
    for (const name of ACTION_NAMES) expect(permissionTable()).toContain(ACTIONS[name].summary);
  });
});
