import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import { requireIec, requirePartnerChange } from '../access';
import { actorFrom } from '../access';
import { findCommission } from '../commissions';
import { AppError } from '../errors';
import type { AppDeps } from '../slack/deps';
import { inlineErrors, replierFor } from '../slack/interaction';
import type { StateValues } from '../slack/view-state';
import { contactBlockId, PARTNER_ACTION, PARTNER_BLOCK, PARTNER_CONTACT_CALLBACK, PARTNER_FORM_CALLBACK } from './ids';
import { PARTNER_FIELD_BLOCKS, parseContactForm, parseFormMeta, parseListMore, parsePartnerForm } from './input';
import { addPartnerContact, createPartner, fillMissingNameWords, getPartner, listPartners, updatePartner } from './service';
import { PARTNER_PAGE_SIZE, partnerListBlocks, partnerSavedView } from './views';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

async function submitPartnerForm({ ack, body, view, context }: ViewArgs, deps: AppDeps): Promise<void> {
  const meta = parseFormMeta(view.private_metadata);
  if (!meta) {
    await ack({
      response_action: 'errors',
      errors: { [PARTNER_BLOCK.name]: 'This form is out of date: close it and run /iec partner add again.' },
    });
    return;
  }
  const parsed = parsePartnerForm(view.state.values as StateValues, meta.slots);
  if (!parsed.ok) {
    await ack({ response_action: 'errors', errors: parsed.errors });
    return;
  }
  try {
    const actor = actorFrom(context);
    requireIec(actor);
    requirePartnerChange(actor, meta.partnerId ? (await getPartner(meta.partnerId)).commissions : undefined, parsed.value.commissions);
    const now = deps.clock();
    const saved = meta.partnerId
      ? { partner: await updatePartner(meta.partnerId, parsed.value, now), verb: 'updated' as const }
      : { partner: (await createPartner(parsed.value, body.user.id, now, view.id)).partner, verb: 'added' as const };
    await ack({ response_action: 'update', view: partnerSavedView(saved.partner, saved.verb) });
  } catch (err) {
    await ack({ response_action: 'errors', errors: inlineErrors(err, PARTNER_BLOCK.name, deps.logger, PARTNER_FIELD_BLOCKS) });
  }
}

async function submitContactForm({ ack, view, context }: ViewArgs, deps: AppDeps): Promise<void> {
  const nameBlock = contactBlockId(0, 'name');
  const meta = parseFormMeta(view.private_metadata);
  const parsed = parseContactForm(view.state.values as StateValues);
  if (!parsed.ok || !meta?.partnerId) {
    await ack({
      response_action: 'errors',
      errors: parsed.ok ? { [nameBlock]: 'This form is out of date: close it and try again.' } : parsed.errors,
    });
    return;
  }
  try {
    const actor = actorFrom(context);
    requireIec(actor);
    const before = (await getPartner(meta.partnerId)).commissions;
    requirePartnerChange(actor, before, before);
    const partner = await addPartnerContact(meta.partnerId, parsed.value, deps.clock());
    await ack({ response_action: 'update', view: partnerSavedView(partner, 'updated') });
  } catch (err) {
    await ack({ response_action: 'errors', errors: inlineErrors(err, nameBlock, deps.logger) });
  }
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** "Show more" under `/iec partner list`: the next page, as a new ephemeral message. */
async function showMorePartners({ ack, body, action, respond, client, context }: ButtonArgs, deps: AppDeps): Promise<void> {
  await ack();
  const reply = replierFor({ body, respond, client }, deps.logger);
  try {
    const next = parseListMore(action.value);
    if (!next) throw new AppError('invalid_input', 'That list is out of date: run `/iec partner list` again.');
    requireIec(actorFrom(context));
    const commission = next.c ? await findCommission(next.c) : undefined;
    const page = await listPartners({ commission: commission?.key }, next.o, PARTNER_PAGE_SIZE);
    await reply.tell({
      text: `Partners ${next.o + 1}–${next.o + page.items.length} of ${page.total}`,
      blocks: partnerListBlocks(page, commission),
    });
  } catch (err) {
    await reply.error(err);
  }
}

export function registerPartnerListeners(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(PARTNER_FORM_CALLBACK, (args) => submitPartnerForm(args, deps));
  app.view<ViewSubmitAction>(PARTNER_CONTACT_CALLBACK, (args) => submitContactForm(args, deps));
  app.action<BlockAction<ButtonAction>>(PARTNER_ACTION.listMore, (args) => showMorePartners(args, deps));
  fillMissingNameWords().catch((err: Error) => deps.logger.warn(`partners: filling in the type-ahead keys failed: ${err.message}`));
}
