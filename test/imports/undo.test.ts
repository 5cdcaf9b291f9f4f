import { AuditEntryModel } from '../../src/audit/model';
import { IMPORT_ACTION, IMPORT_BLOCK } from '../../src/imports/ids';
import { ImportModel } from '../../src/imports/model';
import { PartnerModel } from '../../src/partners/model';
import { writePartner } from '../../src/partners';
import { seedCommissions } from '../../src/seed/service';
import type { FakeSlackCall } from '../support/fake-slack';
import { checkMessage, checkView } from '../support/fake-slack/limits';
import { TEST_BOT_TOKEN, useHarness } from '../support/harness';
import { submitForm, type ShownView } from '../support/forms';
import { viewOf } from '../support/views';

/**
 * Undo of an import applied from Slack (`/iec import`), through signed requests: the result in the modal where it
 * was confirmed and the DM carry Undo for its author for 15 minutes; Undo rolls the whole import back through the
 * one rollback (`npm run import -- --rollback` too), with history and an audit entry; it refuses, changing nothing,
 * when someone changed a record of the import since, naming who; a record changed between its check and its write
 * is left as it is and the answer says the undo was partial.
 */

const NOW = new Date('2026-11-02T15:00:00Z');
const ADMIN = 'U0ADMIN01';
const OTHER = 'U0OTHER01';
const FILE = [
  'Partner,Commissions,Status,Contact name,Contact email,Notes',
  'Con Edison,construction,active,Marcus Bell,marcus.bell@coned.example,Works with two schools',
  'Mount Sinai Health,healthcare,prospect,Dana Wu,dana.wu@sinai.example,',
  'Brooklyn Navy Yard,construction,active,Sam Ortiz,sam.ortiz@navy.example,',
].join('\r\n');

const h = useHarness({
  admins: [ADMIN, OTHER],
  now: NOW,
  seed: async () => {
    await seedCommissions();
    // one partner the file updates; the other two it creates
    await PartnerModel.create({ name: 'Con Edison', commissions: ['construction'], status: 'prospect' });
  },
});

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Array<{ action_id?: string; value?: string; text?: unknown }> };
const dmTo = (userId: string) => (c: FakeSlackCall) => c.args.channel === h().fake.dmChannelFor(userId);
const undoValue = (blocks: Block[] | undefined) =>
  blocks?.find((b) => b.block_id === IMPORT_BLOCK.undo)?.elements?.find((e) => e.action_id === IMPORT_ACTION.undo)?.value;

/** Imports the file through the modal as ADMIN and confirms it: the result in the modal and the DM. */
async function importAndConfirm(): Promise<{ shown: ShownView; dm: FakeSlackCall; viewId: string }> {
  await h().slack.command('/iec', 'import partners', { userId: ADMIN });
  const form = viewOf(await h().fake.waitFor('views.open'));
  const file = h().fake.hostFile({ name: 'partners.csv', content: Buffer.from(FILE), token: TEST_BOT_TOKEN });
  await h().slack.viewSubmission({
    userId: ADMIN,
    view: { id: form.id },
    values: {
      [IMPORT_BLOCK.kind]: { [IMPORT_ACTION.kind]: { type: 'radio_buttons', selected_option: { value: 'partners' } } as never },
      [IMPORT_BLOCK.file]: { [IMPORT_ACTION.file]: { type: 'file_input', files: [file] } as never },
    },
  });
  const preview = await h().fake.waitFor('views.update', (c) => JSON.stringify(c.args).includes('Import preview'), 15_000);
  expect(JSON.stringify(preview.args.view)).toContain('2 new, 1 updated, 0 unchanged, 0 rejected');
  const dms = h().fake.callsTo('chat.postMessage').filter(dmTo(ADMIN)).length;
  const confirmed = await submitForm(h(), { userId: ADMIN, view: { id: form.id } }, 15_000);
  const dm = await h().fake.waitFor('chat.postMessage', () => h().fake.callsTo('chat.postMessage').filter(dmTo(ADMIN)).length > dms, 15_000);
  return { shown: confirmed.shown as ShownView, dm, viewId: form.id };
}

/** Presses Undo on the DM; the message it was replaced with (or the reply). */
async function undoOnDm(dm: FakeSlackCall, userId = ADMIN): Promise<{ text?: string; replace_original?: boolean }> {
  const before = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({
    userId,
    actionId: IMPORT_ACTION.undo,
    blockId: IMPORT_BLOCK.undo,
    channelId: String(dm.args.channel),
    message: { ts: String(dm.response?.ts) },
  });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before, 15_000);
  return h().fake.callsTo('response_url').at(-1)?.args as { text?: string; replace_original?: boolean };
}

const conEd = () => PartnerModel.findOne({ name: 'Con Edison' }).lean();

