import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { actorFrom, requireImporter, type Actor } from '../access';
import type { AppDeps } from '../slack/deps';
import { isSubmittedForm } from '../slack/forms';
import { errorReply } from '../slack/replies';
import { type PersonalMessage, replierFor } from '../slack/interaction';
import type { CommandContext } from '../slack/iec-command';
import { parseOwnJson } from '../slack/view-state';
import { IMPORT_KINDS } from './columns';
import { submitImportFile, submitImportPreview } from './handlers/forms';
import { IMPORT_ACTION, IMPORT_CALLBACK } from './ids';
import { applyImport, cancelImport } from './service';
import { undoImport } from './undo';
import { importedMessage, importFormView, importUndoneText, progressView, resultText } from './views';

export async function openImportForm(ctx: CommandContext): Promise<void> {
  requireImporter(ctx.actor);
  const kind = IMPORT_KINDS.find((k) => k === (ctx.args[0] ?? '').toLowerCase());
  await ctx.client.views.open({ trigger_id: ctx.triggerId, view: importFormView(kind) });
}

const previewMetadata = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/) });

export function registerImportListeners(app: App, deps: AppDeps): void {
  app.view(IMPORT_CALLBACK.form, submitImportFile(deps));
  app.view(IMPORT_CALLBACK.preview, submitImportPreview(deps));

  // Closing the preview without Confirm drops it (a preview closed after its Confirm was submitted is not cancelled).
  app.view({ callback_id: IMPORT_CALLBACK.preview, type: 'view_closed' }, async ({ ack, view, context }) => {
    await ack();
    const id = parseOwnJson(previewMetadata, view.private_metadata)?.id;
    if (!id || isSubmittedForm(view)) return;
    await cancel(id, actorFrom(context), deps).catch((err) => deps.logger.error('import: cancel failed', err));
  });

  // the preview by DM: replaced by the result, with Undo for its author (the DM is also where they acted)
  app.action<BlockAction<ButtonAction>>(IMPORT_ACTION.confirm, async ({ ack, action, respond, context, body }) => {
    await ack();
    await respond({ replace_original: true, text: ':hourglass_flowing_sand: Importing…' });
    await respond({ replace_original: true, ...(await confirm(action.value ?? '', actorFrom(context), body.user.id, deps)) });
  });

  // Undo under the result (the modal or the DM): the result is replaced by what was rolled back
  app.action<BlockAction<ButtonAction>>(IMPORT_ACTION.undo, async ({ ack, action, respond, context, body, client }) => {
    await ack();
    const reply = replierFor({ body, respond, client }, deps.logger);
    try {
      const text = importUndoneText(await undoImport(action.value ?? '', actorFrom(context), deps.clock()));
      if (body.view?.id) await client.views.update({ view_id: body.view.id, view: progressView('Import undone', text) });
      else await respond({ replace_original: true, text });
    } catch (err) {
      await reply.error(err);
    }
  });

  app.action<BlockAction<ButtonAction>>(IMPORT_ACTION.cancel, async ({ ack, action, respond, context }) => {
    await ack();
    const text = await cancel(action.value ?? '', actorFrom(context), deps).catch((err: unknown) => `:x: ${errorReply(err, deps.logger)}`);
    await respond({ replace_original: true, text });
  });
}

async function confirm(id: string, actor: Actor, userId: string, deps: AppDeps): Promise<PersonalMessage> {
  try {
    const summary = await applyImport(id, { now: deps.clock(), actor });
    return importedMessage(summary, summary.by === userId);
  } catch (err) {
    // after a write of this request (the import's claim, its first batches) the reply says part may be saved
    return { text: `:x: ${errorReply(err, deps.logger)}` };
  }
}

async function cancel(id: string, actor: Actor, deps: AppDeps): Promise<string> {
  return resultText(await cancelImport(id, actor, deps.clock()));
}
