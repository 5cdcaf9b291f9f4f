import type { KnownBlock, View } from '@slack/types';
import { partlyUndone } from '../domain/undo';
import { plural } from '../slack/format';
import { escapeMrkdwn, escapeMrkdwnKeepingCode } from '../slack/text';
import { undoBlocks } from '../slack/undo';
import { IMPORT_KINDS, type ImportKind } from './columns';
import { IMPORT_ACTION, IMPORT_BLOCK, IMPORT_CALLBACK } from './ids';
import { countsLine, type ImportSummary, type Recovered, type RolledBack } from './service';

/** Pure Block Kit of `/iec import`: the form, progress, the preview (modal or DM) and the result. */

const KIND_LABELS: Record<ImportKind, string> = {
  partners: 'Partners and their contacts',
  schools: 'Schools',
  commitments: 'Commitments',
  programs: 'Programs of study',
};

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function importFormView(kind?: ImportKind): View {
  const options = IMPORT_KINDS.map((k) => ({ text: plain(KIND_LABELS[k]), value: k }));
  return {
    type: 'modal',
    callback_id: IMPORT_CALLBACK.form,
    title: plain('Import a spreadsheet'),
    submit: plain('Preview'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'A CSV or Excel (.xlsx) file of up to 10 MB and 20,000 rows, with a header row. I show you what would change before anything is written.',
        },
      },
      {
        type: 'input',
        block_id: IMPORT_BLOCK.kind,
        label: plain('The file holds'),
        element: {
          type: 'radio_buttons',
          action_id: IMPORT_ACTION.kind,
          options,
          ...(kind ? { initial_option: options.find((o) => o.value === kind) } : {}),
        },
      },
      {
        type: 'input',
        block_id: IMPORT_BLOCK.file,
        label: plain('File'),
        element: { type: 'file_input', action_id: IMPORT_ACTION.file, filetypes: ['csv', 'xlsx'], max_files: 1 },
      },
    ],
  } as View;
}

/** A modal with one message and nothing to submit ("Reading partners.xlsx…", a file fault, the result), and `more` blocks. */
export function progressView(title: string, text: string, more: KnownBlock[] = []): View {
  return {
    type: 'modal',
    callback_id: IMPORT_CALLBACK.progress,
    title: plain(clip(title, 24)),
    close: plain('Close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } }, ...more],
  };
}

/** The counts, the first records and rejected rows, the columns not recognised. */
export function previewBlocks(s: ImportSummary): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`*${escapeMrkdwn(s.filename)}* (${s.kind}): *${countsLine(s.counts)}*.`, 3000),
      },
    },
  ];
  if (s.sample.length > 0) {
    const lines = s.sample.map((o) => `• ${o.action === 'create' ? 'new' : 'update'}: ${escapeMrkdwn(clip(o.label, 120))} (row ${o.row})`);
    const more = s.counts.new + s.counts.updated - s.sample.length;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`${lines.join('\n')}${more > 0 ? `\n…and ${more} more` : ''}`, 3000) },
    });
  }
  if (s.rejected.length > 0) {
    const shown = s.rejected.slice(0, 15).map((r) => `• row ${r.row}: ${escapeMrkdwnKeepingCode(clip(r.reason, 200))}`);
    const more = s.counts.rejected - shown.length;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`*Rejected rows* (not imported):\n${shown.join('\n')}${more > 0 ? `\n…and ${more} more` : ''}`, 3000),
      },
    });
  }
  const context = [
    ...(s.unrecognised.length > 0 ? [`Columns not recognised (ignored): ${s.unrecognised.map(escapeMrkdwn).join(', ')}`] : []),
    ...s.notices.map(escapeMrkdwnKeepingCode),
  ].slice(0, 10);
  if (context.length > 0)
    blocks.push({ type: 'context', elements: context.map((text) => ({ type: 'mrkdwn' as const, text: clip(text, 2000) })) });
  return blocks;
}

export function previewView(s: ImportSummary): View {
  const nothing = s.counts.new + s.counts.updated === 0;
  return {
    type: 'modal',
    callback_id: IMPORT_CALLBACK.preview,
    private_metadata: JSON.stringify({ id: s.id }),
    notify_on_close: true,
    title: plain('Import preview'),
    ...(nothing ? {} : { submit: plain('Confirm') }),
    close: plain(nothing ? 'Close' : 'Cancel'),
    blocks: [
      ...previewBlocks(s),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: nothing ? 'Nothing to change: nothing will be written.' : 'Confirm writes exactly this; Cancel writes nothing.',
          },
        ],
      },
    ],
  };
}

