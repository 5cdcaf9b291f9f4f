import { z } from 'zod';
import { invalidInput } from '../errors';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { parseUserMention } from '../slack/text';
import { requireAdmin } from './actor';
import { ADMIN_SUBCOMMAND } from './ids';
import { addAdmin, listAdmins, removeAdmin } from './service';
import { adminListBlocks, adminListText } from './views';

const USAGE = 'Use `/iec admin add @user`, `/iec admin remove @user` or `/iec admin list`.';

const adminArgs = z.union([
  z.tuple([z.literal('list')]),
  z.tuple([
    z.enum(['add', 'remove']),
    z.string().transform((t, ctx) => {
      const user = parseUserMention(t);
      if (user) return user;
      ctx.addIssue({ code: 'custom', message: 'user' });
      return z.NEVER;
    }),
  ]),
]);

async function runAdmin(ctx: CommandContext): Promise<void> {
  const envAdmins = ctx.deps.config.admins;
  requireAdmin(ctx.actor);
  const parsed = adminArgs.safeParse([ctx.args[0]?.toLowerCase() ?? '', ...ctx.args.slice(1)]);
  if (!parsed.success) {
    const verb = ctx.args[0]?.toLowerCase();
    throw invalidInput(verb === 'add' || verb === 'remove' ? `Mention the person, e.g. \`/iec admin ${verb} @jane\`.` : USAGE);
  }
  const [verb, target] = parsed.data;
  if (verb === 'list') {
    const list = await listAdmins(envAdmins);
    return ctx.reply({ text: adminListText(list), blocks: adminListBlocks(list, ctx.deps.config.timeZone) });
  }
  if (verb === 'add') {
    const result = await addAdmin(target, { by: ctx.userId, at: ctx.now }, envAdmins);
    const text = {
      added: `:white_check_mark: <@${target}> is now an iec-bot administrator.`,
      already_admin: `<@${target}> is already an administrator.`,
      configured_admin: `<@${target}> is already an administrator (through the \`IEC_ADMINS\` setting).`,
    }[result];
    return ctx.reply(text);
  }
  const removed = await removeAdmin(target, { by: ctx.userId, at: ctx.now }, envAdmins);
  return ctx.reply(
    removed === 'removed' ? `:white_check_mark: <@${target}> is no longer an administrator.` : `<@${target}> was not an administrator.`,
  );
}

/** `/iec admin add|remove|list`: administrators managed in Slack. */
export const accessFeature: Feature = {
  name: 'access',
  subcommands: [
    {
      name: ADMIN_SUBCOMMAND,
      help: [
        { usage: '/iec admin list', summary: 'who the administrators are (administrators only)' },
        { usage: '/iec admin add|remove @user', summary: 'make someone an administrator, or no longer one' },
      ],
      run: runAdmin,
    },
  ],
};
