import { rebuildPeopleIndex } from '../../src/reconcile/people';
import { CommissionModel } from '../../src/commissions/model';
import { contactBlockId, PARTNER_ACTION, PARTNER_BLOCK, PARTNER_LIST_MORE_BLOCK } from '../../src/partners/ids';
import { PartnerModel } from '../../src/partners/model';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';
import { noticeOf, submitForm, warningUnder } from '../support/forms';
import type { ViewInput } from '../support/slack-requests';
import { viewOf } from '../support/views';

const ADMIN = 'U0ADMIN';
const OTHER_IEC = 'U0OTHERIEC';
const STRANGER = 'U0STRANGER';
const CONTACT = 'U0CONTACT';

describe('partners through Slack', () => {
  const h = useHarness({
    admins: [ADMIN, OTHER_IEC],
    seed: async () => {
      await CommissionModel.create([
        { key: 'healthcare', name: 'Healthcare' },
        { key: 'construction', name: 'Construction/Sustainability' },
      ]);
    },
  });

  /** Runs `/iec partner add` and returns the opened form's view id. */
  async function openAddForm(userId = ADMIN): Promise<string> {
    return (await openAddFormView(userId)).id;
  }

  /** Runs `/iec partner add` and returns the opened form. */
  async function openAddFormView(userId = ADMIN) {
    await h().slack.command('/iec', 'partner add', { userId });
    return viewOf<ViewInput>(await h().fake.waitFor('views.open'));
  }

  const lastReply = async () => {
    const call = await h().fake.waitFor('response_url');
    return call.args as { text?: string; blocks?: unknown[] };
  };

  it('stores a partner from the form with its normalized unique name, contacts and owner', async () => {
    const opened = await openAddFormView();
    const { shown } = await submitForm(h(), {
      userId: ADMIN,
      view: opened,
      values: {
        [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: '  Con Edison ' },
        [PARTNER_BLOCK.commissions]: { [PARTNER_ACTION.commissions]: ['construction'] },
        [PARTNER_BLOCK.status]: { [PARTNER_ACTION.status]: 'active' },
        [PARTNER_BLOCK.notes]: { [PARTNER_ACTION.notes]: 'Utility; great for site visits' },
        [contactBlockId(0, 'name')]: { [PARTNER_ACTION.contactName]: 'Jane Park' },
        [contactBlockId(0, 'title')]: { [PARTNER_ACTION.contactTitle]: 'Workforce lead' },
        [contactBlockId(0, 'email')]: { [PARTNER_ACTION.contactEmail]: 'Jane.Park@ConEd.example' },
        [contactBlockId(0, 'user')]: { [PARTNER_ACTION.contactUser]: CONTACT },
      },
    });
    expect(shown?.title?.text).toBe('Partner added');
    expect(JSON.stringify(shown)).toContain('Con Edison');
    const stored = await PartnerModel.findOne({}).lean();
    expect(stored).toMatchObject({
      name: 'Con Edison',
      nameKey: 'conedison',
      commissions: ['construction'],
      status: 'active',
      ownerId: ADMIN,
      createdBy: ADMIN,
      notes: 'Utility; great for site visits',
      contacts: [{ name: 'Jane Park', title: 'Workforce lead', email: 'jane.park@coned.example', slackUserId: CONTACT }],
    });

    // Slack delivers the same submission twice (of the form as it was): still one partner, and the same confirmation
    const again = await submitForm(h(), {
      userId: ADMIN,
      view: opened,
      values: { [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: 'Con Edison' } },
    });
    expect(again.shown?.title?.text).toBe('Partner added');
    expect(await PartnerModel.countDocuments()).toBe(1);
    // its history: one entry, who created it and with what
    expect(stored?.revision).toBe(0);
    expect(stored?.history).toEqual([
      expect.objectContaining({
        by: ADMIN,
        action: 'created',
        changes: expect.arrayContaining([{ field: 'name', from: null, to: 'Con Edison' }]),
      }),
    ]);
  });

  it('puts inline errors on the exact blocks and keeps what was typed', async () => {
    const viewId = await openAddForm();
    const res = await h().slack.viewSubmission({
      userId: ADMIN,
      view: { id: viewId },
      values: {
        [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: '   ' },
        [contactBlockId(0, 'email')]: { [PARTNER_ACTION.contactEmail]: 'not-an-email' },
        [contactBlockId(1, 'title')]: { [PARTNER_ACTION.contactTitle]: 'CTO' },
      },
    });
    expect(res.json?.response_action).toBe('errors');
    expect(res.json?.errors).toEqual({
      [PARTNER_BLOCK.name]: 'Give the organisation’s name.',
      [contactBlockId(0, 'name')]: expect.stringContaining('contact’s name'),
      [contactBlockId(0, 'email')]: expect.stringContaining('not an email'),
      [contactBlockId(1, 'name')]: expect.stringContaining('contact’s name'),
    });
    expect(await PartnerModel.countDocuments()).toBe(0);
  });

  it('refuses a name over the stored limit (100 characters) inline, naming the limit, and stores one at the limit whole (#17)', async () => {
    const viewId = await openAddForm();
    const long = `Metropolitan ${'Transportation '.repeat(6)}Authority Workforce Development Partners Inc.`;
    expect(long.length).toBeGreaterThan(100);
    const res = await h().slack.viewSubmission({
      userId: ADMIN,
      view: { id: viewId },
      values: {
        [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: long },
        [PARTNER_BLOCK.commissions]: { [PARTNER_ACTION.commissions]: ['construction'] },
      },
    });
    expect(res.json?.response_action).toBe('errors');
    expect(res.json?.errors).toEqual({ [PARTNER_BLOCK.name]: 'A name can have at most 100 characters.' });
    expect(await PartnerModel.countDocuments()).toBe(0);

    const atLimit = `${'Northeast Regional Construction and Sustainability Workforce '.repeat(2)}`.slice(0, 99).concat('X');
    expect(atLimit.length).toBe(100);
    const { shown } = await submitForm(h(), {
      userId: ADMIN,
      view: { id: viewId },
      values: {
        [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: atLimit },
        [PARTNER_BLOCK.commissions]: { [PARTNER_ACTION.commissions]: ['construction'] },
        [PARTNER_BLOCK.status]: { [PARTNER_ACTION.status]: 'active' },
      },
    });
    expect((await PartnerModel.findOne().lean())?.name).toBe(atLimit);
    // the saved view names it in full
    expect(JSON.stringify(shown)).toContain(atLimit);
  });

  it('rejects "Con-Edison" when "con edison" exists, naming the existing partner inline', async () => {
    await PartnerModel.create({ name: 'con edison' });
    const viewId = await openAddForm();
    const { shown } = await submitForm(h(), {
      userId: ADMIN,
      view: { id: viewId },
      values: { [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: 'Con-Edison' } },
    });
    expect(noticeOf(shown)).toContain('Not saved');
    expect(warningUnder(shown, PARTNER_BLOCK.name)).toContain('“con edison” already exists');
    expect(await PartnerModel.countDocuments()).toBe(1);
  });

  it('refuses the form to someone who is not an IEC', async () => {
    await h().slack.command('/iec', 'partner add', { userId: STRANGER });
    expect((await lastReply()).text).toContain('only for Industry Engagement Coordinators');
    expect(h().fake.callsTo('views.open')).toHaveLength(0);
  });

  it('pages a list of 120 partners with Show more, every message within Slack limits', async () => {
    await PartnerModel.insertMany(
      Array.from({ length: 120 }, (_, i) => ({
        name: `Partner ${String(i).padStart(3, '0')} ${'Incorporated '.repeat(5)}`,
        nameKey: `partner${String(i).padStart(3, '0')}`,
        commissions: ['healthcare', 'construction'],
        ownerId: ADMIN,
        contacts: [{ name: 'A' }],
      })),
    );
    await h().slack.command('/iec', 'partner list', { userId: ADMIN });
    let reply = await lastReply();
    const seen = new Set<string>();
    for (let page = 0; page < 10; page += 1) {
      expect(checkMessage(reply)).toEqual([]);
      expect(reply.blocks!.length).toBeLessThanOrEqual(50);
      for (const m of JSON.stringify(reply.blocks).matchAll(/Partner (\d{3})/g)) seen.add(m[1]);
      const more = (reply.blocks as Array<{ block_id?: string; elements?: Array<{ value?: string }> }>).find(
        (b) => b.block_id === PARTNER_LIST_MORE_BLOCK,
      );
      if (!more) break;
      const before = h().fake.callsTo('response_url').length;
      await h().slack.blockAction({
        userId: ADMIN,
        actionId: PARTNER_ACTION.listMore,
        blockId: PARTNER_LIST_MORE_BLOCK,
        value: more.elements![0].value,
        ephemeral: true,
      });
      const next = await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before);
      reply = h().fake.callsTo('response_url').at(-1)!.args as typeof reply;
      expect(next.ok).toBe(true);
    }
    expect(seen.size).toBe(120);
  });

  it('filters the list by commission, with "did you mean" for a typo', async () => {
    await PartnerModel.create([
      { name: 'NewYork-Presbyterian', commissions: ['healthcare'] },
      { name: 'Con Edison', commissions: ['construction'] },
    ]);
    await h().slack.command('/iec', 'partner list HEALTHCARE', { userId: ADMIN });
    const text = JSON.stringify((await lastReply()).blocks);
    expect(text).toContain('NewYork-Presbyterian');
    expect(text).not.toContain('Con Edison');
    h().fake.reset();
    await h().slack.command('/iec', 'partner list helthcare', { userId: ADMIN });
    expect((await lastReply()).text).toContain('Did you mean `healthcare`');
  });

  it('shows a partner; an unknown name suggests the nearest; operators are plain text', async () => {
    await PartnerModel.create([
      { name: 'Montefiore Medical Center', contacts: [{ name: 'Sam Lee', email: 'sam@example.org' }] },
      { name: 'Microsoft' },
    ]);
    await h().slack.command('/iec', 'partner show montefiore medical center', { userId: ADMIN });
    const shown = await lastReply();
    expect(checkMessage(shown)).toEqual([]);
    expect(JSON.stringify(shown.blocks)).toContain('Sam Lee');

    h().fake.reset();
    await h().slack.command('/iec', 'partner show Montefior Medcal', { userId: ADMIN });
    expect((await lastReply()).text).toContain('Did you mean *Montefiore Medical Center*');

    h().fake.reset();
    await h().slack.command('/iec', 'partner show {"$gt": ""}', { userId: ADMIN });
    const answer = (await lastReply()).text ?? '';
    expect(answer).toContain("I don't know a partner called");
    expect(answer).not.toContain('Microsoft*\n');
  });

  it('lets a partner contact see their own organisation only', async () => {
    await PartnerModel.create([{ name: 'SAP', contacts: [{ name: 'Pat', slackUserId: CONTACT }] }, { name: 'Microsoft' }]);
    await rebuildPeopleIndex(); // written directly above
    await h().slack.command('/iec', 'partner show', { userId: CONTACT });
    expect(JSON.stringify((await lastReply()).blocks)).toContain('SAP');

    h().fake.reset();
    await h().slack.command('/iec', 'partner show Microsoft', { userId: CONTACT });
    const refused = (await lastReply()).text ?? '';
    expect(refused).toContain("I don't know a partner called *Microsoft*");
    expect(refused).toContain('*SAP*');

    h().fake.reset();
    await h().slack.command('/iec', 'partner list', { userId: CONTACT });
    expect((await lastReply()).text).toContain('only for Industry Engagement Coordinators');
  });

  it('edits a partner in a prefilled form and adds a contact', async () => {
    await PartnerModel.create({ name: 'Facebook', contacts: [{ name: 'Lee' }], status: 'prospect' });
    await h().slack.command('/iec', 'partner edit facebook', { userId: ADMIN });
    const opened = await h().fake.waitFor('views.open');
    const view = opened.response?.view as { id: string; blocks: unknown[] };
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"Lee"');
    const res = await submitForm(h(), {
      userId: ADMIN,
      view: { id: view.id },
      values: {
        [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: 'Facebook' },
        [PARTNER_BLOCK.status]: { [PARTNER_ACTION.status]: 'active' },
        [contactBlockId(0, 'name')]: { [PARTNER_ACTION.contactName]: 'Lee' },
      },
    });
    expect(res.shown?.title?.text).toBe('Partner saved');
    expect(await PartnerModel.findOne({ name: 'Facebook' }).lean()).toMatchObject({
      status: 'active',
      contacts: [{ name: 'Lee' }],
      revision: 1,
      history: [expect.objectContaining({ by: ADMIN, action: 'edited', changes: [{ field: 'status', from: 'prospect', to: 'active' }] })],
    });

    h().fake.reset();
    await h().slack.command('/iec', 'partner contact add Facebook', { userId: ADMIN });
    const contactView = (await h().fake.waitFor('views.open')).response?.view as { id: string };
    const added = await submitForm(h(), {
      userId: ADMIN,
      view: { id: contactView.id },
      values: {
        [contactBlockId(0, 'name')]: { [PARTNER_ACTION.contactName]: 'Ana' },
        [contactBlockId(0, 'user')]: { [PARTNER_ACTION.contactUser]: CONTACT },
      },
    });
    expect(added.shown?.title?.text).toBe('Partner saved');
    expect((await PartnerModel.findOne({ name: 'Facebook' }).lean())?.contacts.map((c) => c.name)).toEqual(['Lee', 'Ana']);
  });

  it('refuses an edit from a form opened before someone added a contact, naming them, and keeps their contact (#12)', async () => {
    await PartnerModel.create({ name: 'Facebook', contacts: [{ name: 'Lee' }], status: 'prospect' });
    // the admin opens the edit form…
    await h().slack.command('/iec', 'partner edit facebook', { userId: ADMIN });
    const editView = viewOf<ViewInput>(await h().fake.waitFor('views.open'));
    // …meanwhile another IEC adds a contact
    h().fake.reset();
    await h().slack.command('/iec', 'partner contact add Facebook', { userId: OTHER_IEC });
    const contactView = viewOf(await h().fake.waitFor('views.open'));
    const added = await submitForm(h(), {
      userId: OTHER_IEC,
      view: { id: contactView.id },
      values: { [contactBlockId(0, 'name')]: { [PARTNER_ACTION.contactName]: 'Ana' } },
    });
    expect(added.shown?.title?.text).toBe('Partner saved');

    // the admin saves the form opened earlier (it shows Lee only): refused, naming who changed the partner
    const stale = await submitForm(h(), {
      userId: ADMIN,
      view: editView,
      values: { [PARTNER_BLOCK.status]: { [PARTNER_ACTION.status]: 'active' } },
    });
    expect(noticeOf(stale.shown)).toContain('Not saved');
    expect(noticeOf(stale.shown)).toContain(`changed by <@${OTHER_IEC}> meanwhile`);
    const kept = await PartnerModel.findOne({ name: 'Facebook' }).lean();
    expect(kept?.contacts.map((c) => c.name)).toEqual(['Lee', 'Ana']);
    expect(kept).toMatchObject({ status: 'prospect', revision: 1 });
    expect(kept?.history?.map((e) => [e.by, e.action])).toEqual([[OTHER_IEC, 'contact added']]);

    // the form now shows the partner as it is (Ana included, the new revision): saving it keeps both contacts
    expect(JSON.stringify(stale.shown?.blocks)).toContain('"initial_value":"Ana"');
    expect(JSON.parse(stale.shown?.private_metadata ?? '{}')).toMatchObject({ revision: 1 });
    const again = await submitForm(h(), {
      userId: ADMIN,
      view: { ...(stale.shown as ViewInput), id: editView.id },
      values: { [PARTNER_BLOCK.status]: { [PARTNER_ACTION.status]: 'active' } },
    });
    expect(again.shown?.title?.text).toBe('Partner saved');
    const saved = await PartnerModel.findOne({ name: 'Facebook' }).lean();
    expect(saved?.contacts.map((c) => c.name)).toEqual(['Lee', 'Ana']);
    expect(saved).toMatchObject({ status: 'active', revision: 2 });
    expect(saved?.history?.map((e) => [e.by, e.action])).toEqual([
      [OTHER_IEC, 'contact added'],
      [ADMIN, 'edited'],
    ]);
  });
});