/** The preview by DM (the modal was closed meanwhile), with Confirm and Cancel. */
export function previewMessage(s: ImportSummary): { text: string; blocks: KnownBlock[] } {
  const nothing = s.counts.new + s.counts.updated === 0;
  return {
    text: `Import preview of ${s.filename}: ${countsLine(s.counts)}`,
    blocks: [
      ...previewBlocks(s),
      nothing
        ? { type: 'context', elements: [{ type: 'mrkdwn', text: 'Nothing to change: nothing will be written.' }] }
        : {
            type: 'actions',
            elements: [
              { type: 'button', action_id: IMPORT_ACTION.confirm, text: plain('Confirm'), style: 'primary', value: s.id },
              { type: 'button', action_id: IMPORT_ACTION.cancel, text: plain('Cancel'), value: s.id },
            ],
          },
    ],
  };
}

/** What happened, in one line for a person. */
export function resultText(s: ImportSummary): string {
  switch (s.status) {
    case 'applied':
      return `:white_check_mark: Imported *${escapeMrkdwn(s.filename)}*: ${countsLine(s.counts)}.`;
    case 'stale':
      return `:warning: ${escapeMrkdwnKeepingCode(s.problem ?? 'Records changed since the preview: nothing was imported.')}`;
    case 'cancelled':
      return `Cancelled: nothing from *${escapeMrkdwn(s.filename)}* was written.`;
    default:
      return `The import of *${escapeMrkdwn(s.filename)}* is ${s.status.replace('_', ' ')}.`;
  }
}

/** Undo under an applied import's result, for its author (`undo`): value the import's id. */
function undoOf(s: ImportSummary, undo: boolean): KnownBlock[] {
  return undo && s.status === 'applied' ? undoBlocks(IMPORT_ACTION.undo, s.id, IMPORT_BLOCK.undo) : [];
}

/** The result as a message (the DM, or the DM'd preview it replaces), with Undo for its author. */
export function importedMessage(s: ImportSummary, undo: boolean): { text: string; blocks: KnownBlock[] } {
  const text = resultText(s);
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } }, ...undoOf(s, undo)] };
}

/** The result in the modal where the import was confirmed, with Undo for its author. */
export function importedView(s: ImportSummary, undo: boolean): View {
  return progressView('Import', resultText(s), undoOf(s, undo));
}

/** In place of an import's result once its Undo rolled it back; a partial undo says so and names what was left. */
export function importUndoneText(r: RolledBack): string {
  const file = `*${escapeMrkdwn(r.filename)}*`;
  const done = `The import of ${file} is rolled back: ${plural(r.counts.new, 'record')} it created removed, ${plural(r.counts.updated, 'record')} it changed put back (their History says so).`;
  if (r.leftAsIs.length > 0) return partlyUndone(`The import of ${file} is rolled back.`, r.leftAsIs.map((l) => escapeMrkdwn(clip(l, 150))));
  return `:leftwards_arrow_with_hook: Undone. ${done}`;
}

/** The DM to the author of an import whose process died half-way, once it is finished or rolled back. */
export function recoveredMessage(r: Recovered): { text: string; blocks: KnownBlock[] } {
  const file = `*${escapeMrkdwn(r.summary.filename)}*`;
  const problem = r.problem ? ` (${escapeMrkdwnKeepingCode(r.problem)})` : '';
  const lines: Record<Recovered['outcome'], string> = {
    finished: `:white_check_mark: Your import of ${file} stopped half-way when the app restarted. It has been finished: ${countsLine(r.summary.counts)}.`,
    'rolled back': `:leftwards_arrow_with_hook: Your import of ${file} stopped half-way when the app restarted and could not be finished${problem}. It was rolled back: nothing from it is left. You can import the file again.`,
    failed: `:warning: Your import of ${file} stopped half-way when the app restarted and could neither be finished nor rolled back${problem}. An administrator can run \`npm run import -- --resume ${r.summary.id}\` or \`--rollback ${r.summary.id}\`.`,
  };
  const text = lines[r.outcome];
  return { text: text.replace(/[*`]/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
