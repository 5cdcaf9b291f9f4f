import { CommissionModel } from '../../src/commissions/model';
import { NoSchoolDayModel } from '../../src/calendar/model';
import { ACTION } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { contactBlockId, PARTNER_ACTION, PARTNER_BLOCK } from '../../src/partners/ids';
import { PartnerModel } from '../../src/partners/model';
import { commandReply } from '../support/command-reply';
import { useHarness } from '../support/harness';
import { noticeOf, submitForm, warningUnder } from '../support/forms';
import type { ViewInput } from '../support/slack-requests';
import { viewOf } from '../support/views';

/**
 * The role scenarios of issue 12, through signed requests: what held before and must not any more.
 */

const ADMIN = 'U0ADMINSC';
const CONSTRUCTION_LEAD = 'U0LEADCON';
const HEALTH_LEAD = 'U0LEADHLT';
const CONTACT = 'U0CONTACT';
const OUTSIDER = 'U0OUTSIDE';
const GUEST = 'U0GUESTSC';
const COLLEAGUE = 'U0COLLEAG';

const h = useHarness({
  admins: [ADMIN],
  now: new Date('2026-11-02T15:00:00Z'),
  seed: async (h) => {
    h.fake.addUser({ id: CONTACT, name: 'marcus.bell' });
    h.fake.addUser({ id: OUTSIDER, name: 'other.org', team_id: 'T0OTHERORG' });
    h.fake.addUser({ id: GUEST, name: 'guest', is_restricted: true });
    h.fake.addUser({ id: COLLEAGUE, name: 'colleague' });
    await CommissionModel.create([
      { key: 'construction', name: 'Construction/Sustainability', leads: [CONSTRUCTION_LEAD] },
      { key: 'healthcare', name: 'Healthcare', leads: [HEALTH_LEAD] },
    ]);
    const [conEd] = await PartnerModel.create([
      { name: 'Con Edison', commissions: ['construction'], contacts: [{ name: 'Marcus Bell', slackUserId: CONTACT }], status: 'active' },
      { name: 'Mount Sinai', commissions: ['healthcare'], status: 'active' },
    ]);
    await CommitmentModel.create({
      partnerId: conEd._id,
      partnerName: 'Con Edison',
      commissionKey: 'construction',
      type: 'mentoring',
      quantity: 12,
      unit: 'students mentored',
      schoolYear: '2026-27',
      startDate: '2026-10-01',
      recordedBy: CONSTRUCTION_LEAD,
      recordedVia: 'iec',
    });
  },
});

const run = (text: string, userId: string) => commandReply(h(), text, userId);
const leadsOf = async (key: string) => (await CommissionModel.findOne({ key }).lean())?.leads;

describe('a lead cannot make a partner contact, a guest or someone of another organisation a lead', () => {
  it('refuses the partner contact, who then cannot export every organisation’s commitments', async () => {
    expect((await run(`commission lead add construction <@${CONTACT}>`, CONSTRUCTION_LEAD)).text).toContain('is a partner contact');
    expect(await leadsOf('construction')).toEqual([CONSTRUCTION_LEAD]);
    await run('export all', CONTACT);
    const csv = (await h().fake.waitFor('files.completeUploadExternal')) && h().fake.uploadedFiles.at(-1);
    expect(csv?.bytes?.toString('utf8')).toContain('Con Edison');
    expect(csv?.bytes?.toString('utf8')).not.toContain('Mount Sinai');
  });

  it('refuses a user of another organisation and a guest; an unknown user fails closed', async () => {
    expect((await run(`commission lead add construction <@${OUTSIDER}>`, CONSTRUCTION_LEAD)).text).toContain('another organisation');
    expect((await run(`commission lead add construction <@${GUEST}>`, CONSTRUCTION_LEAD)).text).toContain('is a guest');
    expect((await run('commission lead add construction <@U0NOBODY>', CONSTRUCTION_LEAD)).text).toContain('could not check');
    expect(await leadsOf('construction')).toEqual([CONSTRUCTION_LEAD]);
  });

  it('a lead appoints a colleague of their own commission only; an administrator appoints anyone', async () => {
    expect((await run(`commission lead add healthcare <@${COLLEAGUE}>`, CONSTRUCTION_LEAD)).text).toContain(
      'only the leads of *Healthcare*',
    );
    expect((await run(`commission lead add construction <@${COLLEAGUE}>`, CONSTRUCTION_LEAD)).text).toContain('now leads');
    expect((await run(`commission lead add healthcare <@${OUTSIDER}>`, ADMIN)).text).toContain('now leads');
    expect(await leadsOf('construction')).toEqual([CONSTRUCTION_LEAD, COLLEAGUE]);
    expect(await leadsOf('healthcare')).toEqual([HEALTH_LEAD, OUTSIDER]);
  });
});

