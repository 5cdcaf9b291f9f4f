import type { App } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Types } from 'mongoose';
import { canActForPartner, isIec, requireIec, requireKnown, requirePartnerAccess, type Actor } from '../access/actor';
import { actorFrom } from '../access/middleware';
import { CommissionModel } from '../commissions/model';
import { chooseCommission, commissionNames } from '../commissions/service';
import { channelChoiceHint } from '../commissions/views';
import { AppError, invalidInput } from '../errors';
import { findPartnerOrSuggest } from '../partners/service';
import { PartnerModel } from '../partners/model';
import { findPartnerByName, searchPartners, singlePartnerMatch, suggestPartnersFor, type PartnerMatch } from '../partners/search';
import { SchoolModel } from '../schools/model';
import { searchSchools, type SchoolMatch } from '../schools/search';
import { findOrCreateSchool } from '../schools/service';
import { refreshHomesFor } from '../home/refresh';
import type { AppDeps } from '../slack/deps';
import type { CommandContext } from '../slack/iec-command';
import { replierFor, sendDm } from '../slack/interaction';
import { errorModal, errorReply } from '../slack/replies';
import { decodeSlackText, escapeMrkdwn, parseUserMention } from '../slack/text';
import { parseOwnJson, type StateValues } from '../slack/view-state';
import {
  duplicateMetadataSchema,
  formMetadataSchema,
  listQuerySchema,
  parseCommitmentForm,
  parseFulfilledQuantity,
  parseListArgs,
  statusChoiceSchema,
  type DuplicateMetadata,
  type FormMetadata,
  type ListQuery,
} from './form';
import { ACTION, BLOCK, CALLBACK, COMMIT_COMMAND } from './ids';
import { attachRequestMessage, createRequest, markRequestAnswered, requestForAnswer, resolveProgramAsk } from './requests';
import {
  changeStatus,
  createCommitment,
  findBySubmissionKey,
  findOpenDuplicates,
  getCommitment,
  listCommitments,
  recordFulfilment,
  updateCommitment,
  type CommitmentInput,
  type StoredCommitment,
} from './service';
import { COMMITMENT_STATUS_LABELS, COMMITMENT_TYPE_INFO, type CommitmentType } from './types';
import {
  commitmentFormView,
  commitmentListMessage,
  duplicateView,
  fulfilmentView,
  LIST_PAGE_SIZE,
  partnerOptions,
  recordedMessage,
  recordedView,
  requestAnsweredMessage,
  requestMessage,
  requestNotice,
  schoolOptions,
  unknownPartnerNotice,
  type FormInitial,
  type NamedCommission,
} from './views';

/**
 * The Slack side of commitments. Listeners are thin: ack, parse, call the service, render. Services
 * throw AppError for what a person should be told; everything else is logged and answered politely.
 */

async function activeCommissions(): Promise<NamedCommission[]> {
  const rows = await CommissionModel.find({ active: { $ne: false } }, { key: 1, name: 1 })
    .sort({ name: 1 })
    .limit(100)
    .lean();
  return rows.map((c) => ({ key: c.key, name: c.name }));
}

async function schoolsByIds(ids: ReadonlyArray<Types.ObjectId | string>): Promise<SchoolMatch[]> {
  if (ids.length === 0) return [];
  const rows = await SchoolModel.find({ _id: { $in: ids } }, { name: 1, code: 1 }).lean();
  const byId = new Map(rows.map((r) => [String(r._id), r]));
  return ids.flatMap((id) => {
    const r = byId.get(String(id));
    return r ? [{ id: String(r._id), name: r.name, ...(r.code ? { code: r.code } : {}) }] : [];
  });
}

async function partnerMatch(id: Types.ObjectId | string): Promise<PartnerMatch | undefined> {
  const p = await PartnerModel.findById(id, { name: 1 }).lean();
  return p ? { id: String(p._id), name: p.name } : undefined;
}

/** The partner a contact of exactly one organisation always acts for (the form does not ask them). */
function ownOnlyPartner(actor: Actor): Types.ObjectId | undefined {
  return !isIec(actor) && actor.partnerIds.length === 1 ? actor.partnerIds[0] : undefined;
}

// ---- opening the form ------------------------------------------------------------------------------

