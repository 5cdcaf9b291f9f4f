import { resolveActor } from '../../src/access/actor';
import { PersonModel } from '../../src/access/model';
import { addAdmin, removeAdmin } from '../../src/access/service';
import { CommissionModel } from '../../src/commissions/model';
import { changeCommissionLead } from '../../src/commissions/service';
import { PartnerModel } from '../../src/partners/model';
import { addPartnerContact, createPartner, updatePartner } from '../../src/partners/service';
import { checkPeopleIndex, rebuildPeopleIndex } from '../../src/reconcile/people';
import { RoundTrips } from '../support/round-trips';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

/** The people index: kept by the write paths of access, commissions and partners; rebuilt and checked from their facts. */

const NOW = new Date('2026-10-01T14:00:00Z');
const BY = { by: 'UENV', at: NOW };
const roles = async (userId: string) => {
  const a = await resolveActor(userId, []);
  return { isAdmin: a.isAdmin, leads: a.leads, partnerIds: a.partnerIds.map(String) };
};
const partnerInput = (name: string, contacts: Array<{ name: string; slackUserId?: string }>) => ({
  name,
  commissions: ['healthcare'],
  status: 'active' as const,
  notes: '',
  contacts,
});

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  await CommissionModel.create([
    { key: 'healthcare', name: 'Healthcare' },
    { key: 'it', name: 'Information Technology' },
  ]);
});

describe('the people index follows each write path', () => {
  it('administrators added and removed in Slack', async () => {
    await addAdmin('UADM', BY, []);
    await addAdmin('UADM2', BY, []);
    expect((await roles('UADM')).isAdmin).toBe(true);
    await removeAdmin('UADM', BY, []);
    expect((await roles('UADM')).isAdmin).toBe(false);
    expect(await checkPeopleIndex()).toEqual([]);
  });

  it('commission leads added and removed, also when repeated', async () => {
    await changeCommissionLead('healthcare', 'ULEAD', 'add', BY);
    await changeCommissionLead('it', 'ULEAD', 'add', BY);
    await changeCommissionLead('it', 'ULEAD', 'add', BY);
    expect((await roles('ULEAD')).leads.sort()).toEqual(['healthcare', 'it']);
    await changeCommissionLead('healthcare', 'ULEAD', 'remove', BY);
    expect(await roles('ULEAD')).toEqual({ isAdmin: false, leads: ['it'], partnerIds: [] });
    expect(await checkPeopleIndex()).toEqual([]);
  });

  it('partner contacts: added with the partner, added one by one, and removed by an edit', async () => {
    const sap = (await createPartner(partnerInput('SAP', [{ name: 'Pat', slackUserId: 'UPAT' }]), 'UADM', NOW)).partner;
    expect((await roles('UPAT')).partnerIds).toEqual([String(sap.id)]);
    await addPartnerContact(String(sap.id), { name: 'Sam', slackUserId: 'USAM' }, NOW, 'UADM');
    expect((await roles('USAM')).partnerIds).toEqual([String(sap.id)]);
    await updatePartner(String(sap.id), partnerInput('SAP', [{ name: 'Sam', slackUserId: 'USAM' }]), NOW, { by: 'UADM' });
    expect((await roles('UPAT')).partnerIds).toEqual([]);
    expect((await roles('USAM')).partnerIds).toEqual([String(sap.id)]);
    expect(await checkPeopleIndex()).toEqual([]);
  });
});

describe('rebuild and check', () => {
  it('finds what was written around the write paths, corrects it, and then finds nothing', async () => {
    await CommissionModel.updateOne({ key: 'it' }, { $set: { leads: ['UDIRECT'] } });
    await PersonModel.create({ _id: 'UGHOST', admin: true });
    await PartnerModel.create({
      name: 'Mixed',
      contacts: [
        { name: 'Email only', email: 'a@b.org' },
        { name: 'Dana', slackUserId: 'UDANA' },
      ],
    });
    expect(await checkPeopleIndex()).toEqual(['UDANA', 'UDIRECT', 'UGHOST']);
    expect(await rebuildPeopleIndex()).toEqual(['UDANA', 'UDIRECT', 'UGHOST']);
    expect((await roles('UDANA')).partnerIds).toHaveLength(1);
    expect(await roles('UDIRECT')).toEqual({ isAdmin: false, leads: ['it'], partnerIds: [] });
    expect((await roles('UGHOST')).isAdmin).toBe(false);
    expect(await checkPeopleIndex()).toEqual([]);
    expect(await rebuildPeopleIndex()).toEqual([]);
  });
});

describe('resolving a person', () => {
  it('is one read by unique key, whatever their roles', async () => {
    await changeCommissionLead('healthcare', 'ULEAD', 'add', BY);
    await createPartner(partnerInput('SAP', [{ name: 'Lee', slackUserId: 'ULEAD' }]), 'UADM', NOW);
    const trips = await RoundTrips.connect();
    trips.start();
    const actor = await resolveActor('ULEAD', ['UENV']);
    const seen = trips.stop();
    expect(actor).toMatchObject({ isAdmin: false, leads: ['healthcare'] });
    expect(actor.partnerIds).toHaveLength(1);
    expect(seen).toEqual([{ name: 'find', collection: 'people', filter: { _id: 'ULEAD' } }]);
  });
});
