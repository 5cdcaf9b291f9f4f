import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { resolveActor } from '../access';
import { requireImporter } from '../access';
import { userMessageFor } from '../errors';
import type { AppDeps } from '../slack/deps';
import type { CommandContext } from '../slack/iec-command';
import { sendDm } from '../slack/interaction';
import { IMPORT_KINDS, type ImportKind } from './columns';
import { IMPORT_ACTION, IMPORT_BLOCK, IMPORT_CALLBACK } from './ids';
import { MAX_FILE_BYTES } from './read';
import { applyImport, cancelImport, type ImportSummary, previewImport } from './service';
import { importFormView, previewMessage, previewView, progressView, resultText } from './views';
import { escapeMrkdwn } from '../slack/text';

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
export function parseImportForm(values: Record<string, Record<string, unknown>> | undefined) {
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
  return { ok: true as const, value: { kind: parsed.data.kind as ImportKind, name: file.name, url } };
}

/** Downloads a shared file with the bot token (scope files:read). Without the token Slack answers with its sign-in page. */
export async function downloadSharedFile(url: string, token: string): Promise<Buffer> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, redirect: 'manual' });
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || type.startsWith('text/html')) throw new Error(`Slack did not let me download the file (HTTP ${res.status}).`);
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_FILE_BYTES) throw new Error('The file is over 10 MB.');
  const bytes = Buffer.from(await res.arrayBuffer());
  return bytes;
}

export async function openImportForm(ctx: CommandContext): Promise<void> {
  requireImporter(await resolveActor(ctx.userId, ctx.deps.config.admins));
  const kind = IMPORT_KINDS.find((k) => k === (ctx.args[0] ?? '').toLowerCase());
  await ctx.client.views.open({ trigger_id: ctx.triggerId, view: importFormView(kind) });
}

/** Shows a view in the modal if it is still open; tells the person by DM otherwise. */
async function show(client: WebClient, viewId: string, userId: string, summary: ImportSummary | undefined, text: string, deps: AppDeps) {
  const view = summary && summary.status === 'previewed' ? previewView(summary) : progressView('Import', text);
  try {
    await client.views.update({ view_id: viewId, view });
  } catch {
    const message = summary && summary.status === 'previewed' ? previewMessage(summary) : { text };
    await sendDm(client, userId, message).catch((err) => deps.logger.error('import: could not tell the author', err));
  }
}

export function registerImportListeners(app: App, deps: AppDeps): void {
  app.view(IMPORT_CALLBACK.form, async ({ ack, body, view, client }) => {
    const form = parseImportForm(view.state.values as never);
    if (!form.ok) {
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    await ack({ response_action: 'update', view: progressView('Import', `:hourglass_flowing_sand: Reading *${form.value.name}*…`) });
    const userId = body.user.id;
    try {
      const actor = await resolveActor(userId, deps.config.admins);
      requireImporter(actor);
      const content = await downloadSharedFile(form.value.url, deps.config.slack.botToken);
      const result = await previewImport({
        kind: form.value.kind,
        filename: form.value.name,
        content,
        actor,
        by: userId,
        via: 'slack',
        now: deps.clock(),
        slack: { viewId: view.id },
        lookupEmail: async (email) => (await client.users.lookupByEmail({ email }).catch(() => undefined))?.user?.id,
      });
      if (!result.ok) {
        await show(
          client,
          view.id,
          userId,
          undefined,
          `:x: *${escapeMrkdwn(form.value.name)}* cannot be imported: ${result.reason} Nothing was written.`,
          deps,
        );
        return;
      }
      await show(client, view.id, userId, result.summary, '', deps);
    } catch (err) {
      const message =
        err instanceof Error && err.message.startsWith('Slack did not')
          ? err.message
          : userMessageFor(err, (m, e) => deps.logger.error(m, e));
      await show(client, view.id, userId, undefined, `:x: ${message} Nothing was written.`, deps);
    }
  });

  app.view(IMPORT_CALLBACK.preview, async ({ ack, body, view, client }) => {
    const id = view.private_metadata;
    await ack({ response_action: 'update', view: progressView('Import', ':hourglass_flowing_sand: Importing…') });
    await confirm(client, id, body.user.id, deps, view.id);
  });

  app.view({ callback_id: IMPORT_CALLBACK.preview, type: 'view_closed' }, async ({ ack, body, view }) => {
    await ack();
    await cancel(view.private_metadata, body.user.id, deps).catch((err) => deps.logger.error('import: cancel failed', err));
  });

  app.action<BlockAction<ButtonAction>>(IMPORT_ACTION.confirm, async ({ ack, body, action, client, respond }) => {
    await ack();
    await respond({ replace_original: true, text: ':hourglass_flowing_sand: Importing…' });
    const text = await confirm(client, action.value ?? '', body.user.id, deps);
    await respond({ replace_original: true, text });
  });

  app.action<BlockAction<ButtonAction>>(IMPORT_ACTION.cancel, async ({ ack, body, action, respond }) => {
    await ack();
    const text = await cancel(action.value ?? '', body.user.id, deps).catch((err) =>
      userMessageFor(err, (m, e) => deps.logger.error(m, e)),
    );
    await respond({ replace_original: true, text });
  });
}

async function confirm(client: WebClient, id: string, userId: string, deps: AppDeps, viewId?: string): Promise<string> {
  let text: string;
  try {
    const actor = await resolveActor(userId, deps.config.admins);
    text = resultText(await applyImport(id, { now: deps.clock(), actor }));
  } catch (err) {
    text = `:x: ${userMessageFor(err, (m, e) => deps.logger.error(m, e))}`;
  }
  if (viewId) await show(client, viewId, userId, undefined, text, deps);
  return text;
}

async function cancel(id: string, userId: string, deps: AppDeps): Promise<string> {
  const actor = await resolveActor(userId, deps.config.admins);
  return resultText(await cancelImport(id, actor, deps.clock()));
}
