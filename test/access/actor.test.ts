import type { Types } from 'mongoose';
import {
  canActForPartner,
  canManageCommission,
  isIec,
  isPartnerContact,
  requireAdmin,
  requireCommissionManager,
  requireIec,
  requireKnown,
  requirePartnerAccess,
  resolveActor,
  type Actor,
} from '../../src/access/actor';
import { AdminModel } from '../../src/access/model';
import { CommissionModel } from '../../src/commissions/model';
import { PartnerModel } from '../../src/partners/model';
import { rebuildPeopleIndex } from '../../src/reconcile/people';
import { connectTestDatabase, disconnectTestDatabase } from '../support/db';

const ENV_ADMINS = ['UENVADMIN'];
let sap: Types.ObjectId;
let msft: Types.ObjectId;
const actors: Record<string, Actor> = {};

beforeAll(async () => {
  await connectTestDatabase();
  await AdminModel.create({ userId: 'UDBADMIN', addedBy: 'UENVADMIN' });
  await CommissionModel.create([
    { key: 'healthcare', name: 'Healthcare', leads: ['ULEAD'] },
    { key: 'it', name: 'Information Technology', leads: [] },
  ]);
  [sap, msft] = (
    await PartnerModel.create([
      { name: 'SAP', contacts: [{ name: 'Pat', slackUserId: 'UCONTACT' }] },
      { name: 'Microsoft', contacts: [] },
    ])
  ).map((p) => p._id);
  // written directly above: the people index is rebuilt from them (test/access/people.test.ts covers the write paths)
  await rebuildPeopleIndex();
  for (const id of ['UENVADMIN', 'UDBADMIN', 'ULEAD', 'UCONTACT', 'USTRANGER']) actors[id] = await resolveActor(id, ENV_ADMINS);
});
afterAll(disconnectTestDatabase);

describe('resolveActor', () => {
  it('knows admins from the configuration and from the database, leads and partner contacts', () => {
    expect(actors.UENVADMIN).toMatchObject({ isAdmin: true, leads: [], partnerIds: [] });
    expect(actors.UDBADMIN).toMatchObject({ isAdmin: true, leads: [] });
    expect(actors.ULEAD).toMatchObject({ isAdmin: false, leads: ['healthcare'] });
    expect(actors.UCONTACT.isAdmin).toBe(false);
    expect(actors.UCONTACT.partnerIds.map(String)).toEqual([String(sap)]);
    expect(actors.USTRANGER).toMatchObject({ isAdmin: false, leads: [], partnerIds: [] });
  });
});

describe('permissions by role', () => {
  const table: Array<
    [
      string,
      { iec: boolean; admin: boolean; known: boolean; contact: boolean; sap: boolean; msft: boolean; healthcare: boolean; it: boolean },
    ]
  > = [
    ['UENVADMIN', { iec: true, admin: true, known: true, contact: false, sap: true, msft: true, healthcare: true, it: true }],
    ['UDBADMIN', { iec: true, admin: true, known: true, contact: false, sap: true, msft: true, healthcare: true, it: true }],
    ['ULEAD', { iec: true, admin: false, known: true, contact: false, sap: true, msft: true, healthcare: true, it: false }],
    ['UCONTACT', { iec: false, admin: false, known: true, contact: true, sap: true, msft: false, healthcare: false, it: false }],
    ['USTRANGER', { iec: false, admin: false, known: false, contact: false, sap: false, msft: false, healthcare: false, it: false }],
  ];

  it.each(table)('%s', (userId, expected) => {
    const actor = actors[userId];
    const passes = (check: () => void) => {
      try {
        check();
        return true;
      } catch (err) {
        expect(err).toMatchObject({ code: 'forbidden' });
        return false;
      }
    };
    expect(isIec(actor)).toBe(expected.iec);
    expect(isPartnerContact(actor)).toBe(expected.contact);
    expect(passes(() => requireIec(actor))).toBe(expected.iec);
    expect(passes(() => requireAdmin(actor))).toBe(expected.admin);
    expect(passes(() => requireKnown(actor))).toBe(expected.known);
    expect(canActForPartner(actor, sap)).toBe(expected.sap);
    expect(canActForPartner(actor, String(msft))).toBe(expected.msft);
    expect(passes(() => requirePartnerAccess(actor, msft, 'Microsoft'))).toBe(expected.msft);
    expect(canManageCommission(actor, 'healthcare')).toBe(expected.healthcare);
    expect(passes(() => requireCommissionManager(actor, 'it'))).toBe(expected.it);
  });

  it('refuses politely, naming the organisation', () => {
    expect(() => requirePartnerAccess(actors.UCONTACT, msft, 'Microsoft')).toThrow(
      /only act for your own organisation, not for \*Microsoft\*/,
    );
    expect(() => requireIec(actors.USTRANGER)).toThrow(/only for Industry Engagement Coordinators/);
  });
});
