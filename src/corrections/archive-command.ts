import { conflict } from '../errors';
import type { CommandContext } from '../slack/iec-command';
import { escapeMrkdwn } from '../slack/text';
import { parseCorrectionArgs } from './input';
import { runTitled } from './titled';
import { archiveRecord, findRecord, referencesTo, requireDeletable, requireDelete, restoreRecord } from './service';
import { archivedMessage, deletePreview, restoredMessage } from './views';

/** `/iec archive partner|school <name>`. */
export async function runArchive(ctx: CommandContext): Promise<void> {
  const parsed = parseCorrectionArgs('archive', ctx.args, ctx.rest);
  if ('titled' in parsed) return runTitled(ctx, 'archive', parsed.kind, parsed.name);
  const { kind, name } = parsed;
  const record = await findRecord(kind, name);
  await ctx.reply(archivedMessage(kind, await archiveRecord(kind, record.id, ctx.actor, ctx.now)));
}

/** `/iec restore partner|school <name>`. */
export async function runRestore(ctx: CommandContext): Promise<void> {
  const parsed = parseCorrectionArgs('restore', ctx.args, ctx.rest);
  if ('titled' in parsed) return runTitled(ctx, 'restore', parsed.kind, parsed.name);
  const { kind, name } = parsed;
  const record = await findRecord(kind, name);
  await ctx.reply(restoredMessage(kind, await restoreRecord(kind, record.id, ctx.actor, ctx.now)));
}

/** `/iec delete partner|school <name>`: administrators; a preview with a confirmation, refused while anything refers to it. */
export async function runDelete(ctx: CommandContext): Promise<void> {
  const parsed = parseCorrectionArgs('delete', ctx.args, ctx.rest);
  if ('titled' in parsed) throw new Error('delete takes partners and schools only'); // the parser refuses the others
  const { kind, name } = parsed;
  requireDelete(ctx.actor, kind);
  const record = await findRecord(kind, name);
  await requireDeletable(kind, record.id);
  const references = await referencesTo(kind, record.id);
  if (references.length > 0)
    throw conflict(
      `*${escapeMrkdwn(record.name)}* cannot be deleted: ${references.join(', ')} still refer to it. Archive it instead (\`/iec archive ${kind} ${escapeMrkdwn(record.name)}\`).`,
    );
  await ctx.reply(deletePreview(kind, record));
}
