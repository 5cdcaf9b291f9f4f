import type { Feature } from '../slack/features';
import { runArchive, runDelete, runRestore } from './archive-command';
import { correctionButton } from './archive-buttons';
import { historyMoreButton, runHistory } from './history';
import { titledButtonListener } from './titled';
export { archiveButton } from './views';
import { ARCHIVE_SUBCOMMAND, CORRECTION_ACTION, DELETE_SUBCOMMAND, HISTORY_SUBCOMMAND, RESTORE_SUBCOMMAND } from './ids';

/** Putting mistakes right: archive and restore partners and schools, delete for good what nothing refers to. */
export const correctionsFeature: Feature = {
  name: 'corrections',
  subcommands: [
    {
      name: ARCHIVE_SUBCOMMAND,
      help: [
        { usage: '/iec archive partner|school <name>', summary: 'archive it: gone from lists, type-ahead and digests until restored' },
        {
          usage: '/iec archive deliverable|meeting <title>',
          summary: 'archive it: gone from lists, Home, digests and reminders until restored',
        },
      ],
      run: runArchive,
    },
    {
      name: RESTORE_SUBCOMMAND,
      help: [
        { usage: '/iec restore partner|school <name>', summary: 'bring an archived partner or school back' },
        { usage: '/iec restore deliverable|meeting <title>', summary: 'bring an archived deliverable or meeting back' },
      ],
      run: runRestore,
    },
    {
      name: DELETE_SUBCOMMAND,
      help: [{ usage: '/iec delete partner|school <name>', summary: 'delete for good one that nothing refers to (administrators)' }],
      run: runDelete,
    },
    {
      name: HISTORY_SUBCOMMAND,
      help: [{ usage: '/iec history <partner>', summary: 'the changes of its commitments: who, when, from what to what, newest first' }],
      run: runHistory,
    },
  ],
  register: (app, deps) => {
    app.action(CORRECTION_ACTION.historyMore, historyMoreButton(deps));
    app.action(CORRECTION_ACTION.historyNewer, historyMoreButton(deps));
    app.action(CORRECTION_ACTION.archive, correctionButton('archive', deps));
    app.action(CORRECTION_ACTION.restore, correctionButton('restore', deps));
    app.action(CORRECTION_ACTION.delete, correctionButton('delete', deps));
    app.action(CORRECTION_ACTION.archiveTitled, titledButtonListener('archive', deps));
    app.action(CORRECTION_ACTION.restoreTitled, titledButtonListener('restore', deps));
  },
};