describe('a Healthcare lead cannot cancel a Construction commitment or silence the district', () => {
  it('refuses the cancel button and the no-school range, changing nothing', async () => {
    const commitment = await CommitmentModel.findOne({}).lean();
    await h().slack.blockAction({
      userId: HEALTH_LEAD,
      ephemeral: true,
      type: 'static_select',
      actionId: ACTION.status,
      blockId: 'any',
      selectedOption: `${commitment?._id}:cancelled`,
    });
    const refusal = await h().fake.waitFor('response_url', (c) =>
      JSON.stringify(c.args).includes('only the leads of *Construction/Sustainability*'),
    );
    expect(refusal.args.text ?? JSON.stringify(refusal.args)).toContain('only the leads of');
    expect((await CommitmentModel.findOne({}).lean())?.status).toBe('pledged');

    expect((await run('calendar add 2026-11-03 2029-06-30 No school', HEALTH_LEAD)).text).toContain('only iec-bot administrators');
    expect(await NoSchoolDayModel.countDocuments()).toBe(0);
  });

  it('the Construction lead and the partner’s contact may still cancel it', async () => {
    const commitment = await CommitmentModel.findOne({}).lean();
    await h().slack.blockAction({
      userId: CONTACT,
      ephemeral: true,
      type: 'static_select',
      actionId: ACTION.status,
      blockId: 'any',
      selectedOption: `${commitment?._id}:cancelled`,
    });
    await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Status changed'));
    expect((await CommitmentModel.findOne({}).lean())?.status).toBe('cancelled');
  });
});

describe('a partner is edited by the leads of its commissions only (partner.manage)', () => {
  const conEd = async () => PartnerModel.findOne({ name: 'Con Edison' }).lean();
  const formValues = (commissions: string[], notes: string): Record<string, Record<string, string | string[]>> => ({
    [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: 'Con Edison' },
    [PARTNER_BLOCK.commissions]: { [PARTNER_ACTION.commissions]: commissions },
    [PARTNER_BLOCK.status]: { [PARTNER_ACTION.status]: 'active' },
    [PARTNER_BLOCK.notes]: { [PARTNER_ACTION.notes]: notes },
    [contactBlockId(0, 'name')]: { [PARTNER_ACTION.contactName]: 'Marcus Bell' },
    [contactBlockId(0, 'user')]: { [PARTNER_ACTION.contactUser]: CONTACT },
  });

  it('refuses a Healthcare lead the edit and contact forms of a Construction partner, and a form they got hold of', async () => {
    expect((await run('partner edit Con Edison', HEALTH_LEAD)).text).toContain('Only the leads of Construction/Sustainability');
    expect((await run('partner contact add Con Edison', HEALTH_LEAD)).text).toContain('Only the leads of Construction/Sustainability');
    expect(h().fake.callsTo('views.open')).toHaveLength(0);

    await h().slack.command('/iec', 'partner edit Con Edison', { userId: CONSTRUCTION_LEAD });
    const form = viewOf<ViewInput>(await h().fake.waitFor('views.open'));
    const { shown } = await submitForm(h(), {
      userId: HEALTH_LEAD,
      view: form,
      values: formValues(['construction'], 'mine now'),
    });
    expect(warningUnder(shown, PARTNER_BLOCK.name)).toContain('Only the leads of Construction/Sustainability');
    expect((await conEd())?.notes).toBe('');
  });

  it('lets the Construction lead edit it, but not add it to or take it off Healthcare; an administrator may', async () => {
    const editForm = async (userId: string) => {
      h().fake.reset();
      await h().slack.command('/iec', 'partner edit Con Edison', { userId });
      return viewOf<ViewInput>(await h().fake.waitFor('views.open'));
    };
    const form = await editForm(CONSTRUCTION_LEAD);
    const widened = await submitForm(h(), {
      userId: CONSTRUCTION_LEAD,
      view: form,
      values: formValues(['construction', 'healthcare'], 'both'),
    });
    expect(noticeOf(widened.shown)).toContain('Not saved');
    expect(warningUnder(widened.shown, PARTNER_BLOCK.name)).toContain('Only the leads of Healthcare and');
    expect((await conEd())?.commissions).toEqual(['construction']);
    await submitForm(h(), {
      userId: CONSTRUCTION_LEAD,
      view: form,
      values: formValues(['construction'], 'site visits'),
    });
    expect((await conEd())?.notes).toBe('site visits');
    await submitForm(h(), { userId: ADMIN, view: await editForm(ADMIN), values: formValues(['construction', 'healthcare'], 'both') });
    expect((await conEd())?.commissions).toEqual(['construction', 'healthcare']);
  });
});