it('the result in the modal and the DM carry Undo for its author; Undo rolls all of it back, with history and an audit entry', async () => {
  const { shown, dm, viewId } = await importAndConfirm();
  expect(JSON.stringify(shown)).toContain('Imported *partners.csv*: 2 new, 1 updated, 0 unchanged, 0 rejected.');
  expect(checkView(shown)).toEqual([]);
  const id = String((await ImportModel.findOne({}).lean())?._id);
  expect(undoValue(shown.blocks as Block[])).toBe(id);
  expect(checkMessage(dm.args as never)).toEqual([]);
  expect(undoValue(dm.args.blocks as Block[])).toBe(id);
  expect(JSON.stringify(dm.args.blocks)).toContain('You can undo this for 15 minutes.');
  expect(await PartnerModel.countDocuments()).toBe(3);
  expect((await conEd())?.status).toBe('active');

  // another administrator may not
  const refused = await undoOnDm(dm, OTHER);
  expect(refused.text).toContain(`Only <@${ADMIN}>, who imported *partners.csv*, can undo it.`);
  expect(await PartnerModel.countDocuments()).toBe(3);

  const undone = await undoOnDm(dm);
  expect(undone.replace_original).toBe(true);
  expect(undone.text).toBe(
    ':leftwards_arrow_with_hook: Undone. The import of *partners.csv* is rolled back: 2 records it created removed, 1 record it changed put back (their History says so).',
  );
  expect(await PartnerModel.countDocuments()).toBe(1);
  const back = await conEd();
  expect(back).toMatchObject({ status: 'prospect', contacts: [] });
  expect(back?.notes ?? '').toBe('');
  expect(back?.history.at(-1)).toMatchObject({ by: ADMIN, action: 'import rolled back', source: 'partners.csv' });
  expect((await ImportModel.findOne({}).lean())?.status).toBe('rolled_back');
  expect((await AuditEntryModel.find({}, { action: 1, by: 1 }).sort({ _id: 1 }).lean()).map((a) => [a.action, a.by])).toEqual([
    ['import.apply', ADMIN],
    ['import.rollback', ADMIN],
  ]);

  // the modal's Undo, pressed after: it was done already (told on top of the modal)
  const pushes = h().fake.callsTo('views.push').length;
  await h().slack.blockAction({ userId: ADMIN, actionId: IMPORT_ACTION.undo, blockId: IMPORT_BLOCK.undo, view: { id: viewId } });
  const told = await h().fake.waitFor('views.push', () => h().fake.callsTo('views.push').length > pushes, 15_000);
  expect(JSON.stringify(told.args.view)).toContain('You have undone this import already.');
  expect(await PartnerModel.countDocuments()).toBe(1);
});

it('Undo in the modal where the import was confirmed replaces the result there', async () => {
  const { viewId } = await importAndConfirm();
  const updates = h().fake.callsTo('views.update').length;
  await h().slack.blockAction({ userId: ADMIN, actionId: IMPORT_ACTION.undo, blockId: IMPORT_BLOCK.undo, view: { id: viewId } });
  const shown = await h().fake.waitFor('views.update', () => h().fake.callsTo('views.update').length > updates, 15_000);
  expect(shown.args.view_id).toBe(viewId);
  expect(JSON.stringify(shown.args.view)).toContain('Undone. The import of *partners.csv* is rolled back');
  expect(checkView(shown.args.view)).toEqual([]);
  expect(await PartnerModel.countDocuments()).toBe(1);
});

it('refuses, changing nothing, when someone changed a record of the import since (saying who and what), and after 15 minutes', async () => {
  const { dm } = await importAndConfirm();
  const sinai = await PartnerModel.findOne({ name: 'Mount Sinai Health' }).lean();
  await writePartner(String(sinai?._id), { by: OTHER, now: NOW, action: 'edited' }, {}, () => ({ notes: 'Call Dana first' }));
  const refused = await undoOnDm(dm);
  expect(refused.text).toContain(`Since your import of *partners.csv*, someone changed row 3: Mount Sinai Health (by <@${OTHER}>, edited).`);
  expect(refused.text).toContain('So I did not undo it');
  expect(await PartnerModel.countDocuments()).toBe(3);
  expect((await conEd())?.status).toBe('active');
  expect((await ImportModel.findOne({}).lean())?.status).toBe('applied');

  // put back as the import left it, the Undo works again, but not once 15 minutes have passed
  await writePartner(String(sinai?._id), { by: OTHER, now: NOW, action: 'edited' }, {}, () => ({ notes: null }));
  h().setNow(new Date(NOW.getTime() + 16 * 60_000));
  const late = await undoOnDm(dm);
  expect(late.text).toContain('Undo is possible for 15 minutes after an import, and this one is older.');
  expect(late.text).toContain('npm run import -- --rollback');
  expect(await PartnerModel.countDocuments()).toBe(3);
});

it('a record changed between the check and its write is left as it is: the answer says the undo was partial and names it', async () => {
  const { dm } = await importAndConfirm();
  const original = ImportModel.updateOne.bind(ImportModel);
  // another IEC edits Con Edison just after Undo checked every record (its claim) and before the rollback writes
  const spy = jest.spyOn(ImportModel, 'updateOne').mockImplementation(((filter: never, update: { $set?: { undo?: unknown } }) => {
    const result = original(filter, update);
    if (!update?.$set?.undo) return result;
    return result.then(async (r) => {
      const id = String((await conEd())?._id);
      await writePartner(id, { by: OTHER, now: NOW, action: 'edited' }, {}, () => ({ notes: 'Their own note' }));
      // and a partner the import created: kept with their change, not removed
      const sinai = String((await PartnerModel.findOne({ name: 'Mount Sinai Health' }).lean())?._id);
      await writePartner(sinai, { by: OTHER, now: NOW, action: 'edited' }, {}, () => ({ notes: 'Call Dana first' }));
      return r;
    });
  }) as never);
  let partial: { text?: string };
  try {
    partial = await undoOnDm(dm);
  } finally {
    spy.mockRestore();
  }
  expect(partial.text).toBe(
    ':warning: *Partly undone.* The import of *partners.csv* is rolled back. Not undone, because someone else changed them meanwhile: row 3: Mount Sinai Health; row 2: Con Edison. Look at their History and put them right by hand.',
  );
  // Con Edison and Mount Sinai Health as the other IEC left them; the untouched created partner gone
  expect(await conEd()).toMatchObject({ status: 'active', notes: 'Their own note' });
  expect(await PartnerModel.findOne({ name: 'Mount Sinai Health' }).lean()).toMatchObject({ notes: 'Call Dana first' });
  expect(await PartnerModel.countDocuments()).toBe(2);
});
