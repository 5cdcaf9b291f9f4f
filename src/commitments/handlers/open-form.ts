import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { isIec, requireKnown, requirePartnerAccess, type Actor } from '../../access';
import { actorFrom } from '../../access';
import { chooseCommission } from '../../commissions';
import { channelChoiceHint } from '../../commissions';
import { findPartnerByName, singlePartnerMatch, suggestPartnersFor } from '../../partners';
import type { AppDeps } from '../../slack/deps';
import { originOf, type Origin } from '../../slack/forms';
import { replierFor } from '../../slack/interaction';
import { decodeSlackText } from '../../slack/text';
import type { FormMetadata } from '../form';
import { commitmentFormView, unknownPartnerNotice, type FormInitial } from '../views';
import { activeCommissions, ownOnlyPartner, partnerMatch } from './shared';

export interface OpenFormParams {
  client: WebClient;
  triggerId: string;
  /** The acting person (from the request's context). */
  actor: Actor;
  /** What followed the command: a partner's name, or nothing. */
  text: string;
  /** Where the command was typed: a commission's channel preselects that commission. */
  channelId?: string;
  /** Where the answer goes besides the DM (the command's response_url). */
  origin?: Origin;
  deps: AppDeps;
}

/**
 * `/commit [partner]` and `/iec commit [partner]`: opens the form at once (only quick, indexed reads before
 * views.open, inside the trigger's 3 seconds); the nearest names of an unknown partner are added afterwards.
 */
export async function openCommitForm(p: OpenFormParams): Promise<void> {
  const name = p.text.trim().replace(/^["“']|["”']$/g, '');
  const { actor } = p;
  const [commissions, exact, ofChannel] = await Promise.all([
    activeCommissions(),
    name ? findPartnerByName(name) : null,
    chooseCommission(undefined, p.channelId),
  ]);
  requireKnown(actor);
  if (exact) requirePartnerAccess(actor, exact._id, exact.name);
  // not the exact name, but one partner clearly meant ("Turner", "montifiore"): prefilled too (from the in-memory index)
  const named = exact
    ? { id: String(exact._id), name: exact.name }
    : name
      ? await singlePartnerMatch(name, isIec(actor) ? undefined : actor.partnerIds)
      : undefined;
  const own = ownOnlyPartner(actor);
  const fixedPartner = own ? await partnerMatch(own) : undefined;
  const metadata: FormMetadata = { ...(fixedPartner ? { p: fixedPartner.id } : {}), ...(p.origin ? { o: p.origin } : {}) };
  const initial: FormInitial = {
    ...(named && !fixedPartner ? { partner: { id: named.id, name: named.name } } : {}),
    ...(ofChannel ? { commissionKey: ofChannel.key } : actor.leads.length === 1 ? { commissionKey: actor.leads[0] } : {}),
  };
  const hint = channelChoiceHint(ofChannel);
  const data = { metadata, commissions, initial, ...(fixedPartner ? { fixedPartner } : {}), ...(hint ? { commissionHint: hint } : {}) };
  const opened = await p.client.views.open({ trigger_id: p.triggerId, view: commitmentFormView(data) });
  if (!name || named || fixedPartner || !opened.view?.id) return;
  const suggestions = await suggestPartnersFor(name, isIec(actor) ? undefined : actor.partnerIds);
  await p.client.views.update({
    view_id: opened.view.id,
    ...(opened.view.hash ? { hash: opened.view.hash } : {}),
    view: commitmentFormView({ ...data, notice: unknownPartnerNotice(name, suggestions) }),
  });
}

/** `/commit [partner]`. */
export const commitCommand =
  (deps: AppDeps) =>
  async ({ command, ack, respond, client, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const origin = originOf(command, deps.clock());
    await openCommitForm({
      client,
      triggerId: command.trigger_id,
      actor: actorFrom(context),
      text: decodeSlackText(command.text),
      channelId: command.channel_id,
      ...(origin ? { origin } : {}),
      deps,
    }).catch((err) =>
      replierFor({ body: { user: { id: command.user_id }, response_url: command.response_url }, respond, client }, deps.logger).error(err),
    );
  };
