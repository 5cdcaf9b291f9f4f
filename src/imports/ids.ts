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

export const IMPORT_BLOCK = { kind: 'import_kind', file: 'import_file' } as const;
export const IMPORT_ACTION = {
  kind: 'kind',
  file: 'file',
  /** The Confirm and Cancel buttons of a preview sent by DM (the modal was closed). */
  confirm: 'import_confirm',
  cancel: 'import_cancel',
} as const;
