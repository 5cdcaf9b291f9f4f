import { CommissionModel } from '../../src/commissions/model';
import { PartnerModel } from '../../src/partners/model';
import { usersConcerned } from '../../src/home/refresh';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

/** Whose Home tab shows a change (before filtering by who opened theirs). */
describe('usersConcerned', () => {
  beforeAll(connectTestDatabase);
  afterAll(disconnectTestDatabase);
  beforeEach(async () => {
    await clearCollections();
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', leads: ['ULEAD1', 'ULEAD2'] });
  });

  it('a commitment: who acted, the leads, the recorder and the partner contacts in Slack, each once', async () => {
    const partner = await PartnerModel.create({
      name: 'Acme',
      contacts: [
        { name: 'Pat', slackUserId: 'UPAT' },
        { name: 'No Slack', email: 'x@example.com' },
        { name: 'Lead too', slackUserId: 'ULEAD2' },
      ],
    });
    const users = await usersConcerned(
      'commitment',
      { partnerId: partner._id, commissionKey: 'healthcare', recordedBy: 'URECORDER' },
      'UACTOR',
    );
    expect(users).toEqual(['UACTOR', 'ULEAD1', 'ULEAD2', 'URECORDER', 'UPAT']);
  });

  it('a deliverable: who acted, the leads and the owner; a meeting: who acted and the leads', async () => {
    expect(await usersConcerned('deliverable', { ownerId: 'UOWNER', commissionKey: 'healthcare' }, 'ULEAD1')).toEqual([
      'ULEAD1',
      'ULEAD2',
      'UOWNER',
    ]);
    expect(await usersConcerned('meeting', { commissionKey: 'healthcare' }, 'UADMIN')).toEqual(['UADMIN', 'ULEAD1', 'ULEAD2']);
    expect(await usersConcerned('meeting', { commissionKey: 'gone' }, 'UADMIN')).toEqual(['UADMIN']);
  });

  it('a request: only the contact asked (the IEC’s Home does not list requests)', async () => {
    expect(await usersConcerned('request', { contactUserId: 'UPAT' }, 'ULEAD1')).toEqual(['UPAT']);
  });
});
