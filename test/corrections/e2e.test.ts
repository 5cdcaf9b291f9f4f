import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { CommissionModel } from '../../src/commissions/model';
import { AuditEntryModel } from '../../src/audit/model';
import { CORRECTION_ACTION, CORRECTION_BLOCK } from '../../src/corrections/ids';
import { PartnerModel } from '../../src/partners/model';
import { SchoolModel } from '../../src/schools/model';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';
import { viewOf } from '../support/views';

/**
 * Archive instead of delete, through signed requests: an archived partner or school is gone from the lists, the
 * type-ahead, name look-ups and the digest's quiet partners, and comes back when restored; administrators delete
 * for good what nothing refers to. Every step is in the audit trail.
 */

const ADMIN = 'U0ADMIN01';
const LEAD = 'U0LEAD001';
const STRANGER = 'U0NOBODY1';

const ids: { montefiore?: string; conEd?: string; school?: string } = {};

const h = useHarness({
  admins: [ADMIN],
  now: new Date('2026-11-02T15:00:00Z'),
  seed: async () => {
    await CommissionModel.create([{ key: 'healthcare', name: 'Healthcare', leads: [LEAD] }]);
    const [montefiore, conEd] = await PartnerModel.create([
      { name: 'Montefiore Medical Center', commissions: ['healthcare'] },
      { name: 'Con Edison', commissions: ['healthcare'] },
    ]);
    const [school] = await SchoolModel.create([{ name: 'Aviation High School', code: '24Q610' }]);
    ids.montefiore = String(montefiore._id);
    ids.conEd = String(conEd._id);
    ids.school = String(school._id);
  },
});

type Reply = { text?: string; blocks?: Array<{ type: string; elements?: Array<{ value?: string }> }>; replace_original?: boolean };

async function iec(text: string, userId = LEAD): Promise<Reply> {
  const before = h().fake.callsTo('response_url').length;
  await h().slack.command('/iec', text, { userId });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before);
  const reply = h().fake.callsTo('response_url').at(-1)?.args as Reply;
  if (reply.blocks) checkMessage(reply as never);
  return reply;
}

async function press(action: string, value: string | undefined, userId = LEAD): Promise<Reply> {
  const before = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({ userId, actionId: action, blockId: CORRECTION_BLOCK, value, ephemeral: true });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before);
  return h().fake.callsTo('response_url').at(-1)?.args as Reply;
}

async function typeAhead(value: string, kind: 'partner' | 'schools' = 'partner'): Promise<string[]> {
  await h().slack.command('/commit', '', { userId: LEAD });
  const form = viewOf(await h().fake.waitFor('views.open'));
  h().fake.reset();
  const res = await h().slack.options({ userId: LEAD, actionId: ACTION[kind], blockId: BLOCK[kind], value, view: { id: form.id } });
  return (res.json?.options ?? []).map((o) => o.text.text);
}

const buttonValue = (r: Reply) => r.blocks?.find((b) => b.type === 'actions')?.elements?.[0]?.value;

it('an archived partner is gone from the list, the type-ahead and name look-ups; restoring brings it back', async () => {
  const archived = await iec('archive partner montefiore medical center');
  expect(archived.text).toContain('Archived Montefiore Medical Center');
  expect(await PartnerModel.findById(ids.montefiore).lean()).toMatchObject({ archivedBy: LEAD });

  expect((await iec('partner list')).text).toBe('1 partners');
  expect(JSON.stringify((await iec('partner list')).blocks)).not.toContain('Montefiore');
  expect(await typeAhead('montifiore')).toEqual([]);
  expect((await iec('partner show Montefiore Medical Center')).text).toContain("I don't know a partner called");
  expect((await iec('archive partner Montefiore Medical Center')).text).toContain('is already archived');

  // Restore, on the answer itself
  const restored = await press(CORRECTION_ACTION.restore, buttonValue(archived));
  expect(restored.replace_original).toBe(true);
  expect(restored.text).toContain('Restored Montefiore Medical Center');
  expect((await iec('partner list')).text).toBe('2 partners');
  expect(await typeAhead('montifiore')).toEqual(['Montefiore Medical Center']);
  expect((await iec('restore partner Montefiore Medical Center')).text).toContain('is not archived');

  const audit = await AuditEntryModel.find({ subject: 'Montefiore Medical Center' }).sort({ _id: 1 }).lean();
  expect(audit.map((a) => [a.action, a.by])).toEqual([
    ['archived partner', LEAD],
    ['restored partner', LEAD],
  ]);
});

it('a school too: gone from the school list and its type-ahead until restored', async () => {
  await iec('archive school aviation high school');
  expect((await iec('school list')).text).toBe('0 schools');
  expect(await typeAhead('aviat', 'schools')).toEqual([]);
  await iec('restore school Aviation High School');
  expect(await typeAhead('aviat', 'schools')).toEqual(['Aviation High School (24Q610)']);
});

it('only IECs archive; only administrators delete for good, with a confirmation, and not while anything refers to it', async () => {
  expect((await iec('archive partner Con Edison', STRANGER)).text).toContain('Industry Engagement Coordinators');
  expect((await iec('delete partner Con Edison', LEAD)).text).toContain('Only administrators');

  await CommitmentModel.create({
    partnerId: ids.montefiore,
    partnerName: 'Montefiore Medical Center',
    commissionKey: 'healthcare',
    type: 'mentoring',
    quantity: 3,
    unit: 'students mentored',
    schoolYear: '2026-27',
    startDate: '2026-11-10',
    schoolIds: [ids.school],
    recordedBy: LEAD,
    recordedVia: 'iec',
  });
  expect((await iec('delete partner Montefiore Medical Center', ADMIN)).text).toContain('1 commitment still refer to it');
  expect((await iec('delete school Aviation High School', ADMIN)).text).toContain('1 commitment still refer to it');

  const preview = await iec('delete partner con edison', ADMIN);
  expect(preview.text).toContain('Delete the partner Con Edison for good?');
  expect(await PartnerModel.exists({ _id: ids.conEd })).toBeTruthy();
  const deleted = await press(CORRECTION_ACTION.delete, buttonValue(preview), ADMIN);
  expect(deleted.text).toContain('Deleted the partner Con Edison for good');
  expect(await PartnerModel.exists({ _id: ids.conEd })).toBeNull();
  expect(await typeAhead('con ed')).toEqual([]);
  expect(await AuditEntryModel.exists({ action: 'deleted partner', subject: 'Con Edison', by: ADMIN })).toBeTruthy();
});

it('answers a bad command with how to use it', async () => {
  expect((await iec('archive')).text).toContain('/iec archive partner <name>');
  expect((await iec('restore commission healthcare')).text).toContain('/iec restore school <name>');
  expect((await iec('archive partner Nobody Inc')).text).toContain("I don't know a partner called *Nobody Inc*");
});
