import type { KnownBlock } from '@slack/types';
import type { Types } from 'mongoose';
import { CommitmentModel } from '../../src/commitments/model';
import { CommitmentRequestModel } from '../../src/commitments/request-model';
import { rebuildTotals } from '../../src/commitments/totals';
import { ACTION, BLOCK, CALLBACK } from '../../src/commitments/ids';
import { commitmentFormView, LIST_PAGE_SIZE } from '../../src/commitments/views';
import { SchoolModel } from '../../src/schools/model';
import mongoose from 'mongoose';
import { connectDatabase } from '../../src/db/connection';
import { UNAVAILABLE_MESSAGE } from '../../src/errors';
import { testDatabaseUri } from '../support/db';
import { checkMessage } from '../support/fake-slack/limits';
import type { FakeSlackCall } from '../support/fake-slack';
import { useHarness } from '../support/harness';
import { CONTACT, LEAD, STRANGER, seedBasics, storedFields, type Seeded } from './fixtures';
import { viewOf } from '../support/views';
import { isSaving, noticeOf, submitForm } from '../support/forms';

const NOW = new Date('2026-09-15T14:00:00Z');

type Values = Record<string, Record<string, string | string[]>>;

/** What a person fills in the commitment form. */
function formValues(over: Partial<Record<keyof typeof BLOCK, string | string[] | undefined>> = {}): Values {
  const fields: Partial<Record<keyof typeof BLOCK, string | string[] | undefined>> = {
    commission: 'construction',
    type: 'internship_hosting',
    quantity: '5',
    startDate: '2026-10-01',
    endDate: '2026-12-15',
    notes: 'Summer cohort',
    ...over,
  };
  const values: Values = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const f = field as keyof typeof ACTION & keyof typeof BLOCK;
    values[BLOCK[f]] = { [ACTION[f]]: value };
  }
  return values;
}

