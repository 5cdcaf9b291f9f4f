import { keepPartnerNamesFresh } from './name-index';
import { z } from 'zod';
import { isIec, requireIec, requireKnown, requirePartnerAccess } from '../access';
import { findCommission, listCommissions } from '../commissions';
import { invalidInput } from '../errors';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { PARTNER_ALIASES, PARTNER_SUBCOMMAND } from './ids';
import { editSlots, requirePartnerChangeNamed } from './handlers/forms';
import { NEW_CONTACT_SLOTS } from './input';
import { contactSubcommand, registerContactErase } from './erase-command';
import { runMerge } from '../merge/feature';
import { partnerCard, partnerListPage, registerPartnerListeners } from './listeners';
import { findPartnerOrSuggest, getPartner, listPartners } from './service';
import { contactFormView, PARTNER_PAGE_SIZE, partnerFormView } from './views';

const USAGE =
  'Use `/iec partner add`, `list [commission]`, `show <name>`, `edit <name>`, `contact add <name>` or `merge <duplicate> into <partner to keep>`.';

/** The words after `/iec partner`: a verb and, for most, a partner name (the rest of the text, quotes optional). */
const partnerArgs = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('add'), text: z.literal('', { error: 'Just `/iec partner add`: the form asks for the rest.' }) }),
  z.object({ verb: z.literal('list'), text: z.string() }),
  z.object({ verb: z.literal('show'), text: z.string() }),
  z.object({ verb: z.literal('edit'), text: z.string().min(1, 'Name the partner, e.g. `/iec partner edit Con Edison`.') }),
  z.object({ verb: z.literal('contact'), text: z.string().regex(/^add\s+\S/i, 'Use `/iec partner contact add <partner name>`.') }),
  z.object({ verb: z.literal('merge'), text: z.string() }),
]);

function unquote(text: string): string {
  return text
    .trim()
    .replace(/^["“']+|["”']+$/g, '')
    .trim();
}

export function parsePartnerArgs(args: readonly string[], rest: string): z.infer<typeof partnerArgs> {
  const verb = (args[0] ?? '').toLowerCase();
  const text = unquote(rest.trim().slice(args[0]?.length ?? 0));
  const parsed = partnerArgs.safeParse({ verb, text });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues.find((i) => i.path[0] === 'text');
  throw invalidInput(issue?.message ?? USAGE);
}

async function openForm(ctx: CommandContext, view: Parameters<CommandContext['client']['views']['open']>[0]['view']): Promise<void> {
  await ctx.client.views.open({ trigger_id: ctx.triggerId, view });
}

async function runPartner(ctx: CommandContext): Promise<void> {
  const command = parsePartnerArgs(ctx.args, ctx.rest);
  // the form must open within Slack's 3 seconds: look the commissions up while checking who is asking
  const commissionsSoon = command.verb === 'add' || command.verb === 'edit' ? listCommissions() : Promise.resolve([]);
  commissionsSoon.catch(() => undefined);
  const actor = ctx.actor;
  switch (command.verb) {
    case 'add': {
      requireIec(actor);
      const commissions = await commissionsSoon;
      return openForm(ctx, partnerFormView({ commissions, defaultOwnerId: ctx.userId, meta: { slots: NEW_CONTACT_SLOTS } }));
    }
    case 'edit': {
      requireIec(actor);
      const partner = await findPartnerOrSuggest(command.text);
      await requirePartnerChangeNamed(actor, partner.commissions, partner.commissions);
      const meta = { partnerId: partner.id, slots: editSlots(partner.contacts.length), revision: partner.revision };
      return openForm(ctx, partnerFormView({ commissions: await commissionsSoon, partner, meta }));
    }
    case 'contact': {
      requireIec(actor);
      const partner = await findPartnerOrSuggest(command.text.replace(/^add\s+/i, ''));
      await requirePartnerChangeNamed(actor, partner.commissions, partner.commissions);
      return openForm(ctx, contactFormView(partner));
    }
    case 'list': {
      requireIec(actor);
      const commission = command.text ? await findCommission(command.text) : undefined;
      const page = await listPartners({ commission: commission?.key }, 0, PARTNER_PAGE_SIZE);
      const blocks = await partnerListPage(page, commission, actor, { client: ctx.client, now: ctx.now });
      return ctx.reply({ text: `${page.total} partners`, blocks });
    }
    case 'merge':
      return runMerge(ctx);
    case 'show': {
      requireKnown(actor);
      const own = isIec(actor) ? undefined : actor.partnerIds;
      if (!command.text && !(own && own.length === 1)) throw invalidInput('Name the partner, e.g. `/iec partner show Con Edison`.');
      const partner = command.text ? await findPartnerOrSuggest(command.text, own) : await getPartner(String(own?.[0]));
      requirePartnerAccess(actor, partner.id, partner.name);
      return ctx.reply(await partnerCard(partner, ctx.deps.config.timeZone, actor, { client: ctx.client, now: ctx.now }));
    }
  }
}

/** `/iec partner …`: the employer partners, their contacts and what they committed. */
export const partnersFeature: Feature = {
  name: 'partners',
  subcommands: [
    {
      name: PARTNER_SUBCOMMAND,
      aliases: PARTNER_ALIASES,
      help: [
        { usage: '/iec partner add', summary: 'add a partner organisation with its contacts (a form)' },
        { usage: '/iec partner list [commission]', summary: 'partners, optionally of one commission' },
        { usage: '/iec partner show <name>', summary: 'contacts, commitments and totals of a partner' },
        { usage: '/iec partner edit <name>', summary: 'change a partner and its contacts' },
        { usage: '/iec partner contact add <name>', summary: 'add one contact to a partner' },
        {
          usage: '/iec partner merge <duplicate> into <keeper>',
          summary: 'merge a duplicate: its contacts, commitments and requests move to the keeper, it is archived (asks first)',
        },
      ],
      run: runPartner,
    },
    contactSubcommand,
  ],
  register: (app, deps) => {
    registerPartnerListeners(app, deps);
    registerContactErase(app, deps);
    keepPartnerNamesFresh(deps.logger);
  },
};
