import type { WebClient } from '@slack/web-api';
import { channelAudience } from '../access';
import { z } from 'zod';
import { requireAllowed, requireCommissionManager, requireIec } from '../access';
import { appointeeProblem } from '../access';
import { COMMITMENT_TYPE_INFO, COMMITMENT_TYPE_NAMES, parseCommitmentType } from '../domain/commitments';
import { forbidden, invalidInput } from '../errors';
import { MEMBERS_VERB } from '../members';
import { runMembersCommand } from '../members/feature';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { parseChannelMention, parseUserMention } from '../slack/text';
import { COMMISSION_ALIASES, COMMISSION_SUBCOMMAND } from './ids';
import {
  changeCommissionLead,
  commissionDetail,
  findCommission,
  listCommissions,
  setCommissionChannel,
  setCommissionTarget,
  TARGET_MAX,
} from './service';
import { commissionDetailBlocks, commissionListBlocks } from './views';
import { formatQuantity } from '../slack/format';
import { schoolYearOf } from '../domain/dates';

const USAGE =
  'Use `/iec commission list`, `show <key>`, `members <key> [add]`, `set-channel <key> #channel`, `set-target <key> <type> <n>` or `lead add|remove <key> @user`.';

const TYPES_HINT = COMMITMENT_TYPE_NAMES.map((t) => `\`${t}\``).join(', ');

const keyArg = z.string({ error: 'Name the commission by its key, e.g. `healthcare` (see `/iec commission list`).' }).min(1);
const channelArg = z.string({ error: 'Mention the channel, e.g. `#healthcare-commission`.' }).transform((t, ctx) => {
  const channel = parseChannelMention(t);
  if (channel) return channel;
  ctx.addIssue({ code: 'custom', message: `\`${t.slice(0, 40)}\` is not a channel: type # and pick the channel.` });
  return z.NEVER;
});
const userArg = z.string({ error: 'Mention the person, e.g. `@jane`.' }).transform((t, ctx) => {
  const user = parseUserMention(t);
  if (user) return user;
  ctx.addIssue({ code: 'custom', message: 'Mention the person with @, e.g. `@jane`.' });
  return z.NEVER;
});
const typeArg = z.string({ error: `Give a commitment type: ${TYPES_HINT}.` }).transform((t, ctx) => {
  const type = parseCommitmentType(t);
  if (type) return type;
  ctx.addIssue({ code: 'custom', message: `\`${t.slice(0, 40)}\` is not a commitment type. Use one of ${TYPES_HINT}.` });
  return z.NEVER;
});
const quantityArg = z
  .string({ error: 'Give the target as a whole number, e.g. `40` (0 removes it).' })
  .regex(/^\d{1,9}$/, `A target is a whole number from 0 to ${TARGET_MAX.toLocaleString('en-US')} (0 removes it).`)
  .transform(Number);

/** The arguments of each `/iec commission` verb, in order. */
const VERB_ARGS = {
  list: z.tuple([]),
  show: z.tuple([keyArg]),
  'set-channel': z.tuple([keyArg, channelArg]),
  'set-target': z.tuple([keyArg, typeArg, quantityArg]),
  lead: z.tuple([z.enum(['add', 'remove'], { error: 'Say `lead add` or `lead remove`.' }), keyArg, userArg]),
} as const;
type Verb = keyof typeof VERB_ARGS;
export type CommissionCommand = { [V in Verb]: [V, ...z.infer<(typeof VERB_ARGS)[V]>] }[Verb];

/** Parses the words after `/iec commission` into one typed command, or a message saying what to fix. */
export function parseCommissionArgs(args: readonly string[]): CommissionCommand {
  const verb = (args[0] ?? 'list').toLowerCase();
  if (!Object.hasOwn(VERB_ARGS, verb)) throw invalidInput(USAGE);
  const schema = VERB_ARGS[verb as Verb];
  let words: Array<string | undefined> = args.slice(1).map((w, i) => (verb === 'lead' && i === 0 ? w.toLowerCase() : w));
  // `set-target construction guest speaking 10`: the words between the commission and the number are the type
  if (verb === 'set-target' && words.length > 3) words = [words[0], words.slice(1, -1).join(' '), words.at(-1)];
  const arity = schema.def.items.length;
  if (words.length > arity) throw invalidInput(`Too many words for \`/iec commission ${verb}\`. ${USAGE}`);
  while (words.length < arity) words.push(undefined);
  const parsed = schema.safeParse(words);
  if (!parsed.success) throw invalidInput(parsed.error.issues[0]?.message ?? USAGE);
  return [verb, ...parsed.data] as CommissionCommand;
}

