import { requireIec } from '../access';
import { invalidInput, notFound } from '../errors';
import type { CommandContext, Subcommand } from '../slack/iec-command';
import { nearest } from '../slack/text';
import { DIGEST_SUBCOMMAND } from './ids';
import { buildDigest } from './service';
import { digestBlocks, digestText } from './views';
import { activeCommissionKeys, chooseCommission } from '../commissions';
import { channelChoiceNote } from '../commissions';
import { withNote } from '../slack/lists';

/** Which commission `/iec digest [commission]` is about: the one named, else the only one the person leads. */
export async function chooseDigestCommission(input: string | undefined, leads: readonly string[]): Promise<string> {
  const keys = await activeCommissionKeys();
  if (input) {
    const key = input.toLowerCase();
    if (keys.includes(key)) return key;
    const guess = nearest(key, keys);
    const shown = key.replace(/[`<>&*_~]/g, '').slice(0, 40);
    throw notFound(
      guess
        ? `There is no commission \`${shown}\`. Did you mean \`/iec ${DIGEST_SUBCOMMAND} ${guess}\`?`
        : `There is no commission \`${shown}\`. See them with \`/iec commission list\`.`,
    );
  }
  const mine = keys.filter((k) => leads.includes(k)); // in key order, whatever order the leads came in
  if (mine.length === 1) return mine[0];
  const choices = mine.length > 1 ? mine : keys;
  if (choices.length === 0) throw notFound('There are no active commissions yet. Add them with `npm run seed` or `/iec commission`.');
  throw invalidInput(
    `Which commission's digest? ${mine.length > 1 ? 'You lead several: ' : ''}${choices
      .slice(0, 20)
      .map((k) => `\`/iec ${DIGEST_SUBCOMMAND} ${k}\``)
      .join(', ')}`,
  );
}

/** `/iec digest [commission]`: the weekly digest, now, only to the person who asked (IECs). */
export const digestSubcommand: Subcommand = {
  name: DIGEST_SUBCOMMAND,
  help: [{ usage: '/iec digest [commission]', summary: "show a commission's weekly digest now, only to you" }],
  async run(ctx: CommandContext) {
    const actor = ctx.actor;
    requireIec(actor);
    const chosen = ctx.args[0] ? undefined : await chooseCommission(undefined, ctx.channelId);
    const key = chosen?.key ?? (await chooseDigestCommission(ctx.args[0], actor.leads));
    const data = await buildDigest(key, ctx.now, ctx.deps.config.timeZone);
    const message = { text: digestText(data), blocks: digestBlocks(data) };
    const note = channelChoiceNote(chosen, `/iec ${DIGEST_SUBCOMMAND}`);
    await ctx.reply(note ? withNote(message, note) : message);
  },
};
