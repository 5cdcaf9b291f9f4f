import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Types } from 'mongoose';
import {
  ACTION_NAMES,
  ACTIONS,
  can,
  commissionsRefusal,
  importRefusal,
  partnerChangeRefusal,
  permissionTable,
  ROLES,
  type Action,
  type Role,
  type RoleHolder,
} from '../../src/access/permissions';

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
  'partner.manage': { admin: Y, lead: OWN, partnerContact: N, member: N, anyone: N },
  'iec.tools': { admin: Y, lead: Y, partnerContact: N, member: N, anyone: N },
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

describe('changes touching several commissions', () => {
  const lead = PEOPLE.lead;
  it('a partner belongs to a lead who leads one of its commissions; one in no commission, to administrators only', () => {
    expect(can(lead, 'partner.manage', { commissionKeys: ['healthcare', 'construction'] })).toBe(true);
    expect(can(lead, 'partner.manage', { commissionKeys: ['healthcare'] })).toBe(false);
    expect(can(lead, 'partner.manage', { commissionKeys: [] })).toBe(false);
    expect(can(PEOPLE.admin, 'partner.manage', { commissionKeys: [] })).toBe(true);
  });

  it('a partner edit may add or remove only commissions the lead leads', () => {
    expect(partnerChangeRefusal(lead, ['construction'], ['construction'])).toBeUndefined();
    expect(partnerChangeRefusal(lead, ['construction', 'healthcare'], ['construction', 'healthcare'])).toBeUndefined();
    expect(partnerChangeRefusal(lead, ['construction'], ['construction', 'healthcare'])).toMatch(/Only the leads of healthcare/);
    expect(partnerChangeRefusal(lead, ['construction', 'healthcare'], ['construction'])).toMatch(/Only the leads of healthcare/);
    expect(partnerChangeRefusal(lead, ['healthcare'], ['healthcare', 'construction'])).toMatch(/healthcare \(this partner's commissions\)/);
    expect(partnerChangeRefusal(lead, [], ['construction'])).toMatch(/in no commission/);
    expect(partnerChangeRefusal(PEOPLE.admin, [], ['construction', 'healthcare'])).toBeUndefined();
    for (const role of ['partnerContact', 'member', 'anyone'] as const)
      expect(partnerChangeRefusal(PEOPLE[role], ['construction'], ['construction'])).toBeDefined();
  });

  it('a new partner needs at least one commission, every one of them led by the lead', () => {
    expect(partnerChangeRefusal(lead, undefined, ['construction'])).toBeUndefined();
    expect(partnerChangeRefusal(lead, undefined, [])).toMatch(/Pick a commission you lead/);
    expect(partnerChangeRefusal(lead, undefined, ['construction', 'healthcare'])).toMatch(/Only the leads of healthcare/);
    expect(partnerChangeRefusal(PEOPLE.admin, undefined, [])).toBeUndefined();
  });

  it('imports and merges need commission.manage on every commission they touch', () => {
    expect(commissionsRefusal(lead, ['construction', 'construction'])).toBeUndefined();
    expect(commissionsRefusal(lead, ['construction', 'healthcare', 'engineering'])).toBe(
      "you lead construction, not healthcare, engineering; only administrators and those commissions' leads can change them",
    );
    expect(commissionsRefusal(PEOPLE.partnerContact, ['construction'])).toMatch(/you do not lead construction/);
    expect(commissionsRefusal(PEOPLE.admin, ['construction', 'healthcare'])).toBeUndefined();
    expect(importRefusal(lead, [])).toMatch(/name a commission you lead \(construction\)/);
    expect(importRefusal(PEOPLE.admin, [])).toBeUndefined();
    expect(importRefusal(lead, ['healthcare'])).toMatch(/you lead construction, not healthcare/);
  });

  it('names the commissions as people do when given their names (a key without a name stays the key)', () => {
    const names = new Map([
      ['construction', 'Construction/Sustainability'],
      ['healthcare', 'Healthcare'],
    ]);
    expect(commissionsRefusal(lead, ['healthcare', 'engineering'], names)).toBe(
      "you lead Construction/Sustainability, not Healthcare, engineering; only administrators and those commissions' leads can change them",
    );
    expect(importRefusal(lead, [], names)).toMatch(/name a commission you lead \(Construction\/Sustainability\)/);
    expect(partnerChangeRefusal(lead, ['construction'], ['construction', 'healthcare'], names)).toMatch(/^Only the leads of Healthcare and/);
    expect(partnerChangeRefusal(lead, ['healthcare'], ['healthcare'], names)).toMatch(/Only the leads of Healthcare \(this partner's commissions\)/);
  });
});

describe('the README', () => {
  it('shows the permission table as the list has it', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(permissionTable());
    for (const name of ACTION_NAMES) expect(permissionTable()).toContain(ACTIONS[name].summary);
  });
});
