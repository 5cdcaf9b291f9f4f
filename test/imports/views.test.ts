import type { ModalView } from '@slack/types';
import type { ImportSummary } from '../../src/imports/service';
import {
  importedMessage,
  importedView,
  importFormView,
  importUndoneText,
  previewBlocks,
  previewMessage,
  previewView,
  progressView,
  recoveredMessage,
  resultText,
} from '../../src/imports/views';
import { escapeMrkdwn } from '../../src/slack/text';
import { checkMessage, checkView } from '../support/fake-slack';

function summary(over: Partial<ImportSummary> = {}): ImportSummary {
  return {
    id: '64b000000000000000000001',
    kind: 'partners',
    filename: 'partners.xlsx',
    by: 'U0ANA',
    status: 'previewed',
    counts: { new: 3, updated: 1, unchanged: 2, rejected: 1 },
    rejected: [{ row: 12, reason: '`pat@` is not an email address' }],
    unrecognised: ['Favourite colour'],
    notices: [],
    sample: [
      { action: 'create', label: 'Con Edison', row: 2 },
      { action: 'update', label: 'Turner Construction', row: 3 },
    ],
    ...over,
  };
}

const textOf = (blocks: unknown) => JSON.stringify(blocks);

describe('import views', () => {
  it('the form asks what the file holds, preselects the kind named, and takes one csv or xlsx file', () => {
    const view = importFormView('schools');
    expect(checkView(view)).toEqual([]);
    const json = textOf(view);
    expect(json).toContain('"file_input"');
    expect(json).toContain('"filetypes":["csv","xlsx"]');
    expect(json).toContain('"max_files":1');
    expect(json).toContain('"initial_option":{"text":{"type":"plain_text","text":"Schools","emoji":true},"value":"schools"}');
    expect(textOf(importFormView())).not.toContain('initial_option');
  });

  it('the preview shows the counts, the first records, rejected rows with the value as code, and unknown columns', () => {
    const blocks = previewBlocks(summary());
    const json = textOf(blocks);
    expect(json).toContain('*partners.xlsx* (partners): *3 new, 1 updated, 2 unchanged, 1 rejected*.');
    expect(json).toContain('• new: Con Edison (row 2)');
    expect(json).toContain('• update: Turner Construction (row 3)');
    expect(json).toContain('…and 2 more');
    expect(json).toContain('• row 12: `pat@` is not an email address');
    expect(json).toContain('Columns not recognised (ignored): Favourite colour');
  });

  it('names from the file cannot format the preview; a quoted value keeps its code span', () => {
    const s = summary({
      filename: '*Bold* & <Sons>.csv',
      sample: [{ action: 'create', label: '_Italic_ Partners', row: 2 }],
      rejected: [{ row: 4, reason: '`<b>` is not an email address' }],
    });
    const json = textOf(previewBlocks(s));
    expect(json).not.toContain('**Bold*');
    expect(json).toContain('&amp; &lt;Sons&gt;.csv');
    expect(json).not.toContain('new: _Italic_');
    expect(json).toContain('• row 4: `&lt;b&gt;` is not an email address');
  });

  it('the modal has Confirm only when something would change; the DM has Confirm and Cancel buttons', () => {
    const view = previewView(summary()) as ModalView;
    expect(checkView(view)).toEqual([]);
    expect(view.submit?.text).toBe('Confirm');
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ id: '64b000000000000000000001' });
    const nothing = previewView(
      summary({ counts: { new: 0, updated: 0, unchanged: 5, rejected: 0 }, sample: [], rejected: [] }),
    ) as ModalView;
    expect(nothing.submit).toBeUndefined();
    expect(nothing.close?.text).toBe('Close');

    const dm = previewMessage(summary());
    expect(checkMessage(dm)).toEqual([]);
    expect(dm.text).toBe('Import preview of partners.xlsx: 3 new, 1 updated, 2 unchanged, 1 rejected');
    expect(textOf(dm.blocks)).toContain('"value":"64b000000000000000000001"');
  });

  it('a long progress title and text stay within Slack limits', () => {
    const view = progressView('Reading a-very-long-file-name-indeed.xlsx', 'x'.repeat(5000)) as ModalView;
    expect(checkView(view)).toEqual([]);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
  });

  it('the result says what happened in one line', () => {
    expect(resultText(summary({ status: 'applied' }))).toBe(
      ':white_check_mark: Imported *partners.xlsx*: 3 new, 1 updated, 2 unchanged, 1 rejected.',
    );
    expect(resultText(summary({ status: 'cancelled' }))).toBe('Cancelled: nothing from *partners.xlsx* was written.');
    expect(resultText(summary({ status: 'rolled_back' }))).toBe('The import of *partners.xlsx* is rolled back.');
  });

  it('the recovery DM says whether the import was finished, rolled back, or needs an administrator', () => {
    const finished = recoveredMessage({ summary: summary({ status: 'applied' }), outcome: 'finished' });
    expect(checkMessage(finished)).toEqual([]);
    expect(finished.text).toBe(
      ':white_check_mark: Your import of partners.xlsx stopped half-way when the app restarted. It has been finished: 3 new, 1 updated, 2 unchanged, 1 rejected.',
    );
    const back = recoveredMessage({ summary: summary({ status: 'rolled_back' }), outcome: 'rolled back', problem: 'Records changed' });
    expect(back.text).toContain('could not be finished (Records changed). It was rolled back: nothing from it is left.');
    const failed = recoveredMessage({ summary: summary(), outcome: 'failed', problem: 'database unavailable' });
    expect(textOf(failed.blocks)).toContain('`npm run import -- --resume 64b000000000000000000001`');
  });

  it('an applied import’s result carries Undo (its id) for its author in the modal and the message; nothing else does', () => {
    const applied = summary({ status: 'applied', filename: 'a*b_<x>.csv' });
    const view = importedView(applied, true);
    const message = importedMessage(applied, true);
    expect(checkView(view)).toEqual([]);
    expect(checkMessage(message)).toEqual([]);
    for (const blocks of [(view as ModalView).blocks, message.blocks]) {
      const json = textOf(blocks);
      expect(json).toContain('"action_id":"import_undo","text":{"type":"plain_text","text":"Undo"},"value":"64b000000000000000000001"');
      expect(json).toContain('You can undo this for 15 minutes.');
      expect(json).toContain(`Imported *${escapeMrkdwn('a*b_<x>.csv')}*`);
    }
    expect(textOf(importedView(applied, false))).not.toContain('import_undo');
    expect(textOf(importedMessage(summary({ status: 'stale', problem: 'Since the preview, row 2 was changed.' }), true))).not.toContain(
      'import_undo',
    );
  });

  it('the answer of an Undo says what was rolled back, or that it was partial and what was left', () => {
    const rolled = { ...summary({ status: 'rolled_back' }), leftAsIs: [] };
    expect(importUndoneText(rolled)).toBe(
      ':leftwards_arrow_with_hook: Undone. The import of *partners.xlsx* is rolled back: 3 records it created removed, 1 record it changed put back (their History says so).',
    );
    const partial = importUndoneText({ ...rolled, leftAsIs: ['row 3: Turner <Construction>'] });
    expect(partial).toContain(':warning: *Partly undone.* The import of *partners.xlsx* is rolled back.');
    expect(partial).toContain('meanwhile: row 3: Turner &lt;Construction&gt;.');
    expect(checkView(progressView('Import undone', partial))).toEqual([]);
  });
});
