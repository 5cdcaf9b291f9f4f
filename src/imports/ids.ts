/** Slack IDs of the imports feature, defined once. */

export const IMPORT_SUBCOMMAND = 'import';

export const IMPORT_CALLBACK = {
  /** The form: what the file holds, and the file. */
  form: 'import_form',
  /** "Reading partners.xlsx…", "Importing…", the result: nothing to submit. */
  progress: 'import_progress',
  /** The preview: Confirm applies it, Cancel (closing) drops it. */
  preview: 'import_preview',
} as const;

export const IMPORT_BLOCK = {
  kind: 'import_kind',
  file: 'import_file',
  /** The Undo under an applied import's result (the modal, the DM). */
  undo: 'import_undo',
} as const;
export const IMPORT_ACTION = {
  kind: 'kind',
  file: 'file',
  /** The Confirm and Cancel buttons of a preview sent by DM (the modal was closed). */
  confirm: 'import_confirm',
  cancel: 'import_cancel',
  /** Undo an applied import, for its author (value: the import's id): src/imports/undo.ts. */
  undo: 'import_undo',
} as const;

/** The scheduler's kind for "finish or roll back an import whose process died, and tell its author". */
export const IMPORT_RECOVERY_KIND = 'import-recovery';

/** One per import and stall: a lease that ended at `leaseUntil`. */
export function importRecoveryKey(importId: string, leaseUntil: Date): string {
  return `${IMPORT_RECOVERY_KIND}:${importId}:${leaseUntil.getTime()}`;
}
