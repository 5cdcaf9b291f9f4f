import { CommissionModel } from '../../src/commissions/model';
import { CommitmentModel } from '../../src/commitments/model';
import { commitmentTotals } from '../../src/commitments/totals';
import { PartnerModel } from '../../src/partners/model';
import { SchoolModel } from '../../src/schools/model';
import { COMMISSIONS, seedCommissions, seedDemo } from '../../src/seed/service';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(clearCollections);

const NOW = new Date('2026-10-05T14:00:00Z');

describe('seed', () => {
  it('creates the eight commissions once and keeps what was configured since', async () => {
    expect(await seedCommissions()).toEqual({ created: 8, total: 8 });
    await CommissionModel.updateOne({ key: 'healthcare' }, { $set: { channelId: 'C0HEALTH', leads: ['U1'] } });
    expect(await seedCommissions()).toEqual({ created: 0, total: 8 });
    expect((await CommissionModel.find({}).sort({ key: 1 }).lean()).map((c) => c.key)).toEqual(COMMISSIONS.map((c) => c.key).sort());
    expect(await CommissionModel.findOne({ key: 'healthcare' }).lean()).toMatchObject({
      name: 'Healthcare',
      channelId: 'C0HEALTH',
      leads: ['U1'],
    });
  });

  it('adds demo partners, schools and commitments, and running it twice gives the same counts', async () => {
    const first = await seedDemo(NOW);
    expect(first).toEqual({ partners: 10, schools: 5, commitments: 6 });
    const second = await seedDemo(NOW);
    expect(second).toEqual(first);
    expect(await CommissionModel.countDocuments()).toBe(8);
    expect(await CommitmentModel.countDocuments()).toBe(6);

    const conEd = await PartnerModel.findOne({ nameKey: 'conedison' }).lean();
    expect(conEd?.contacts[0]).toMatchObject({ name: 'Marcus Bell' });
    const commitment = await CommitmentModel.findOne({ partnerName: 'Microsoft' }).lean();
    expect(commitment).toMatchObject({ unit: 'students mentored', schoolYear: '2026-27', history: [{ action: 'created' }] });
    expect(commitment?.schoolIds).toHaveLength(1);
    expect(await SchoolModel.findOne({ code: '24Q610' }).lean()).toMatchObject({ name: 'Aviation High School' });

    // the rollup counts each demo commitment once
    const totals = (await commitmentTotals({ commissionKey: 'it', schoolYear: '2026-27' })).byType;
    expect(totals.find((t) => t.type === 'mentoring')).toMatchObject({ pledged: 20 });
  });

  it('does not overwrite a partner that already exists under another spelling', async () => {
    await PartnerModel.create({ name: 'CON-EDISON', status: 'inactive' });
    await seedDemo(NOW);
    const conEd = await PartnerModel.find({ nameKey: 'conedison' }).lean();
    expect(conEd).toHaveLength(1);
    expect(conEd[0]).toMatchObject({ name: 'CON-EDISON', status: 'inactive' });
  });
});
