import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IMPORT_ACTION, IMPORT_BLOCK } from '../../src/imports/ids';
import { ImportModel } from '../../src/imports/model';
import { PartnerModel } from '../../src/partners/model';
import { seedCommissions } from '../../src/seed/service';
import { TEST_BOT_TOKEN, useHarness } from '../support/harness';
import { viewOf } from '../support/views';
import { isSaving, noticeOf, submitForm, warningUnder } from '../support/forms';

const ADMIN = 'U0ADMIN';
const FIXTURES = path.join(__dirname, 'fixtures');

describe('/iec import through signed requests', () => {
  const h = useHarness({
    admins: [ADMIN],
    seed: async (harness) => {
      await seedCommissions();
      harness.fake.addUser({ id: 'U0ANA', name: 'ana', email: 'ana.ruiz@coned.example' });
    },
  });

  async function submitFile(name: string, kind = 'partners') {
    await h().slack.command('/iec', 'import', { userId: ADMIN });
    const form = viewOf(await h().fake.waitFor('views.open'));
    expect(JSON.stringify(form)).toContain('"file_input"');
    const file = h().fake.hostFile({ name, content: readFileSync(path.join(FIXTURES, name)), token: TEST_BOT_TOKEN });
    const res = await h().slack.viewSubmission({
      userId: ADMIN,
      view: { id: form.id },
      values: {
        [IMPORT_BLOCK.kind]: { [IMPORT_ACTION.kind]: { type: 'radio_buttons', selected_option: { value: kind } } as never },
        [IMPORT_BLOCK.file]: { [IMPORT_ACTION.file]: { type: 'file_input', files: [file] } as never },
      },
    });
    return { form, file, res };
  }

  it('file_input → download with the bot token → preview → Confirm → /iec partner list shows them', async () => {
    const { form, res } = await submitFile('partners-messy.xlsx');
    expect(res.json?.response_action).toBe('update');
    expect(JSON.stringify(res.json?.view)).toContain('Reading *partners-messy.xlsx*…');

    const update = await h().fake.waitFor('views.update', (c) => JSON.stringify(c.args).includes('Import preview'));
    const download = h().fake.calls.find((c) => c.method === 'file_download');
    expect(download).toMatchObject({ ok: true, token: TEST_BOT_TOKEN });
    const preview = JSON.stringify(update.args.view);
    expect(preview).toContain('3 new, 0 updated, 0 unchanged, 3 rejected');
    expect(preview).toMatch(/row 4: \S*pat@\S* is not an email address/);
    expect(preview).toContain('Favourite colour');
    expect(await PartnerModel.countDocuments()).toBe(0);

    const confirmed = await submitForm(h(), { userId: ADMIN, view: { id: form.id } });
    expect(isSaving(confirmed.res.json)).toBe(true);
    expect(noticeOf(confirmed.res.json?.view as never)).toContain('Importing…');
    expect(JSON.stringify(confirmed.shown)).toContain('Imported');
    expect(await PartnerModel.countDocuments()).toBe(3);
    // the same Confirm delivered again imports nothing more and says it was imported
    const before = h().fake.callsTo('views.update').length;
    await h().slack.replay(confirmed.res.request);
    const again = await h().fake.waitFor('views.update', () => h().fake.callsTo('views.update').length > before);
    expect(JSON.stringify(again.args.view)).toContain('Imported');
    expect(await PartnerModel.countDocuments()).toBe(3);
    // closing the result does not cancel anything
    await h().slack.viewClosed({ userId: ADMIN, view: { id: form.id } });
    expect((await ImportModel.findOne({}).lean())?.status).toBe('applied');
    const conEd = await PartnerModel.findOne({ name: 'Con Edison' }).lean();
    expect(conEd?.contacts.find((c) => c.name === 'Ana Ruiz')?.slackUserId).toBe('U0ANA');

    await h().slack.command('/iec', 'partner list', { userId: ADMIN });
    const list = await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('partners'));
    expect(JSON.stringify(list.args)).toContain('Brooklyn Navy Yard');
    expect(JSON.stringify(list.args)).toContain('Mount Sinai Health');
  });

  it('closing the preview (Cancel) writes nothing', async () => {
    const { form } = await submitFile('partners-messy.csv');
    await h().fake.waitFor('views.update', (c) => JSON.stringify(c.args).includes('Import preview'));
    await h().slack.viewClosed({ userId: ADMIN, view: { id: form.id } });
    for (let i = 0; i < 50 && (await ImportModel.findOne({}).lean())?.status !== 'cancelled'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await ImportModel.findOne({}).lean())?.status).toBe('cancelled');
    expect(await PartnerModel.countDocuments()).toBe(0);
  });

  it('the same file form delivered twice previews once', async () => {
    const { res } = await submitFile('partners-messy.csv');
    await h().fake.waitFor('views.update', (c) => JSON.stringify(c.args).includes('Import preview'));
    const before = h().fake.callsTo('views.update').length;
    await h().slack.replay(res.request);
    const again = await h().fake.waitFor('views.update', () => h().fake.callsTo('views.update').length > before);
    expect(JSON.stringify(again.args.view)).toContain('Import preview');
    expect(await ImportModel.countDocuments()).toBe(1);
  });

  it('a file of another type is refused inline; a bad file says why under the file and writes nothing', async () => {
    const { res } = await submitFile('old-excel.xls');
    expect(res.json).toMatchObject({
      response_action: 'errors',
      errors: { [IMPORT_BLOCK.file]: 'old-excel.xls is not a .csv or .xlsx file.' },
    });
    h().fake.reset();
    await submitFile('not-a-spreadsheet.csv');
    const update = await h().fake.waitFor('views.update');
    expect(warningUnder(update.args.view as never, IMPORT_BLOCK.file)).toContain('This is not a CSV or Excel (.xlsx) file.');
    expect(await ImportModel.countDocuments()).toBe(0);
  });

  it('the file is not served without the bot token', async () => {
    const file = h().fake.hostFile({ name: 'x.csv', content: Buffer.from('Partner\r\nA\r\n'), token: TEST_BOT_TOKEN });
    const res = await fetch(file.url_private_download);
    expect(res.headers.get('content-type')).toContain('text/html');
    const authed = await fetch(file.url_private_download, { headers: { Authorization: `Bearer ${TEST_BOT_TOKEN}` } });
    expect(await authed.text()).toBe('Partner\r\nA\r\n');
  });
});