describe('commitments through Slack', () => {
  let seeded: Seeded;

  const h = useHarness({
    now: NOW,
    seed: async () => {
      seeded = await seedBasics();
    },
  });

  /** Sends `/commit <text>` and returns the opened modal. */
  async function openForm(text: string, userId = LEAD): Promise<{ id: string; view: Record<string, unknown> }> {
    const before = h().fake.callsTo('views.open').length;
    await h().slack.command('/commit', text, { userId });
    // generous: the first request of a file also warms up Bolt and the database on a busy machine
    const opened = await h().fake.waitFor('views.open', () => h().fake.callsTo('views.open').length > before, 15_000);
    expect(opened.ok).toBe(true);
    const view = opened.response?.view as { id: string } & Record<string, unknown>;
    return { id: view.id, view };
  }

  const dmTo = (userId: string) => (c: FakeSlackCall) => c.args.channel === h().fake.dmChannelFor(userId);

  it('an IEC records a commitment through /commit → modal → submission: stored document, history and confirmation', async () => {
    const { id, view } = await openForm('con edison');
    expect(view.callback_id).toBe(CALLBACK.form);
    expect(JSON.stringify(view)).toContain('"initial_option":{"text":{"type":"plain_text","text":"Con Edison"}');

    const { res, shown } = await submitForm(h(), {
      userId: LEAD,
      view: { id },
      values: formValues({
        partner: String(seeded.conEd),
        schools: [String(seeded.school)],
        newSchoolName: 'Brooklyn STEAM Center',
        newSchoolCode: '13k999',
      }),
    });
    expect(res.status).toBe(200);
    // the form helper answers at once ("Saving…" on the form), then shows the saved record in the modal
    expect(isSaving(res.json)).toBe(true);
    expect(shown?.callback_id).toBe(CALLBACK.done);
    expect(JSON.stringify(shown?.blocks)).toContain('*Partner:* Con Edison');

    const stored = await CommitmentModel.findOne({}).lean();
    const newSchool = await SchoolModel.findOne({ code: '13K999' }).lean();
    expect(newSchool?.name).toBe('Brooklyn STEAM Center');
    expect(stored).toMatchObject({
      partnerId: seeded.conEd,
      partnerName: 'Con Edison',
      commissionKey: 'construction',
      type: 'internship_hosting',
      quantity: 5,
      unit: 'interns',
      schoolYear: '2026-27',
      startDate: '2026-10-01',
      endDate: '2026-12-15',
      status: 'pledged',
      notes: 'Summer cohort',
      recordedBy: LEAD,
      recordedVia: 'iec',
    });
    expect(stored?.schoolIds.map(String)).toEqual([String(seeded.school), String(newSchool?._id)]);
    expect(stored?.history).toHaveLength(1);
    expect(stored?.history[0]).toMatchObject({ at: NOW, by: LEAD, action: 'created' });
    expect(stored?.history[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'quantity', from: null, to: 5 },
        { field: 'status', from: null, to: 'pledged' },
      ]),
    );

    const confirmation = await h().fake.waitFor('chat.postMessage', dmTo(LEAD));
    const text = JSON.stringify(confirmation.args.blocks);
    expect(text).toContain('Commitment recorded');
    expect(text).toContain('*Quantity:* 5 interns');
    expect(text).toContain('*Partner:* Con Edison');
    expect(text).toContain('Brooklyn STEAM Center');
    expect(text).toMatch(/<!date\^\d+\^\{date_short_pretty\}\|2026-10-01>/);

    // and where the person acted: a reply in the channel /commit was typed in, only they see it
    const here = await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Commitment recorded'));
    expect(here.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(here.args.blocks)).toContain('Brooklyn STEAM Center');
  });

  it('/iec commit, like /commit, confirms where it was typed besides the DM', async () => {
    const before = h().fake.callsTo('views.open').length;
    await h().slack.command('/iec', 'commit', { userId: LEAD });
    const opened = await h().fake.waitFor('views.open', () => h().fake.callsTo('views.open').length > before, 15_000);
    const view = opened.response?.view as { id: string };
    await submitForm(h(), { userId: LEAD, view: { id: view.id }, values: formValues({ partner: String(seeded.conEd) }) });
    const here = await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Commitment recorded'));
    expect(here.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(here.args.blocks)).toContain('*Partner:* Con Edison');
    // besides the DM, which is sent after the reply: waited for here, so it cannot arrive in the next test
    const dm = await h().fake.waitFor('chat.postMessage', dmTo(LEAD));
    expect(JSON.stringify(dm.args.blocks)).toContain('Commitment recorded');
  });

  it("a form submitted after its command's response_url expired (30 minutes) is confirmed by DM alone (#17)", async () => {
    const before = h().fake.callsTo('views.open').length;
    await h().slack.command('/commit', '', { userId: LEAD });
    const opened = await h().fake.waitFor('views.open', () => h().fake.callsTo('views.open').length > before, 15_000);
    const view = opened.response?.view as { id: string };
    h().setNow(new Date(NOW.getTime() + 31 * 60_000));
    const replies = h().fake.callsTo('response_url').length;
    await submitForm(h(), { userId: LEAD, view: { id: view.id }, values: formValues({ partner: String(seeded.conEd) }) });
    const dm = await h().fake.waitFor('chat.postMessage', dmTo(LEAD));
    expect(JSON.stringify(dm.args.blocks)).toContain('Commitment recorded');
    await h().idle();
    expect(h().fake.callsTo('response_url').slice(replies)).toEqual([]);
  });

  it('the same view submission delivered twice is recorded once', async () => {
    const { id } = await openForm('');
    const first = await submitForm(h(), { userId: LEAD, view: { id }, values: formValues({ partner: String(seeded.conEd) }) });
    const updates = h().fake.callsTo('views.update').length;
    const again = await h().slack.replay(first.res.request);
    expect(again.status).toBe(200);
    // the redelivery is answered like the first ("Saving…"), then shows the record saved the first time
    await h().fake.waitFor('views.update', () => h().fake.callsTo('views.update').length >= updates + 1);
    expect(JSON.stringify(h().fake.callsTo('views.update').at(-1)?.args.view)).toContain('Commitment recorded');
    expect(await CommitmentModel.countDocuments()).toBe(1);
    await h().fake.waitFor('chat.postMessage', dmTo(LEAD));
    expect(h().fake.callsTo('chat.postMessage').filter(dmTo(LEAD))).toHaveLength(1);
  });

  it('the partner type-ahead finds partners from partial, mis-cased input', async () => {
    const { id } = await openForm('');
    for (const typed of ['con ED', 'EDIS', 'national-gr', 'nAtIoNaL']) {
      const res = await h().slack.options({ userId: LEAD, actionId: ACTION.partner, blockId: BLOCK.partner, value: typed, view: { id } });
      expect(res.status).toBe(200);
      const names = (res.json?.options ?? []).map((o) => o.text.text);
      expect(names.length).toBeGreaterThan(0);
      expect(names[0]).toBe(typed.toLowerCase().startsWith('n') ? 'National Grid' : 'Con Edison');
    }
    const operator = await h().slack.options({
      userId: LEAD,
      actionId: ACTION.partner,
      blockId: BLOCK.partner,
      value: '{"$gt": ""}',
      view: { id },
    });
    expect(operator.json?.options).toEqual([]);
    const schools = await h().slack.options({
      userId: LEAD,
      actionId: ACTION.schools,
      blockId: BLOCK.schools,
      value: 'thomas ed',
      view: { id },
    });
    expect(schools.json?.options?.[0].text.text).toBe('Thomas Edison CTE High School (27Q650)');
    const stranger = await h().slack.options({
      userId: STRANGER,
      actionId: ACTION.partner,
      blockId: BLOCK.partner,
      value: 'con',
      view: { id },
    });
    expect(stranger.json?.options).toEqual([]);
  });

  it('/iec commit con-edison opens the form with the partner preselected', async () => {
    await h().slack.command('/iec', 'commit con-edison', { userId: LEAD });
    const opened = await h().fake.waitFor('views.open', () => true, 15_000);
    const partner = viewOf<{ blocks: Array<{ block_id: string; element?: { initial_option?: { value: string } } }> }>(opened).blocks.find(
      (b) => b.block_id === BLOCK.partner,
    );
    expect(partner?.element?.initial_option?.value).toBe(String(seeded.conEd));
  });

  it('a misspelt partner that clearly means one opens the form with it; an unknown one opens it empty and says so', async () => {
    const misspelt = await openForm('Con Edisn');
    expect(JSON.stringify(misspelt.view)).toContain('initial_option":{"text":{"type":"plain_text","text":"Con Edison"');
    const { id, view } = await openForm('Zenith Holdings');
    expect(JSON.stringify(view)).not.toContain('"text":"Con Edison"');
    const updated = await h().fake.waitFor('views.update', (c) => c.args.view_id === id);
    expect(JSON.stringify(updated.args.view)).toContain("I don't know a partner called *Zenith Holdings*.");
  });

  it.each([
    ['quantity 0', { quantity: '0' }, BLOCK.quantity],
    ['quantity 1.5', { quantity: '1.5' }, BLOCK.quantity],
    ['end before start', { endDate: '2026-09-01' }, BLOCK.endDate],
    ['start ten years ahead', { startDate: '2036-10-01', endDate: undefined }, BLOCK.startDate],
    ['no partner', { partner: undefined }, BLOCK.partner],
    ['notes over 1000 characters', { notes: 'x'.repeat(1001) }, BLOCK.notes],
  ])('inline error on the right block: %s', async (_label, change, block) => {
    const { id } = await openForm('');
    const res = await h().slack.viewSubmission({
      userId: LEAD,
      view: { id },
      values: formValues({ partner: String(seeded.conEd), ...change }),
    });
    expect(res.json?.response_action).toBe('errors');
    expect(Object.keys(res.json?.errors ?? {})).toEqual([block]);
    expect(await CommitmentModel.countDocuments()).toBe(0);
  });

  it('a refusal that needs the database shows the form again with the message under its field', async () => {
    const { id } = await openForm('');
    const { res, shown } = await submitForm(h(), {
      userId: LEAD,
      view: { id },
      values: formValues({ partner: String(seeded.conEd), newSchoolName: 'Another School', newSchoolCode: '27Q650' }),
    });
    expect(isSaving(res.json)).toBe(true);
    expect(shown?.callback_id).toBe(CALLBACK.form);
    expect(noticeOf(shown)).toContain('Not saved');
    const ids = shown?.blocks.map((b) => b.block_id) ?? [];
    expect(ids[ids.indexOf(BLOCK.newSchoolCode) + 1]).toBe(`form_warning:${BLOCK.newSchoolCode}`);
    expect(await CommitmentModel.countDocuments()).toBe(0);
  });

  it('warns about a duplicate; the person updates the existing one or records a separate one', async () => {
    await h().slack.command('/commit', '', { userId: LEAD });
    const existingForm = (await h().fake.waitFor('views.open')).response?.view as { id: string };
    await submitForm(h(), { userId: LEAD, view: { id: existingForm.id }, values: formValues({ partner: String(seeded.conEd) }) });
    const existing = await CommitmentModel.findOne({}).lean();

    const { id } = await openForm('Con Edison');
    const { shown } = await submitForm(h(), {
      userId: LEAD,
      view: { id },
      values: formValues({
        partner: String(seeded.conEd),
        quantity: '8',
        startDate: '2026-11-01',
        endDate: '2027-01-31',
        notes: 'Second cohort',
      }),
    });
    const warning = shown as unknown as { callback_id: string; private_metadata: string; blocks: KnownBlock[] };
    expect(warning.callback_id).toBe(CALLBACK.duplicate);
    expect(JSON.stringify(warning.blocks)).toContain('already recorded');
    expect(JSON.parse(warning.private_metadata).v).toMatchObject({ quantity: 8, notes: 'Second cohort', startDate: '2026-11-01' });
    expect(await CommitmentModel.countDocuments()).toBe(1);

    // "Update the existing one" (Slack now shows the warning in place of the form)
    await h().slack.blockAction({
      userId: LEAD,
      view: { id, ...warning },
      actionId: ACTION.updateExisting,
      blockId: BLOCK.duplicateActions,
    });
    await h().fake.waitFor('views.update', (c) => c.args.view_id === id && JSON.stringify(c.args.view).includes('Commitment updated'));
    const updated = await CommitmentModel.findById(existing?._id).lean();
    expect(updated).toMatchObject({ quantity: 8, startDate: '2026-11-01', endDate: '2027-01-31', notes: 'Second cohort' });
    expect(updated?.history.at(-1)).toMatchObject({ action: 'edited', by: LEAD });
    expect(await CommitmentModel.countDocuments()).toBe(1);

    // a third submission, recorded as separate (twice clicked: recorded once)
    const third = await openForm('Con Edison');
    const warned = await submitForm(h(), {
      userId: LEAD,
      view: { id: third.id },
      values: formValues({ partner: String(seeded.conEd), quantity: '2' }),
    });
    expect(warned.shown?.callback_id).toBe(CALLBACK.duplicate);
    const thirdWarning = { id: third.id, ...(warned.shown as object) };
    await h().slack.blockAction({ userId: LEAD, view: thirdWarning, actionId: ACTION.recordSeparate, blockId: BLOCK.duplicateActions });
    await h().fake.waitFor(
      'views.update',
      (c) => c.args.view_id === third.id && JSON.stringify(c.args.view).includes('Commitment recorded'),
    );
    await h().slack.blockAction({ userId: LEAD, view: thirdWarning, actionId: ACTION.recordSeparate, blockId: BLOCK.duplicateActions });
    await new Promise((r) => setTimeout(r, 200));
    expect(await CommitmentModel.countDocuments()).toBe(2);
    expect(await CommitmentModel.countDocuments({ quantity: 2 })).toBe(1);
  });

  it('a status change to fulfilled through the list’s select, with history and a confirmation', async () => {
    // started already: fulfilment of one that has not asks first (test/commitments/not-started.test.ts)
    await CommitmentModel.create(storedFields(seeded.conEd, 'Con Edison', { startDate: '2026-09-01' }));
    await h().slack.command('/iec', 'commitments con edison pledged', { userId: LEAD });
    const list = await h().fake.waitFor('response_url');
    expect(checkMessage(list.args)).toEqual([]);
    const section = (list.args.blocks as Array<{ accessory?: { options: Array<{ value: string }> } }>).find((b) => b.accessory);
    const fulfilled = section?.accessory?.options.find((o) => o.value.endsWith(':fulfilled'))?.value ?? '';
    expect(fulfilled).toMatch(/^[0-9a-f]{24}:fulfilled$/);

    await h().slack.blockAction({
      userId: LEAD,
      ephemeral: true,
      type: 'static_select',
      actionId: ACTION.status,
      blockId: 'any',
      selectedOption: fulfilled,
    });
    const confirmation = await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Status changed'));
    expect(JSON.stringify(confirmation.args.blocks)).toContain('*Status:* Fulfilled (12 delivered)');
    const stored = await CommitmentModel.findOne({}).lean();
    expect(stored).toMatchObject({ status: 'fulfilled', fulfilledQuantity: 12, fulfilledAt: NOW });
    expect(stored?.history.at(-1)).toMatchObject({ action: 'status', by: LEAD, at: NOW });
    expect(stored?.history.at(-1)?.changes).toEqual(expect.arrayContaining([{ field: 'status', from: 'pledged', to: 'fulfilled' }]));
    // and by DM, which does not vanish on reload, with its Undo (test/commitments/undo.test.ts)
    const dm = await h().fake.waitFor('chat.postMessage', dmTo(LEAD));
    expect(JSON.stringify(dm.args.blocks)).toContain('*Status:* Fulfilled (12 delivered)');
    expect(JSON.stringify(dm.args.blocks)).toContain(ACTION.undo);
  });

  it('records a fulfilment and opens the edit form prefilled from the list buttons', async () => {
    const c = await CommitmentModel.create(
      storedFields(seeded.conEd, 'Con Edison', { schoolIds: [seeded.school2], startDate: '2026-09-01' }),
    );
    await h().slack.blockAction({ userId: LEAD, ephemeral: true, actionId: ACTION.fulfil, blockId: 'any', value: String(c._id) });
    const opened = await h().fake.waitFor('views.open');
    const fulfilment = opened.response?.view as { id: string; callback_id: string };
    expect(fulfilment.callback_id).toBe(CALLBACK.fulfilment);
    const bad = await h().slack.viewSubmission({
      userId: LEAD,
      view: { id: fulfilment.id },
      values: { [BLOCK.fulfilled]: { [ACTION.fulfilled]: '0' } },
    });
    expect(bad.json).toMatchObject({ response_action: 'errors', errors: { [BLOCK.fulfilled]: expect.any(String) } });
    const saved = await submitForm(h(), {
      userId: LEAD,
      view: { id: fulfilment.id },
      values: { [BLOCK.fulfilled]: { [ACTION.fulfilled]: '7' } },
    });
    expect(JSON.stringify(saved.shown?.blocks)).toContain('Partially fulfilled (7 delivered)');
    expect(await CommitmentModel.findById(c._id).lean()).toMatchObject({ status: 'partially_fulfilled', fulfilledQuantity: 7 });
    const dm = await h().fake.waitFor('chat.postMessage', dmTo(LEAD));
    expect(JSON.stringify(dm.args.blocks)).toContain('Partially fulfilled (7 delivered)');

    await h().slack.blockAction({ userId: LEAD, ephemeral: true, actionId: ACTION.edit, blockId: 'any', value: String(c._id) });
    const edit = await h().fake.waitFor(
      'views.open',
      (call) => (call.response?.view as { title?: { text: string } })?.title?.text === 'Edit commitment',
    );
    const editView = edit.response?.view as { id: string };
    expect(JSON.stringify(editView)).toContain('Queens Technical High School (24Q600)');
    await submitForm(h(), { userId: LEAD, view: { id: editView.id }, values: { [BLOCK.quantity]: { [ACTION.quantity]: '15' } } });
    const edited = await CommitmentModel.findById(c._id).lean();
    expect(edited?.quantity).toBe(15);
    expect(edited?.schoolIds.map(String)).toEqual([String(seeded.school2)]);
    expect(edited?.history.at(-1)).toMatchObject({ action: 'edited', changes: [{ field: 'quantity', from: 12, to: 15 }] });
    // each answer also reached the list the buttons were on, as a reply only the person sees
    await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Commitment updated'));
    const here = h()
      .fake.callsTo('response_url')
      .map((c) => JSON.stringify(c.args));
    expect(here.some((t) => t.includes('Fulfilment recorded'))).toBe(true);
  });

  it('a list of 120 commitments pages with "Show more" without breaking any Block Kit limit', async () => {
    await CommitmentModel.insertMany(
      Array.from({ length: 120 }, (_, i) =>
        storedFields(i % 2 ? seeded.conEd : seeded.grid, i % 2 ? 'Con Edison' : 'National Grid', {
          quantity: i + 1,
          startDate: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`,
          notes: 'n'.repeat(500),
        }),
      ),
    );
    // written around the write path: its totals rebuilt as the reconcile does (the list's count comes from them)
    await rebuildTotals();
    await h().slack.command('/iec', 'commitments', { userId: LEAD });
    const seen = new Set<string>();
    let page = await h().fake.waitFor('response_url');
    for (let pages = 1; ; pages++) {
      expect(page.ok).toBe(true);
      expect(checkMessage(page.args)).toEqual([]);
      const blocks = page.args.blocks as Array<{ block_id?: string; type: string; elements?: Array<{ action_id: string; value: string }> }>;
      expect(blocks.length).toBeLessThanOrEqual(50);
      for (const b of blocks) for (const e of b.elements ?? []) if (e.action_id === ACTION.edit) seen.add(e.value);
      const more = blocks.find((b) => b.block_id === BLOCK.listMore);
      if (!more) break;
      expect(pages).toBeLessThan(20);
      const before = h().fake.callsTo('response_url').length;
      await h().slack.blockAction({
        userId: LEAD,
        ephemeral: true,
        actionId: ACTION.more,
        blockId: BLOCK.listMore,
        value: more.elements?.[0].value,
      });
      page = await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before);
    }
    expect(seen.size).toBe(120);
    expect(h().fake.callsTo('response_url')).toHaveLength(Math.ceil(120 / LIST_PAGE_SIZE));
  });

  describe('/iec request', () => {
    async function request(text: string): Promise<{ ts: string; channel: string; requestId: string }> {
      await h().slack.command('/iec', text, { userId: LEAD });
      const dm = await h().fake.waitFor('chat.postMessage', dmTo(CONTACT));
      const requestId = JSON.stringify(dm.args.blocks).match(/"value":"([0-9a-f]{24})"/)?.[1] ?? '';
      return { ts: String(dm.response?.ts), channel: String(dm.args.channel), requestId };
    }

    it('DMs the contact a button; their submission is stored for their organisation and the IEC is told', async () => {
      const dm = await request(`request <@${CONTACT}|pat> construction`);
      const told = await h().fake.waitFor('response_url');
      expect(String(told.args.text)).toContain(`I asked <@${CONTACT}> (*Con Edison*)`);
      expect(await CommitmentRequestModel.findById(dm.requestId).lean()).toMatchObject({
        status: 'open',
        requestedBy: LEAD,
        contactUserId: CONTACT,
        channelId: dm.channel,
        messageTs: dm.ts,
      });

      await h().slack.blockAction({
        userId: CONTACT,
        channelId: dm.channel,
        message: { ts: dm.ts },
        actionId: ACTION.openRequest,
        blockId: BLOCK.requestActions,
      });
      const opened = await h().fake.waitFor('views.open');
      const form = opened.response?.view as { id: string; blocks: Array<{ block_id: string }> };
      expect(form.blocks.map((b) => b.block_id)).toContain(BLOCK.partnerFixed);
      expect(form.blocks.map((b) => b.block_id)).not.toContain(BLOCK.partner);
      expect(JSON.stringify(form)).toContain('Construction/Sustainability');

      // what was typed in a partner select could not change the organisation: the request's partner is used
      const values = formValues({ type: 'site_visit', quantity: '30', startDate: '2027-03-10', endDate: undefined });
      const { shown } = await submitForm(h(), { userId: CONTACT, view: { id: form.id }, values });
      expect(shown?.callback_id).toBe(CALLBACK.done);
      const stored = await CommitmentModel.findOne({}).lean();
      expect(stored).toMatchObject({
        partnerId: seeded.conEd,
        partnerName: 'Con Edison',
        recordedBy: CONTACT,
        recordedVia: 'partner',
        type: 'site_visit',
        quantity: 30,
      });
      expect(String(stored?.requestId)).toBe(dm.requestId);
      // the request is marked answered after the ack, just before the requesting IEC is told
      const iecTold = await h().fake.waitFor('chat.postMessage', dmTo(LEAD));
      expect(iecTold.args.text).toContain(`<@${CONTACT}> answered your request`);
      expect(await CommitmentRequestModel.findById(dm.requestId).lean()).toMatchObject({
        status: 'answered',
        answeredAt: NOW,
        commitmentId: stored?._id,
      });
      const thanks = await h().fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === dm.ts);
      expect(JSON.stringify(thanks.args.blocks)).toContain('*Quantity:* 30 students');
    });

    it('refuses the same contact for another organisation', async () => {
      // /commit naming another organisation
      await h().slack.command('/commit', 'National Grid', { userId: CONTACT });
      const refused = await h().fake.waitFor('response_url');
      expect(String(refused.args.text)).toContain('only act for your own organisation');
      expect(h().fake.callsTo('views.open')).toHaveLength(0);

      // the contact's own form does not even ask for the partner
      const { view } = await openForm('', CONTACT);
      expect(JSON.stringify(view)).toContain(BLOCK.partnerFixed);
      expect(JSON.stringify(view)).not.toContain(ACTION.partner);
      // a form that does ask (as an IEC's), submitted by the contact for another organisation: inline refusal
      const iecForm = commitmentFormView({ metadata: {}, commissions: [{ key: 'construction', name: 'Construction/Sustainability' }] });
      const forced = await submitForm(h(), {
        userId: CONTACT,
        view: iecForm,
        values: formValues({ partner: String(seeded.grid) }),
      });
      expect(JSON.stringify(forced.shown?.blocks)).toContain(':warning: You can only record commitments for your own organisation.');
      expect(await CommitmentModel.countDocuments()).toBe(0);

      // a request button for another organisation's request
      const other = await CommitmentRequestModel.create({
        partnerId: seeded.grid as Types.ObjectId,
        partnerName: 'National Grid',
        contactUserId: 'UOTHER',
        requestedBy: LEAD,
        requestedAt: NOW,
      });
      await h().slack.blockAction({
        userId: CONTACT,
        actionId: ACTION.openRequest,
        blockId: BLOCK.requestActions,
        message: {
          blocks: [
            {
              type: 'actions',
              block_id: BLOCK.requestActions,
              elements: [
                { type: 'button', action_id: ACTION.openRequest, text: { type: 'plain_text', text: 'Record' }, value: String(other._id) },
              ],
            },
          ],
        },
      });
      const answer = await h().fake.waitFor('response_url', (c) => String(c.args.text).includes('this request is for *National Grid*'));
      expect(String(answer.args.text)).toContain('you can only record commitments for your own organisation');
      expect(h().fake.callsTo('views.open')).toHaveLength(1);
      expect(await CommitmentModel.countDocuments({ partnerId: seeded.grid })).toBe(0);
    });

    it('explains how to add someone who is not a partner contact, and refuses non-IECs', async () => {
      await h().slack.command('/iec', `request <@${STRANGER}>`, { userId: LEAD });
      const answer = await h().fake.waitFor('response_url');
      expect(String(answer.args.text)).toContain('is not a partner contact yet');
      expect(h().fake.callsTo('chat.postMessage')).toHaveLength(0);

      await h().slack.command('/iec', `request <@${CONTACT}>`, { userId: CONTACT });
      const refused = await h().fake.waitFor('response_url', (c) => String(c.args.text).includes('Industry Engagement Coordinators'));
      expect(refused.ok).toBe(true);
      expect(await CommitmentRequestModel.countDocuments()).toBe(0);
    });
  });

  it('a database outage answers "try again in a minute", in the command and in the form, and logs the cause', async () => {
    const { id } = await openForm('');
    await mongoose.connection.close();
    try {
      await h().slack.command('/commit', 'Con Edison', { userId: LEAD });
      const reply = await h().fake.waitFor('response_url');
      expect(reply.args.text).toBe(UNAVAILABLE_MESSAGE);
      // the form is answered "Saving…" from what was typed; the person's read fails, and the form says so on top
      const submitted = await submitForm(h(), { userId: LEAD, view: { id }, values: formValues({ partner: String(seeded.conEd) }) });
      expect(submitted.res.json?.response_action).toBe('update');
      expect(submitted.shown?.callback_id).toBe(CALLBACK.form);
      expect(JSON.stringify(submitted.shown?.blocks)).toContain('try again in a minute');
      const options = await h().slack.options({
        userId: LEAD,
        actionId: ACTION.partner,
        blockId: BLOCK.partner,
        value: 'con',
        view: { id },
      });
      expect(options.json?.options).toEqual([]);
      expect(h().logger.text()).toContain('database unavailable');
    } finally {
      await connectDatabase(testDatabaseUri());
    }
    expect(await CommitmentModel.countDocuments()).toBe(0);
  });

  it('a partner contact lists only their organisation’s commitments; a stranger is refused', async () => {
    await CommitmentModel.create([storedFields(seeded.conEd, 'Con Edison'), storedFields(seeded.grid, 'National Grid')]);
    await h().slack.command('/iec', 'commitments', { userId: CONTACT });
    const own = await h().fake.waitFor('response_url');
    expect(String(own.args.text)).toContain('1–1 of 1');
    expect(JSON.stringify(own.args.blocks)).not.toContain('National Grid');
    await h().slack.command('/iec', 'commitments', { userId: STRANGER });
    const refused = await h().fake.waitFor('response_url', (c) => String(c.args.text).includes(':lock:'));
    expect(refused.ok).toBe(true);
  });
});
