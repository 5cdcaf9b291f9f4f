import { z } from 'zod';
import type { Parsed } from '../slack/view-state';
import { IMPORT_KINDS, type ImportKind } from './columns';
import { IMPORT_ACTION, IMPORT_BLOCK } from './ids';
import { MAX_FILE_BYTES } from './read';

/** A file to import, as the form names it: what it holds, its name, and where Slack serves it. */
export interface ImportFile {
  kind: ImportKind;
  name: string;
  url: string;
}

/** What a `file_input` submission carries of each file (Slack's file object, the fields we use). */
const sharedFileSchema = z.object({
  id: z.string(),
  name: z.string().max(255),
  size: z.number().int().nonnegative().optional(),
  url_private_download: z.url().optional(),
  url_private: z.url().optional(),
});

const formSchema = z.object({
  kind: z.enum(IMPORT_KINDS, { error: 'Pick what the file holds.' }),
  files: z.array(sharedFileSchema).min(1, 'Choose a file.').max(1, 'One file at a time.'),
});

/** The form as submitted → what and which file, or inline errors on the exact blocks. */
export function parseImportForm(values: Record<string, Record<string, unknown>> | undefined): Parsed<ImportFile> {
  const kindEl = values?.[IMPORT_BLOCK.kind]?.[IMPORT_ACTION.kind] as { selected_option?: { value?: string } | null } | undefined;
  const fileEl = values?.[IMPORT_BLOCK.file]?.[IMPORT_ACTION.file] as { files?: unknown[] } | undefined;
  const parsed = formSchema.safeParse({ kind: kindEl?.selected_option?.value, files: fileEl?.files ?? [] });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const block = issue.path[0] === 'kind' ? IMPORT_BLOCK.kind : IMPORT_BLOCK.file;
      errors[block] ??=
        issue.path[0] === 'files' && issue.path.length > 1 ? 'Slack sent that file in a form I cannot read: try again.' : issue.message;
    }
    return { ok: false as const, errors };
  }
  const file = parsed.data.files[0];
  // Slack's filetypes only guide the picker: check the type and size ourselves
  if (!/\.(csv|xlsx)$/i.test(file.name)) {
    return { ok: false as const, errors: { [IMPORT_BLOCK.file]: `${file.name} is not a .csv or .xlsx file.` } };
  }
  if ((file.size ?? 0) > MAX_FILE_BYTES) return { ok: false as const, errors: { [IMPORT_BLOCK.file]: 'Files can be at most 10 MB.' } };
  const url = file.url_private_download ?? file.url_private;
  if (!url) return { ok: false as const, errors: { [IMPORT_BLOCK.file]: 'Slack did not give me that file: try again.' } };
  return { ok: true, value: { kind: parsed.data.kind as ImportKind, name: file.name, url } };
}
