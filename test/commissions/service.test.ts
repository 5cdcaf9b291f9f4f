import { listAudit } from '../../src/audit/service';
import { CommissionModel } from '../../src/commissions/model';
import {
  changeCommissionLead,
  commissionDetail,
  findCommission,
  listCommissions,
  setCommissionChannel,
  setCommissionTarget,
} from '../../src/commissions/service';
import { CommitmentModel } from '../../src/commitments/model';
import { rebuildTotals } from '../../src/commitments/totals';
import { PartnerModel } from '../../src/partners/model';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  await CommissionModel.create([
    { key: 'healthcare', name: 'Healthcare', leads: ['ULEAD'] },
    { key: 'it', name: 'Information Technology' },
  ]);
});

async function commitment(fields: Record<string, unknown>) {
  const partner = (await PartnerModel.findOne({ name: 'SAP' })) ?? (await PartnerModel.create({ name: 'SAP' }));
  return CommitmentModel.create({
    partnerId: partner._id,
    partnerName: 'SAP',
    commissionKey: 'healthcare',
    type: 'mentoring',
    quantity: 10,
    unit: 'students mentored',
    schoolYear: '2026-27',
    startDate: '2026-09-01',
    recordedBy: 'ULEAD',
    recordedVia: 'iec',
    ...fields,
  });
}

describe('commissions service', () => {
  it('lists commissions by name', async () => {
    expect((await listCommissions()).map((c) => c.key)).toEqual(['healthcare', 'it']);
  });

  it('finds a commission by key or name regardless of case, and suggests the nearest for a typo', async () => {
    expect((await findCommission('HealthCare')).key).toBe('healthcare');
    expect((await findCommission('information technology')).key).toBe('it');
    await expect(findCommission('helthcare')).rejects.toMatchObject({
      code: 'not_found',
      userMessage: expect.stringContaining('Did you mean `healthcare`'),
    });
    await expect(findCommission('{"$gt": ""}')).rejects.toMatchObject({
      code: 'not_found',
      userMessage: expect.stringContaining('`healthcare`'),
    });
  });

  const BY = { by: 'UADMIN', at: new Date('2026-11-02T15:00:00Z') };

  it('sets the channel, targets and leads', async () => {
    await setCommissionChannel('healthcare', 'C0HEALTH', BY);
    await setCommissionTarget('healthcare', 'mentoring', 40, BY, '2026-27');
    await setCommissionTarget('healthcare', 'mentoring', 50, BY, '2026-27');
    await setCommissionTarget('healthcare', 'scholarship', 5000, BY, '2026-27');
    await setCommissionTarget('healthcare', 'scholarship', 0, BY, '2026-27');
    expect(await changeCommissionLead('healthcare', 'UNEW', 'add', BY)).toBe(true);
    expect(await changeCommissionLead('healthcare', 'UNEW', 'add', BY)).toBe(false);
    expect(await changeCommissionLead('healthcare', 'ULEAD', 'remove', BY)).toBe(true);
    expect(await changeCommissionLead('healthcare', 'ULEAD', 'remove', BY)).toBe(false);
    const stored = await CommissionModel.findOne({ key: 'healthcare' }).lean();
    expect(stored).toMatchObject({
      channelId: 'C0HEALTH',
      leads: ['UNEW'],
      targets: [{ type: 'mentoring', quantity: 50, schoolYear: '2026-27' }],
    });
    await expect(setCommissionTarget('healthcare', 'mentoring', 1.5, BY, '2026-27')).rejects.toMatchObject({ code: 'invalid_input' });
    // each change in the audit trail, newest first; what changed nothing is not recorded
    const trail = await listAudit({ commissionKey: 'healthcare' }, 0, 50);
    expect(trail.entries.map((e) => [e.action, e.changes])).toEqual([
      ['commission.lead.remove', [{ field: 'lead', from: 'ULEAD', to: null }]],
      ['commission.lead.add', [{ field: 'lead', from: null, to: 'UNEW' }]],
      ['commission.target', [{ field: 'target scholarship', from: 5000, to: 0 }]],
      ['commission.target', [{ field: 'target scholarship', from: 0, to: 5000 }]],
      ['commission.target', [{ field: 'target mentoring', from: 40, to: 50 }]],
      ['commission.target', [{ field: 'target mentoring', from: 0, to: 40 }]],
      ['commission.channel', [{ field: 'channel', from: null, to: 'C0HEALTH' }]],
    ]);
  });

  it('shows targets with this school year’s pledged and fulfilled quantities', async () => {
    await setCommissionTarget('healthcare', 'mentoring', 40, BY, '2026-27');
    await setCommissionTarget('healthcare', 'site_visit', 100, BY, '2026-27');
    await commitment({ quantity: 10 });
    await commitment({ quantity: 6, status: 'partially_fulfilled', fulfilledQuantity: 4 });
    await commitment({ quantity: 5, status: 'fulfilled', fulfilledQuantity: 0 });
    await commitment({ quantity: 50, status: 'cancelled' });
    await commitment({ quantity: 99, schoolYear: '2025-26' });
    await commitment({ quantity: 2, type: 'guest_speaking', unit: 'sessions' });
    await commitment({ quantity: 7, commissionKey: 'it' });
    // written straight to the model, past the write path: the reconcile counts them into the totals
    await rebuildTotals();
    const detail = await commissionDetail('healthcare', '2026-27');
    expect(detail.progress).toEqual([
      { type: 'mentoring', target: 40, pledged: 21, fulfilled: 9, commitments: 3 },
      { type: 'guest_speaking', pledged: 2, fulfilled: 0, commitments: 1 },
      { type: 'site_visit', target: 100, pledged: 0, fulfilled: 0, commitments: 0 },
    ]);
  });
});