export interface OpenFormParams {
  client: WebClient;
  triggerId: string;
  /** The acting person (from the request's context). */
  actor: Actor;
  /** What followed the command: a partner's name, or nothing. */
  text: string;
  /** Where the command was typed: a commission's channel preselects that commission. */
  channelId?: string;
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
  const metadata: FormMetadata = fixedPartner ? { p: fixedPartner.id } : {};
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

// ---- after recording -------------------------------------------------------------------------------

/** The commitment with its commission's name, as people read it. */
async function named<C extends { commissionKey: string }>(c: C): Promise<C & { commissionName?: string }> {
  const name = (await commissionNames()).get(c.commissionKey);
  return name ? { ...c, commissionName: name } : c;
}

/** A confirmation or notice that names the record fully: partner, commission, type, quantity, dates, schools. */
async function confirmationOf(c: StoredCommitment, zone: string, what: 'recorded' | 'updated' | 'status' | 'fulfilment') {
  const [withName, schools] = await Promise.all([named(c), schoolsByIds(c.schoolIds ?? [])]);
  return recordedMessage(withName, zone, what, schools);
}

/**
 * Confirms to the recorder (in the request's DM thread when answering one) and tells the requesting IEC. (Home tabs
 * follow the commitment.changed event: src/home/subscriptions.ts.)
 */
async function afterRecorded(
  client: WebClient,
  deps: AppDeps,
  c: StoredCommitment,
  actor: Actor,
  what: 'recorded' | 'updated',
  requestId?: string,
): Promise<void> {
  await tellRecorded(client, deps, c, actor, what, requestId);
}

async function tellRecorded(
  client: WebClient,
  deps: AppDeps,
  c: StoredCommitment,
  actor: Actor,
  what: 'recorded' | 'updated',
  requestId?: string,
): Promise<void> {
  const zone = deps.config.timeZone;
  const confirmation = await confirmationOf(c, zone, what);
  if (!requestId) {
    await sendDm(client, actor.userId, confirmation);
    return;
  }
  const request = await markRequestAnswered(requestId, c._id, deps.clock());
  if (request?.channelId && request.messageTs && request.contactUserId === actor.userId) {
    await sendDm(client, actor.userId, confirmation, { channel: request.channelId, threadTs: request.messageTs });
  } else {
    await sendDm(client, actor.userId, confirmation);
  }
  if (request) await sendDm(client, request.requestedBy, requestAnsweredMessage(await named(c), actor.userId, zone));
}

// ---- lists -----------------------------------------------------------------------------------------

async function listMessage(query: ListQuery, actor: Actor, deps: AppDeps) {
  const page = await listCommitments(query, { offset: query.offset, limit: LIST_PAGE_SIZE }, actor);
  const names = await commissionNames();
  const items = page.items.map((c) => ({ ...c, commissionName: names.get(c.commissionKey) }));
  return commitmentListMessage({ ...page, items, query, title: query.t ?? 'everyone', zone: deps.config.timeZone });
}

/** `/iec commitments [partner | commission | mine] [status]`. */
export async function runList(ctx: CommandContext): Promise<void> {
  const { actor } = ctx;
  requireKnown(actor);
  const { target, statuses } = parseListArgs(ctx.args);
  const query: ListQuery = { offset: 0, ...(statuses ? { statuses } : {}) };
  let title = isIec(actor) ? 'all partners' : 'your organisation';
  if (target.toLowerCase() === 'mine') {
    query.recordedBy = ctx.userId;
    title = 'what you recorded';
  } else if (target) {
    const lower = target.toLowerCase();
    const commission = (await activeCommissions()).find((c) => c.key === lower || c.name.toLowerCase() === lower);
    if (commission) {
      query.commissionKey = commission.key;
      title = commission.name;
    } else {
      const partner = await findPartnerOrSuggest(target, isIec(actor) ? undefined : actor.partnerIds);
      query.partnerId = partner.id;
      title = partner.name;
    }
  }
  if (statuses) title += `, ${statuses.map((s) => COMMITMENT_STATUS_LABELS[s].toLowerCase()).join(' or ')}`;
  query.t = title.slice(0, 200);
  await ctx.reply(await listMessage(query, actor, ctx.deps));
}

// ---- requests --------------------------------------------------------------------------------------

const REQUEST_USAGE =
  'Mention the partner contact, e.g. `/iec request @jane`, `/iec request @jane healthcare`, or for a program `/iec request @jane panelist <school> <program>`.';

/** `/iec request @contact [commission]`. */
export async function runRequest(ctx: CommandContext): Promise<void> {
  const { actor } = ctx;
  requireIec(actor);
  const contact = ctx.args[0] ? parseUserMention(ctx.args[0]) : undefined;
  if (!contact) throw invalidInput(REQUEST_USAGE);
  const program = ctx.args.length > 2 ? await resolveProgramAsk(ctx.args.slice(1)) : undefined;
  if (!program && ctx.args.length > 2) throw invalidInput(REQUEST_USAGE);
  const { request, commissionName } = await createRequest(contact, program ? undefined : ctx.args[1], actor, ctx.now, program);
  const message = requestMessage({
    requestId: String(request._id),
    requestedBy: ctx.userId,
    partnerName: request.partnerName,
    ...(commissionName ? { commissionName } : {}),
    ...(program ? { program: { label: program.label, role: COMMITMENT_TYPE_INFO[program.role].label } } : {}),
  });
  try {
    const sent = await sendDm(ctx.client, contact, message);
    if (sent.channel && sent.ts) await attachRequestMessage(request._id, sent.channel, sent.ts);
  } catch (err) {
    ctx.deps.logger.error('could not DM the partner contact:', err instanceof Error ? err.message : err);
    return ctx.reply(
      `:warning: I could not send <@${contact}> a message (they may not accept messages from apps). The request is kept as open; ask them to run \`/commit\` themselves.`,
    );
  } finally {
    await refreshHomesFor('request', request, { client: ctx.client, by: ctx.userId, deps: ctx.deps });
  }
  await ctx.reply(
    program
      ? `:incoming_envelope: I asked <@${contact}> (*${escapeMrkdwn(request.partnerName)}*) to serve as ${COMMITMENT_TYPE_INFO[program.role].label.toLowerCase()} for *${escapeMrkdwn(program.label)}*. I'll tell you when they answer.`
      : `:incoming_envelope: I asked <@${contact}> (*${escapeMrkdwn(request.partnerName)}*) to record their commitment${commissionName ? ` for ${commissionName}` : ''}. I'll tell you when they do.`,
  );
}

// ---- registration ------------------------------------------------------------------------------------

interface ViewBody {
  user: { id: string };
  view: { id: string; hash: string; private_metadata?: string; state: { values: StateValues } };
}

/** Errors in a modal: a person-facing message pushed on top, so the form underneath keeps what was typed. */
function pushError(err: unknown, deps: AppDeps) {
  return { response_action: 'push' as const, view: errorModal(errorReply(err, deps.logger), 'Could not save') };
}

export function registerCommitmentListeners(app: App, deps: AppDeps): void {
  const zone = deps.config.timeZone;
  const { logger } = deps;
  const logged = (what: string) => (err: unknown) => logger.error(`${what}:`, err instanceof Error ? (err.stack ?? err.message) : err);

  app.command(COMMIT_COMMAND, async ({ command, ack, respond, client, context }) => {
    await ack();
    const opening = {
      client,
      triggerId: command.trigger_id,
      actor: actorFrom(context),
      text: decodeSlackText(command.text),
      channelId: command.channel_id,
      deps,
    };
    await openCommitForm(opening).catch((err) =>
      replierFor({ body: { user: { id: command.user_id }, response_url: command.response_url }, respond, client }, logger).error(err),
    );
  });

  // ---- type-ahead ----
  // Type-ahead answers must come fast: on any failure, no options (and the cause in the log).
  app.options(ACTION.partner, async ({ context, ack, body }) => {
    try {
      const actor = actorFrom(context);
      if (!isIec(actor) && actor.partnerIds.length === 0) return await ack({ options: [] });
      const matches = await searchPartners(body.value ?? '', 20, isIec(actor) ? {} : { ids: actor.partnerIds.map(String) });
      await ack(partnerOptions(matches));
    } catch (err) {
      logged('partner type-ahead failed')(err);
      await ack({ options: [] });
    }
  });
  app.options(ACTION.schools, async ({ context, ack, body }) => {
    try {
      const actor = actorFrom(context);
      if (!isIec(actor) && actor.partnerIds.length === 0) return await ack({ options: [] });
      await ack(schoolOptions(await searchSchools(body.value ?? '', 20)));
    } catch (err) {
      logged('school type-ahead failed')(err);
      await ack({ options: [] });
    }
  });

  // ---- the form ----
  app.view(CALLBACK.form, async ({ context, ack, body, client }) => {
    const { view, user } = body as unknown as ViewBody;
    const now = deps.clock();
    const meta = parseOwnJson(formMetadataSchema, view.private_metadata) ?? {};
    const key = `${view.id}:${view.hash}`;
    let acked = false;
    try {
      if (!meta.id && (await findBySubmissionKey(key))) {
        acked = true;
        return await ack(); // Slack delivered this submission again: it is recorded already
      }
      const parsed = parseCommitmentForm(view.state.values, now, zone, meta.p);
      if (!parsed.ok) {
        acked = true;
        return await ack({ response_action: 'errors', errors: parsed.errors });
      }
      const actor = actorFrom(context);
      requireKnown(actor);
      const input = parsed.value.input;
      if (meta.r) {
        const request = await requestForAnswer(meta.r, actor);
        input.partnerId = String(request.partnerId);
        // an ask for a program's role records the commitment against that program
        if (request.programId) input.programId = request.programId;
      }
      if (!canActForPartner(actor, input.partnerId)) {
        acked = true;
        return await ack({
          response_action: 'errors',
          errors: { [BLOCK.partner]: 'You can only record commitments for your own organisation.' },
        });
      }
      if (parsed.value.newSchool) {
        try {
          const school = await findOrCreateSchool(parsed.value.newSchool, user.id);
          if (!input.schoolIds.includes(school.id)) input.schoolIds.push(school.id);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const block = /code/i.test(err.userMessage) ? BLOCK.newSchoolCode : BLOCK.newSchoolName;
          acked = true;
          return await ack({ response_action: 'errors', errors: { [block]: err.userMessage.replace(/[*`]/g, '') } });
        }
      }
      if (meta.id) {
        const updated = await updateCommitment(meta.id, input, actor, now);
        acked = true;
        await ack();
        return await afterRecorded(client, deps, updated, actor, 'updated');
      }
      const duplicates = await findOpenDuplicates(input);
      if (duplicates.length > 0) {
        const metadata: DuplicateMetadata = { v: input, k: key, ...(meta.r ? { r: meta.r } : {}), ...(meta.p ? { p: meta.p } : {}) };
        acked = true;
        return await ack({
          response_action: 'update',
          view: duplicateView({ existing: duplicates, typed: { ...input, partnerName: duplicates[0].partnerName }, metadata, zone }),
        });
      }
      const result = await createCommitment(input, actor, now, { submissionKey: key, ...(meta.r ? { requestId: meta.r } : {}) });
      acked = true;
      await ack();
      if (result.created) await afterRecorded(client, deps, result.commitment, actor, 'recorded', meta.r);
    } catch (err) {
      if (!acked) await ack(pushError(err, deps));
      else logged('after recording a commitment')(err);
    }
  });

  // ---- the duplicate choice ----
  const duplicateChoice = async (
    body: { user: { id: string }; view?: { id: string; hash: string; private_metadata?: string } },
    actor: Actor,
    client: WebClient,
    choice: 'update' | 'separate' | 'back',
    existingId?: string,
  ) => {
    const view = body.view;
    const meta = parseOwnJson(duplicateMetadataSchema, view?.private_metadata);
    if (!view || !meta) return;
    const update = (v: ModalView) => client.views.update({ view_id: view.id, hash: view.hash, view: v });
    try {
      const now = deps.clock();
      const input = meta.v as CommitmentInput;
      if (choice === 'back') {
        const [commissions, partner, schools] = await Promise.all([
          activeCommissions(),
          partnerMatch(input.partnerId),
          schoolsByIds(input.schoolIds),
        ]);
        const fixed = meta.p ? partner : undefined;
        return void (await client.views.update({
          view_id: view.id,
          hash: view.hash,
          view: commitmentFormView({
            metadata: { ...(meta.r ? { r: meta.r } : {}), ...(meta.p ? { p: meta.p } : {}) },
            commissions,
            ...(fixed ? { fixedPartner: fixed } : {}),
            initial: { ...input, ...(partner && !fixed ? { partner } : {}), schools },
          }),
        }));
      }
      if (choice === 'update' && existingId) {
        const updated = await updateCommitment(existingId, input, actor, now);
        await update(recordedView(await named(updated), zone, 'updated', await schoolsByIds(updated.schoolIds ?? [])));
        return await afterRecorded(client, deps, updated, actor, 'updated', meta.r);
      }
      const result = await createCommitment(input, actor, now, {
        submissionKey: `${meta.k}:separate`,
        ...(meta.r ? { requestId: meta.r } : {}),
      });
      await update(recordedView(await named(result.commitment), zone, 'recorded', await schoolsByIds(result.commitment.schoolIds ?? [])));
      if (result.created) await afterRecorded(client, deps, result.commitment, actor, 'recorded', meta.r);
    } catch (err) {
      await update(errorModal(errorReply(err, logger), 'Could not save')).catch(logged('could not show the error'));
    }
  };
  app.action(ACTION.updateExisting, async ({ ack, body, action, client, context }) => {
    await ack();
    await duplicateChoice(body as never, actorFrom(context), client, 'update', (action as { value?: string }).value);
  });
  app.action(ACTION.recordSeparate, async ({ ack, body, client, context }) => {
    await ack();
    await duplicateChoice(body as never, actorFrom(context), client, 'separate');
  });
  app.action(ACTION.backToForm, async ({ ack, body, client, context }) => {
    await ack();
    await duplicateChoice(body as never, actorFrom(context), client, 'back');
  });

  // ---- list controls ----
  app.action(ACTION.status, async ({ context, ack, body, action, respond, client }) => {
    await ack();
    const reply = replierFor({ body, respond, client }, logger);
    try {
      const choice = statusChoiceSchema.safeParse((action as { selected_option?: { value?: string } }).selected_option?.value);
      if (!choice.success) throw invalidInput('That choice is no longer valid: run the list again.');
      const actor = actorFrom(context);
      const changed = await changeStatus(choice.data.id, choice.data.status, actor, deps.clock());
      await reply.tell(await confirmationOf(changed, zone, 'status'));
    } catch (err) {
      await reply.error(err);
    }
  });
  app.action(ACTION.fulfil, async ({ context, ack, body, action, client, respond }) => {
    await ack();
    try {
      const actor = actorFrom(context);
      const c = await getCommitment(String((action as { value?: string }).value ?? ''), actor);
      await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view: fulfilmentView(c, zone) });
    } catch (err) {
      await replierFor({ body, respond, client }, logger).error(err);
    }
  });
  app.action(ACTION.edit, async ({ context, ack, body, action, client, respond }) => {
    await ack();
    try {
      const actor = actorFrom(context);
      const c = await getCommitment(String((action as { value?: string }).value ?? ''), actor);
      const [commissions, schools] = await Promise.all([activeCommissions(), schoolsByIds(c.schoolIds ?? [])]);
      const partner = { id: String(c.partnerId), name: c.partnerName };
      const fixed = ownOnlyPartner(actor) ? partner : undefined;
      const view = commitmentFormView({
        metadata: { id: String(c._id), ...(fixed ? { p: fixed.id } : {}) },
        commissions,
        ...(fixed ? { fixedPartner: fixed } : {}),
        initial: { ...c, partner, schools },
      });
      await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view });
    } catch (err) {
      await replierFor({ body, respond, client }, logger).error(err);
    }
  });
  app.action(ACTION.more, async ({ context, ack, body, action, respond, client }) => {
    await ack();
    const reply = replierFor({ body, respond, client }, logger);
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(String((action as { value?: string }).value ?? ''));
      } catch {
        raw = undefined;
      }
      const query = listQuerySchema.safeParse(raw);
      if (!query.success) throw invalidInput('That list is out of date: run `/iec commitments` again.');
      const actor = actorFrom(context);
      await reply.tell(await listMessage(query.data, actor, deps));
    } catch (err) {
      await reply.error(err);
    }
  });

  app.view(CALLBACK.fulfilment, async ({ context, ack, body, client }) => {
    const { view, user } = body as unknown as ViewBody;
    const parsed = parseFulfilledQuantity(view.state.values);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const meta = parseOwnJson(formMetadataSchema, view.private_metadata);
    let acked = false;
    try {
      if (!meta?.id) throw invalidInput('This form is out of date: open it again from `/iec commitments`.');
      const actor = actorFrom(context);
      const c = await recordFulfilment(meta.id, parsed.quantity, actor, deps.clock());
      acked = true;
      await ack();
      await sendDm(client, user.id, await confirmationOf(c, zone, 'fulfilment'));
    } catch (err) {
      if (!acked) await ack(pushError(err, deps));
      else logged('after recording a fulfilment')(err);
    }
  });

  // ---- answering a request ----
  app.action(ACTION.openRequest, async ({ context, ack, body, action, client, respond }) => {
    await ack();
    const reply = replierFor({ body, respond, client }, logger);
    try {
      const actor = actorFrom(context);
      const request = await requestForAnswer(String((action as { value?: string }).value ?? ''), actor);
      if (request.status === 'answered') {
        await reply.tell('You already answered this request, thank you! To record another commitment, use `/commit`.');
        return;
      }
      const commissions = await activeCommissions();
      const fixedPartner = { id: String(request.partnerId), name: request.partnerName };
      const commissionName = commissions.find((c) => c.key === request.commissionKey)?.name;
      const view = commitmentFormView({
        metadata: { r: String(request._id), p: fixedPartner.id },
        commissions,
        fixedPartner,
        initial: {
          ...(request.commissionKey ? { commissionKey: request.commissionKey } : {}),
          ...(request.role ? { type: request.role as CommitmentType, quantity: 1 } : {}),
        },
        notice: requestNotice(request.requestedBy, commissionName, request.programLabel ?? undefined),
      });
      await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view });
    } catch (err) {
      await reply.error(err);
    }
  });
}
