import { z } from 'zod';
import { requireImporter } from '../../access';
import { AppError } from '../../errors';
import type { AppDeps } from '../../slack/deps';
import { formListener, type FormAnswer, type FormRequest, type FormSpec } from '../../slack/forms';
import { escapeMrkdwn } from '../../slack/text';
import { IMPORT_BLOCK, IMPORT_CALLBACK } from '../ids';
import { downloadSharedFile } from '../download';
import { parseImportForm, type ImportFile } from '../input';
import { applyImport, getImport, previewImport, previewOfSubmission, type ImportSummary } from '../service';
import { importedMessage, importedView, previewMessage, previewView, resultText } from '../views';
import { sendDm } from '../../slack/interaction';

/**
 * The import's two forms on the form helper (src/slack/forms.ts): the file form (what the file holds, the file)
 * answers with the preview as its next step; the preview's Confirm applies it. Both can take longer than the
 * helper's deadline by nature (a big file): the modal then says the work goes on, and the result follows in it, or
 * by DM when it was closed.
 */

const objectId = z.string().regex(/^[a-f0-9]{24}$/);

/** The preview as the modal's next step; by DM (with Confirm and Cancel buttons) when the modal is gone. */
function preview(summary: ImportSummary): FormAnswer {
  return { kind: 'next', view: previewView(summary), ifClosed: previewMessage(summary) };
}

export async function previewImportForm(file: ImportFile, req: FormRequest<unknown>): Promise<FormAnswer> {
  const { actor, deps, client, key, view, now, userId } = req;
  // Slack delivered this submission again, or it was submitted twice: the one preview
  const earlier = await previewOfSubmission(key);
  if (earlier) return preview(earlier);
  requireImporter(actor);
  const refused = (why: string): FormAnswer => ({
    kind: 'refused',
    errors: { [IMPORT_BLOCK.file]: `${file.name} cannot be imported: ${why} Nothing was written.` },
  });
  let content: Buffer;
  try {
    content = await downloadSharedFile(file.url, deps.config.slack.botToken);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('Slack did not')) return refused(err.message);
    throw err;
  }
  const result = await previewImport({
    kind: file.kind,
    filename: file.name,
    content,
    actor,
    by: userId,
    via: 'slack',
    now,
    slack: { viewId: view.id },
    submissionKey: key,
    lookupEmail: async (email) => (await client.users.lookupByEmail({ email }).catch(() => undefined))?.user?.id,
  });
  return result.ok ? preview(result.summary) : refused(result.reason);
}

export const importFileFormSpec = (): FormSpec<unknown, ImportFile> => ({
  callbackId: IMPORT_CALLBACK.form,
  metadata: z.object({}).passthrough(),
  parse: (values) => parseImportForm(values as never),
  save: previewImportForm,
  errorBlock: IMPORT_BLOCK.file,
  saving: (file) => `:hourglass_flowing_sand: Reading *${escapeMrkdwn(file.name)}*…`,
  pending:
    ':hourglass_flowing_sand: Still reading the file: a big one takes a while. The preview follows here, or by DM if you close this.',
});

/**
 * The preview's Confirm: applies it exactly as previewed (once: a second delivery finds it applied). The result in
 * the modal and by DM (which stays after a reload) carries Undo for its author.
 */
export async function confirmImportForm(_value: unknown, req: FormRequest<{ id: string }>): Promise<FormAnswer> {
  const { meta, actor, now, client, userId, deps } = req;
  let summary: ImportSummary;
  try {
    summary = await applyImport(meta.id, { now, actor });
  } catch (err) {
    const current = err instanceof AppError ? await getImport(meta.id).catch(() => undefined) : undefined;
    if (current?.status !== 'applied') throw err;
    // delivered again: the first delivery sent the DM
    return { kind: 'saved', view: importedView(current, current.by === userId), ifClosed: { text: resultText(current) } };
  }
  const undo = summary.by === userId;
  if (summary.status !== 'applied') return { kind: 'saved', view: importedView(summary, false), ifClosed: { text: resultText(summary) } };
  return {
    kind: 'saved',
    view: importedView(summary, undo),
    after: async () => {
      await sendDm(client, userId, importedMessage(summary, undo)).catch((err: unknown) =>
        deps.logger.error('could not DM the import result:', err instanceof Error ? err.message : err),
      );
    },
  };
}

export const importPreviewFormSpec = (): FormSpec<{ id: string }, Record<string, never>> => ({
  callbackId: IMPORT_CALLBACK.preview,
  metadata: z.object({ id: objectId }),
  parse: () => ({ ok: true, value: {} }),
  save: confirmImportForm,
  saving: ':hourglass_flowing_sand: Importing…',
  pending: ':hourglass_flowing_sand: Still importing: a big file takes a while. The result follows here, or by DM if you close this.',
});

export const submitImportFile = (deps: AppDeps) => formListener(importFileFormSpec(), deps);
export const submitImportPreview = (deps: AppDeps) => formListener(importPreviewFormSpec(), deps);
