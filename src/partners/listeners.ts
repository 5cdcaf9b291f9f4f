import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { can, deactivatedAmong, requireIec, requireKnown, requirePartnerAccess, type Actor } from '../access';
import { archiveButton } from '../corrections';
import { actorFrom } from '../access';
import { commissionNames, findCommission } from '../commissions';
import { AppError } from '../errors';
import type { AppDeps } from '../slack/deps';
import { HISTORY_PAGE_SIZE } from '../slack/history';
import { historyActions } from '../slack/history-actions';
import { replierFor } from '../slack/interaction';
import { PARTNER_ACTION, PARTNER_CONTACT_CALLBACK, PARTNER_FORM_CALLBACK } from './ids';
import { parseListMore } from './input';
import { submitContactForm, submitPartnerForm } from './handlers/forms';
import { fillMissingNameWords, getPartner, listPartners, partnerDetail, type PartnerPage, type PartnerRecord } from './service';
import {
  deactivatedOwnerBlock,
  PARTNER_PAGE_SIZE,
  partnerCardActions,
  partnerDetailBlocks,
  partnerHistoryView,
  partnerListBlocks,
} from './views';
import { partnerHistory } from './write';
import { escapeMrkdwn } from '../slack/text';
import type { PersonalMessage } from '../slack/interaction';

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
      blocks: await partnerListPage(page, commission, actorFrom(context), { client, now: deps.clock() }),
    });
  } catch (err) {
    await reply.error(err);
  }
}

/** How long a list waits for Slack to say whose accounts are deactivated (the answers not in yet flag the next one). */
const OWNER_CHECK_WAIT_MS = 500;

/** A page of `/iec partner list` as its blocks: commissions by name; for an administrator, deactivated owners flagged. */
export async function partnerListPage(
  page: PartnerPage,
  commission: { key: string; name: string } | undefined,
  actor: Actor,
  slack: { client: WebClient; now: Date },
): Promise<KnownBlock[]> {
  const owners = page.items.flatMap((p) => (p.ownerId ? [p.ownerId] : []));
  const [names, deactivatedOwners] = await Promise.all([
    commissionNames(),
    actor.isAdmin ? deactivatedAmong(slack.client, owners, slack.now, { waitMs: OWNER_CHECK_WAIT_MS }) : Promise.resolve(new Set<string>()),
  ]);
  return partnerListBlocks(page, { ...(commission ? { commission } : {}), names, deactivatedOwners });
}

/**
 * A partner's card (`/iec partner show` and "Open <partner>"), for someone allowed to see it. An administrator is
 * told when its owner's Slack account is deactivated (users.info, through the access feature's cache).
 */
export async function partnerCard(
  partner: PartnerRecord,
  timeZone: string,
  actor: Actor,
  slack: { client: WebClient; now: Date },
): Promise<PersonalMessage> {
  const ownerId = actor.isAdmin ? partner.ownerId : undefined;
  const [detail, names, deactivated] = await Promise.all([
    partnerDetail(partner),
    commissionNames(),
    ownerId ? deactivatedAmong(slack.client, [ownerId], slack.now) : Promise.resolve(new Set<string>()),
  ]);
  const archive = can(actor, 'record.archive') ? [archiveButton('partner', partner)] : [];
  return {
    text: escapeMrkdwn(partner.name),
    blocks: [
      ...partnerDetailBlocks(detail, timeZone, names),
      ...(ownerId && deactivated.has(ownerId) ? [deactivatedOwnerBlock(ownerId)] : []),
      partnerCardActions(partner.id, archive),
    ],
  };
}

/** "Open <partner>" under a confirmation: the card, where the button was pressed. */
async function openPartnerCard({ ack, body, action, respond, client, context }: ButtonArgs, deps: AppDeps): Promise<void> {
  await ack();
  const reply = replierFor({ body, respond, client }, deps.logger);
  try {
    const actor = actorFrom(context);
    requireKnown(actor);
    const partner = await getPartner(action.value ?? '');
    requirePartnerAccess(actor, partner.id, partner.name);
    await reply.tell(await partnerCard(partner, deps.config.timeZone, actor, { client, now: deps.clock() }));
  } catch (err) {
    await reply.error(err);
  }
}

export function registerPartnerListeners(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(PARTNER_FORM_CALLBACK, submitPartnerForm(deps));
  app.view<ViewSubmitAction>(PARTNER_CONTACT_CALLBACK, submitContactForm(deps));
  app.action<BlockAction<ButtonAction>>(PARTNER_ACTION.listMore, (args) => showMorePartners(args, deps));
  const history = historyActions(
    deps,
    async (id, offset, context) => {
      const actor = actorFrom(context);
      requireKnown(actor);
      const { entries, total, name } = await partnerHistory(id, { offset, limit: HISTORY_PAGE_SIZE });
      requirePartnerAccess(actor, id, name);
      return partnerHistoryView({ id, name }, { entries, total, offset }, deps.config.timeZone);
    },
    'That button is out of date: look at the partner again (`/iec partner show <name>`).',
  );
  app.action(PARTNER_ACTION.history, history.open);
  app.action(PARTNER_ACTION.historyOlder, history.page);
  app.action(PARTNER_ACTION.historyNewer, history.page);
  app.action<BlockAction<ButtonAction>>(PARTNER_ACTION.open, (args) => openPartnerCard(args, deps));
  fillMissingNameWords().catch((err: Error) => deps.logger.warn(`partners: filling in the type-ahead keys failed: ${err.message}`));
}
