/** Slack IDs of the corrections feature (archive, restore, delete for good), defined once. */
export const ARCHIVE_SUBCOMMAND = 'archive';
export const RESTORE_SUBCOMMAND = 'restore';
export const DELETE_SUBCOMMAND = 'delete';
export const HISTORY_SUBCOMMAND = 'history';

/** Buttons on the answers: value `<kind>:<id>` (see input.ts). */
export const CORRECTION_ACTION = {
  archive: 'correction_archive',
  restore: 'correction_restore',
  delete: 'correction_delete',
  /** Archive / Restore a deliverable or meeting: value `<deliverable|meeting>:<id>`. */
  archiveTitled: 'correction_archive_titled',
  restoreTitled: 'correction_restore_titled',
  /** Show more of a history: value `<partner id>:<offset>`. */
  historyMore: 'correction_history_more',
  /** Back to newer changes of a history: value `<partner id>:<offset>`. */
  historyNewer: 'correction_history_newer',
} as const;

/** The actions block holding that button. */
export const CORRECTION_BLOCK = 'correction_actions';