/** Why the app may not be able to post in a channel, or '' when it can (public channels need no invitation). */
async function channelWarning(client: WebClient, channelId: string): Promise<string> {
  const info = await client.conversations.info({ channel: channelId }).catch(() => undefined);
  if (!info?.channel)
    return `\n:warning: I can't see that channel: if it is private, invite me there (\`/invite @iec-bot\` in <#${channelId}>) so the digests arrive.`;
  if (info.channel.is_archived) return '\n:warning: That channel is archived, so nothing can be posted there. Pick another one.';
  if (info.channel.is_private && info.channel.is_member === false)
    return `\n:warning: That channel is private: invite me there (\`/invite @iec-bot\`) so the digests arrive.`;
  return '';
}

async function runCommission(ctx: CommandContext): Promise<void> {
  if (ctx.args[0]?.toLowerCase() === MEMBERS_VERB) return runMembersCommand(ctx);
  const command = parseCommissionArgs(ctx.args);
  const actor = ctx.actor;
  requireIec(actor);
  switch (command[0]) {
    case 'list': {
      const list = await listCommissions();
      return ctx.reply({ text: `${list.length} commissions`, blocks: commissionListBlocks(list) });
    }
    case 'show': {
      const detail = await commissionDetail(command[1], schoolYearOf(ctx.now, ctx.deps.config.timeZone));
      return ctx.reply({ text: `${detail.name} commission`, blocks: commissionDetailBlocks(detail) });
    }
    case 'set-channel': {
      const commission = await findCommission(command[1]);
      requireCommissionManager(actor, commission);
      await setCommissionChannel(commission.key, command[2], { by: ctx.userId, at: ctx.now });
      const [warning, audience] = await Promise.all([channelWarning(ctx.client, command[2]), channelAudience(ctx.client, command[2])]);
      const shared = audience.shared
        ? `\n:lock: That channel counts as shared outside the district (${audience.why}): what I post there names no partners and gives no per-partner figures. Staff see the full digest with \`/iec digest ${commission.key}\`.`
        : '';
      return ctx.reply(
        `:white_check_mark: *${commission.name}* now posts its digests and reminders in <#${command[2]}>.${warning}${shared}`,
      );
    }
    case 'set-target': {
      const [, key, type, quantity] = command;
      const commission = await findCommission(key);
      requireCommissionManager(actor, commission);
      const schoolYear = schoolYearOf(ctx.now, ctx.deps.config.timeZone);
      await setCommissionTarget(commission.key, type, quantity, { by: ctx.userId, at: ctx.now }, schoolYear);
      const { label } = COMMITMENT_TYPE_INFO[type];
      return ctx.reply(
        quantity === 0
          ? `:white_check_mark: *${commission.name}* no longer has a target for ${label}.`
          : `:white_check_mark: *${commission.name}* target for ${label}: ${formatQuantity(type, quantity)} this school year (${schoolYear}).`,
      );
    }
    case 'lead': {
      const [, change, key, userId] = command;
      const commission = await findCommission(key);
      requireAllowed(
        actor,
        'commission.appointLead',
        { commissionKey: commission.key },
        `:lock: Sorry, only the leads of *${commission.name}* and iec-bot administrators can change who leads it.`,
      );
      if (change === 'add' && !actor.isAdmin) {
        const problem = await appointeeProblem(ctx.client, userId, ctx.deps.config.admins);
        if (problem) throw forbidden(`:lock: ${problem}`);
      }
      const changed = await changeCommissionLead(commission.key, userId, change, { by: ctx.userId, at: ctx.now });
      if (change === 'add') {
        return ctx.reply(
          changed ? `:white_check_mark: <@${userId}> now leads *${commission.name}*.` : `<@${userId}> already leads *${commission.name}*.`,
        );
      }
      return ctx.reply(
        changed
          ? `:white_check_mark: <@${userId}> no longer leads *${commission.name}*.`
          : `<@${userId}> was not a lead of *${commission.name}*.`,
      );
    }
  }
}

/** `/iec commission …`: the eight sector commissions, their channels, leads and targets. */
export const commissionsFeature: Feature = {
  name: 'commissions',
  subcommands: [
    {
      name: COMMISSION_SUBCOMMAND,
      aliases: COMMISSION_ALIASES,
      help: [
        { usage: '/iec commission list', summary: 'the commissions with their channels and leads' },
        { usage: '/iec commission show <key>', summary: "a commission's leads, channel, and this year's targets and progress" },
        { usage: '/iec commission set-channel <key> #channel', summary: 'where its digests and reminders go (admins and its leads)' },
        {
          usage: '/iec commission set-target <key> <type> <n>',
          summary: `this school year’s target for a commitment type (0 removes it); the types: ${COMMITMENT_TYPE_NAMES.join(', ')}`,
        },
        { usage: '/iec commission lead add|remove <key> @user', summary: 'who leads it (admins and its leads)' },
        { usage: '/iec commission members <key> [add]', summary: 'its members by kind; leads add, change and remove them by form' },
      ],
      run: runCommission,
    },
  ],
};
