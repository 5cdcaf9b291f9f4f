/**
 * The Web API methods the fake implements, as pure-ish functions of (arguments, workspace). Answers follow
 * Slack's shapes and error codes; validation messages follow Slack's `[ERROR] ... [json-pointer:...]` style.
 */
import { randomBytes } from 'node:crypto';
import { messageProblems, viewProblems } from './block-kit';
import { historyPage } from './history';
import type { Problem } from './limits';
import type { MethodSpec } from './reference';
import type { FakeEphemeral, FakeMessage, FakeView } from './types';
import type { PendingUpload, Workspace } from './workspace';

export interface ApiResult {
  status?: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

export interface ApiContext {
  ws: Workspace;
  /** e.g. http://127.0.0.1:1234 */
  baseUrl: string;
}

type Args = Record<string, unknown>;
type Handler = (args: Args, ctx: ApiContext) => ApiResult;

export function ok(body: Record<string, unknown> = {}): ApiResult {
  return { body: { ok: true, ...body } };
}

export function fail(error: string, messages?: string[]): ApiResult {
  return { body: { ok: false, error, ...(messages && messages.length > 0 ? { response_metadata: { messages } } : {}) } };
}

export function slackMessage(p: Problem, prefix = ''): string {
  return `[ERROR] ${p.message} [json-pointer:${prefix}${p.path}]`;
}

/** Errors Slack gives for a missing argument instead of `invalid_arguments`. */
const MISSING_ARG_ERRORS: Record<string, Record<string, string>> = {
  'chat.postMessage': { channel: 'channel_not_found' },
  'chat.postEphemeral': { channel: 'channel_not_found' },
  'chat.scheduleMessage': { channel: 'channel_not_found' },
  'chat.update': { channel: 'channel_not_found', ts: 'message_not_found' },
  'chat.delete': { channel: 'channel_not_found', ts: 'message_not_found' },
  'chat.getPermalink': { channel: 'channel_not_found', message_ts: 'message_not_found' },
  'conversations.info': { channel: 'channel_not_found' },
  'users.info': { user: 'user_not_found' },
  'users.lookupByEmail': { email: 'users_not_found' },
};

/** Runs a method the reference knows, after checking its required arguments. */
export function callMethod(spec: MethodSpec, args: Args, ctx: ApiContext): ApiResult {
  const missing = spec.required.filter((name) => name !== 'token' && isMissing(args[name]));
  if (missing.length > 0) {
    const specific = MISSING_ARG_ERRORS[spec.name]?.[missing[0]];
    if (specific) return fail(specific);
    return fail(
      'invalid_arguments',
      missing.map((name) => `[ERROR] missing required field: ${name}`),
    );
  }
  const handler = HANDLERS[spec.name];
  return handler ? handler(args, ctx) : ok();
}

function isMissing(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

export function flag(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

function channelFault(ctx: ApiContext, channel: string): ApiResult | undefined {
  const error = ctx.ws.channelErrors.get(channel);
  return error ? fail(error) : undefined;
}

/** Message metadata as chat.postMessage takes it: `{ event_type: string, event_payload: object }` (loosely). */
function checkMetadata(metadata: unknown): ApiResult | undefined {
  if (metadata === undefined || metadata === null || metadata === '') return undefined;
  if (!isRecord(metadata)) return fail('invalid_metadata_format', ['[ERROR] metadata must be a JSON object [json-pointer:/metadata]']);
  if (typeof metadata.event_type !== 'string' || metadata.event_type === '') {
    return fail('invalid_metadata_schema', ['[ERROR] event_type must be a non-empty string [json-pointer:/metadata/event_type]']);
  }
  if (!isRecord(metadata.event_payload))
    return fail('invalid_metadata_schema', ['[ERROR] event_payload must be an object [json-pointer:/metadata/event_payload]']);
  return undefined;
}

/**
 * Checks the content of a message (chat.* and response_url bodies): blocks / attachments shape, text presence,
 * length limits, Block Kit schema and hard limits.
 */
export function checkMessageContent(args: Args, requireContent: boolean): ApiResult | undefined {
  const { blocks, attachments, text, markdown_text: markdown } = args;
  if (blocks !== undefined && blocks !== null && !Array.isArray(blocks)) {
    return fail('invalid_blocks_format', ['[ERROR] blocks must be a JSON array of block objects [json-pointer:/blocks]']);
  }
  if (attachments !== undefined && attachments !== null && !Array.isArray(attachments)) {
    return fail('invalid_attachments', ['[ERROR] attachments must be a JSON array [json-pointer:/attachments]']);
  }
  if (Array.isArray(attachments) && attachments.length > 100) return fail('too_many_attachments');
  if (text !== undefined && text !== null && typeof text !== 'string') {
    return fail('invalid_arguments', ['[ERROR] text must be a string [json-pointer:/text]']);
  }
  const hasText = typeof text === 'string' && text.length > 0;
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  const hasMarkdown = typeof markdown === 'string' && markdown.length > 0;
  if (hasMarkdown && (hasText || hasBlocks)) return fail('markdown_text_conflict');
  if (requireContent && !hasText && !hasBlocks && !hasAttachments && !hasMarkdown) return fail('no_text');
  if (typeof text === 'string' && Array.from(text).length > 40_000) {
    return fail('msg_too_long', [`[ERROR] text has ${Array.from(text).length} characters; at most 40000 [json-pointer:/text]`]);
  }
  const problems = messageProblems({ blocks: hasBlocks ? blocks : undefined, attachments });
  if (problems.length > 0)
    return fail(
      'invalid_blocks',
      problems.map((p) => slackMessage(p)),
    );
  return undefined;
}

/** Slack adds a block_id to blocks (and an action_id to elements) that lack one. */
export function withGeneratedIds(blocks: unknown[]): unknown[] {
  const id = () => randomBytes(3).toString('base64url');
  const element = (el: unknown): unknown =>
    isRecord(el) && typeof el.type === 'string' && el.type !== 'image' && !isTextType(el.type) && el.action_id === undefined
      ? { ...el, action_id: id() }
      : el;
  return blocks.map((b) => {
    if (!isRecord(b)) return b;
    const out: Record<string, unknown> = { ...b, block_id: b.block_id ?? id() };
    if (out.accessory !== undefined) out.accessory = element(out.accessory);
    if (out.element !== undefined) out.element = element(out.element);
    if (Array.isArray(out.elements) && out.type === 'actions') out.elements = out.elements.map(element);
    return out;
  });
}

function isTextType(t: string): boolean {
  return t === 'plain_text' || t === 'mrkdwn';
}

function newMessage(ctx: ApiContext, channel: string, args: Args, ts: string): FakeMessage {
  const { ws } = ctx;
  const m: FakeMessage = {
    type: 'message',
    channel,
    ts,
    text: str(args.text) ?? '',
    user: ws.identity.botUserId,
    bot_id: ws.identity.botId,
    app_id: ws.identity.appId,
    team: ws.identity.teamId,
  };
  if (Array.isArray(args.blocks) && args.blocks.length > 0) m.blocks = withGeneratedIds(args.blocks);
  if (Array.isArray(args.attachments)) m.attachments = args.attachments;
  if (str(args.thread_ts)) m.thread_ts = str(args.thread_ts);
  if (args.metadata !== undefined) m.metadata = args.metadata;
  return m;
}

/** An ephemeral message from chat.postEphemeral or response_url arguments. */
export function ephemeralOf(channel: string, user: string, ts: string, args: Args): FakeEphemeral {
  return {
    channel,
    user,
    ts,
    text: str(args.text) ?? '',
    ...(Array.isArray(args.blocks) && args.blocks.length > 0 ? { blocks: withGeneratedIds(args.blocks) } : {}),
    ...(Array.isArray(args.attachments) ? { attachments: args.attachments } : {}),
    ...(str(args.thread_ts) ? { thread_ts: str(args.thread_ts) } : {}),
  };
}

/** The message as Slack echoes it in responses (without the channel key). */
export function messageBody(m: FakeMessage): Record<string, unknown> {
  const { channel: _channel, ...rest } = m;
  return rest;
}

function parseView(args: Args): { view: Record<string, unknown> } | { error: ApiResult } {
  const view = args.view;
  if (typeof view === 'string') return { error: fail('invalid_arguments', ['[ERROR] failed to parse view JSON [json-pointer:/view]']) };
  if (!isRecord(view)) return { error: fail('invalid_arguments', ['[ERROR] view must be an object [json-pointer:/view]']) };
  return { view };
}

function checkView(view: Record<string, unknown>, expectedType: 'modal' | 'home', method: string): ApiResult | undefined {
  if (view.type !== expectedType) {
    return fail('invalid_arguments', [
      `[ERROR] ${method} needs a view of type "${expectedType}", got ${JSON.stringify(view.type)} [json-pointer:/view/type]`,
    ]);
  }
  const problems = viewProblems(view);
  return problems.length > 0
    ? fail(
        'invalid_arguments',
        problems.map((p) => slackMessage(p, '/view')),
      )
    : undefined;
}

function externalIdTaken(ctx: ApiContext, externalId: unknown, exceptId?: string): boolean {
  if (typeof externalId !== 'string' || externalId === '') return false;
  return [...ctx.ws.views.values()].some((v) => v.external_id === externalId && v.id !== exceptId);
}

function storeView(
  ctx: ApiContext,
  view: Record<string, unknown>,
  opts: { id?: string; rootViewId?: string | null; previousViewId?: string | null; userId?: string; keepState?: FakeView['state'] },
): FakeView {
  const { ws } = ctx;
  const id = opts.id ?? ws.nextId('V');
  const blocks = withGeneratedIds(Array.isArray(view.blocks) ? view.blocks : []);
  const blockIds = new Set(blocks.map((b) => (isRecord(b) ? b.block_id : undefined)));
  const keptValues = Object.fromEntries(Object.entries(opts.keepState?.values ?? {}).filter(([blockId]) => blockIds.has(blockId)));
  const stored: FakeView = {
    id,
    team_id: ws.identity.teamId,
    type: String(view.type),
    ...(isRecord(view.title) ? { title: plainText(view.title) } : {}),
    blocks: blocks as FakeView['blocks'],
    close: isRecord(view.close) ? plainText(view.close) : null,
    submit: isRecord(view.submit) ? plainText(view.submit) : null,
    private_metadata: str(view.private_metadata) ?? '',
    callback_id: str(view.callback_id) ?? '',
    external_id: str(view.external_id) ?? '',
    state: { values: keptValues },
    hash: ws.viewHash(),
    clear_on_close: flag(view.clear_on_close),
    notify_on_close: flag(view.notify_on_close),
    root_view_id: opts.rootViewId === undefined ? id : opts.rootViewId,
    previous_view_id: opts.previousViewId ?? null,
    app_id: ws.identity.appId,
    bot_id: ws.identity.botId,
    app_installed_team_id: ws.identity.teamId,
    ...(opts.userId !== undefined ? { user_id: opts.userId } : {}),
  };
  ws.views.set(id, stored);
  return stored;
}

/** A validated plain_text object as Slack echoes it. */
function plainText(obj: Record<string, unknown>): NonNullable<FakeView['close']> {
  return { type: 'plain_text', text: String(obj.text ?? ''), emoji: obj.emoji === undefined ? true : flag(obj.emoji) };
}

function openOrPush(method: 'views.open' | 'views.push'): Handler {
  return (args, ctx) => {
    // Slack checks the trigger's age when the call arrives, not after this stand-in's own (slower) validation
    const receivedAt = Date.now();
    const trigger = str(args.trigger_id) ?? str(args.interactivity_pointer);
    if (!trigger) return fail('invalid_arguments', ['[ERROR] missing required field: trigger_id']);
    const parsed = parseView(args);
    if ('error' in parsed) return parsed.error;
    const { view } = parsed;
    const invalid = checkView(view, 'modal', method);
    if (invalid) return invalid;
    if (externalIdTaken(ctx, view.external_id)) return fail('duplicate_external_id');
    const triggerCheck = ctx.ws.useTriggerId(trigger, receivedAt);
    if (triggerCheck !== 'ok') return fail(triggerCheck);
    const userId = ctx.ws.triggerUser(trigger);
    return ok({ view: storeView(ctx, view, userId !== undefined ? { userId } : {}) });
  };
}

/**
 * A modal an app answered a view_submission with (`response_action: 'update'` replacing `replaceId`, or
 * `'push'`): checked like views.update / views.push and stored. Slack shows nothing when it is invalid.
 */
export function storeAckView(view: unknown, opts: { userId: string; replaceId?: string }, ctx: ApiContext): ApiResult {
  if (!isRecord(view)) return fail('invalid_arguments', ['[ERROR] view must be an object [json-pointer:/view]']);
  const invalid = checkView(view, 'modal', 'response_action');
  if (invalid) return invalid;
  const existing = opts.replaceId ? ctx.ws.views.get(opts.replaceId) : undefined;
  const stored = existing
    ? storeView(
        ctx,
        { ...view, external_id: view.external_id ?? existing.external_id },
        {
          id: existing.id,
          rootViewId: existing.root_view_id,
          previousViewId: existing.previous_view_id,
          userId: opts.userId,
          keepState: existing.state,
        },
      )
    : storeView(ctx, view, { userId: opts.userId });
  return ok({ view: stored });
}

const HANDLERS: Record<string, Handler> = {
  'auth.test': (_args, { ws }) =>
    ok({
      url: `https://${ws.identity.teamDomain}.slack.com/`,
      team: ws.identity.teamName,
      user: 'iec-bot',
      team_id: ws.identity.teamId,
      ...(ws.identity.enterprise ? { enterprise_id: ws.identity.enterprise.id } : {}),
      user_id: ws.identity.botUserId,
      bot_id: ws.identity.botId,
      app_id: ws.identity.appId,
      is_enterprise_install: false,
    }),

  'chat.postMessage': (args, ctx) => {
    const channel = ctx.ws.resolveChannel(String(args.channel));
    const invalid = channelFault(ctx, channel) ?? checkMessageContent(args, true) ?? checkMetadata(args.metadata);
    if (invalid) return invalid;
    const message = ctx.ws.storeMessage(newMessage(ctx, channel, args, ctx.ws.nextTs()));
    return ok({ channel, ts: message.ts, message: messageBody(message) });
  },

  'chat.postEphemeral': (args, ctx) => {
    const channel = ctx.ws.resolveChannel(String(args.channel));
    const invalid = channelFault(ctx, channel) ?? checkMessageContent(args, true);
    if (invalid) return invalid;
    const ts = ctx.ws.nextTs();
    const user = str(args.user);
    if (user) ctx.ws.storeEphemeral(ephemeralOf(channel, user, ts, args));
    return ok({ message_ts: ts });
  },

  'chat.scheduleMessage': (args, ctx) => {
    const channel = ctx.ws.resolveChannel(String(args.channel));
    const invalid = channelFault(ctx, channel) ?? checkMessageContent(args, true);
    if (invalid) return invalid;
    const postAt = Number(args.post_at);
    if (!Number.isInteger(postAt)) return fail('invalid_time');
    if (postAt * 1000 < Date.now()) return fail('time_in_past');
    const message = newMessage(ctx, channel, args, ctx.ws.nextTs());
    return ok({ channel, scheduled_message_id: ctx.ws.nextId('Q'), post_at: postAt, message: messageBody(message) });
  },

  'chat.update': (args, ctx) => {
    const channel = String(args.channel);
    const ts = String(args.ts);
    const invalid = channelFault(ctx, channel) ?? checkMessageContent(args, true);
    if (invalid) return invalid;
    const existing = ctx.ws.message(channel, ts);
    if (!existing) return fail('message_not_found');
    const updated: FakeMessage = {
      ...existing,
      text: str(args.text) ?? existing.text,
      edited: { user: ctx.ws.identity.botUserId, ts: ctx.ws.nextTs() },
    };
    if (Array.isArray(args.blocks)) updated.blocks = withGeneratedIds(args.blocks);
    if (Array.isArray(args.attachments)) updated.attachments = args.attachments;
    ctx.ws.storeMessage(updated);
    return ok({ channel, ts, text: updated.text, message: messageBody(updated) });
  },

  'chat.delete': (args, ctx) => {
    const channel = String(args.channel);
    const ts = String(args.ts);
    const invalid = channelFault(ctx, channel);
    if (invalid) return invalid;
    return ctx.ws.deleteMessage(channel, ts) ? ok({ channel, ts }) : fail('message_not_found');
  },

  'chat.getPermalink': (args, { ws }) => {
    const channel = String(args.channel);
    const ts = String(args.message_ts);
    if (ws.channelErrors.get(channel) === 'channel_not_found') return fail('channel_not_found');
    return ok({ channel, permalink: `https://${ws.identity.teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}` });
  },

  'views.open': openOrPush('views.open'),
  'views.push': openOrPush('views.push'),

  'views.update': (args, ctx) => {
    const viewId = str(args.view_id);
    const externalId = str(args.external_id);
    if (!viewId && !externalId) return fail('invalid_arguments', ['[ERROR] missing required field: view_id or external_id']);
    const existing = viewId ? ctx.ws.views.get(viewId) : [...ctx.ws.views.values()].find((v) => v.external_id === externalId);
    if (!existing) return fail('not_found');
    const parsed = parseView(args);
    if ('error' in parsed) return parsed.error;
    const { view } = parsed;
    const invalid = checkView(view, existing.type === 'home' ? 'home' : 'modal', 'views.update');
    if (invalid) return invalid;
    const hash = str(args.hash);
    if (hash && hash !== existing.hash) return fail('hash_conflict');
    if (externalIdTaken(ctx, view.external_id, existing.id)) return fail('duplicate_external_id');
    const stored = storeView(
      ctx,
      { ...view, external_id: view.external_id ?? existing.external_id },
      {
        id: existing.id,
        rootViewId: existing.root_view_id,
        previousViewId: existing.previous_view_id,
        userId: existing.user_id,
        keepState: existing.state,
      },
    );
    return ok({ view: stored });
  },

  'views.publish': (args, ctx) => {
    const userId = String(args.user_id);
    const parsed = parseView(args);
    if ('error' in parsed) return parsed.error;
    const { view } = parsed;
    const invalid = checkView(view, 'home', 'views.publish');
    if (invalid) return invalid;
    const existingId = ctx.ws.homeViews.get(userId);
    const existing = existingId ? ctx.ws.views.get(existingId) : undefined;
    const hash = str(args.hash);
    if (hash && existing && hash !== existing.hash) return fail('hash_conflict');
    const stored = storeView(ctx, view, { id: existing?.id, userId, keepState: existing?.state });
    ctx.ws.homeViews.set(userId, stored.id);
    return ok({ view: stored });
  },

  'conversations.open': (args, { ws }) => {
    const channel = str(args.channel);
    if (channel) {
      const fault = ws.channelErrors.get(channel);
      if (fault === 'channel_not_found') return fail(fault);
      return ok({ no_op: true, already_open: true, channel: flag(args.return_im) ? ws.describeChannel(channel) : { id: channel } });
    }
    const users = (str(args.users) ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    if (users.length === 0) return fail('users_list_not_supplied');
    if (users.length > 8) return fail('too_many_users');
    for (const u of users) {
      if (ws.users.get(u)?.deleted) return fail('user_disabled');
    }
    const id = ws.dmFor(users);
    return ok({ channel: flag(args.return_im) ? ws.describeChannel(id) : { id } });
  },

  'conversations.info': (args, { ws }) => {
    const channel = String(args.channel);
    if (ws.channelErrors.get(channel) === 'channel_not_found') return fail('channel_not_found');
    return ok({ channel: ws.describeChannel(channel) });
  },

  'conversations.members': (args, { ws }) => {
    const channel = String(args.channel);
    if (ws.channelErrors.get(channel) === 'channel_not_found') return fail('channel_not_found');
    return ok({ members: ws.describeChannel(channel).members, response_metadata: { next_cursor: '' } });
  },

  // an archived channel keeps its history; one the app cannot see or is not in does not show it
  'conversations.history': (args, { ws }) => {
    const channel = String(args.channel);
    const fault = ws.channelErrors.get(channel);
    if (fault === 'channel_not_found' || fault === 'not_in_channel') return fail(fault);
    const page = historyPage(
      [...ws.messages.values()].filter((m) => m.channel === channel),
      args,
    );
    return 'error' in page ? fail(page.error) : ok(page);
  },

  'users.info': (args, { ws }) => {
    const user = ws.users.get(String(args.user));
    return user ? ok({ user }) : fail('user_not_found');
  },

  'users.lookupByEmail': (args, { ws }) => {
    const email = String(args.email).toLowerCase();
    const user = [...ws.users.values()].find((u) => u.profile.email?.toLowerCase() === email);
    return user ? ok({ user }) : fail('users_not_found');
  },

  'users.list': (_args, { ws }) =>
    ok({ members: [...ws.users.values()], cache_ts: Math.floor(Date.now() / 1000), response_metadata: { next_cursor: '' } }),

  'files.getUploadURLExternal': (args, ctx) => {
    const length = Number(args.length);
    if (!Number.isInteger(length) || length <= 0)
      return fail('missing_argument', ['[ERROR] length must be a positive integer [json-pointer:/length]']);
    const id = ctx.ws.nextId('F');
    ctx.ws.pendingUploads.set(id, {
      id,
      filename: String(args.filename),
      length,
      ...(str(args.alt_text ?? args.alt_txt) !== undefined ? { alt_text: str(args.alt_text ?? args.alt_txt) } : {}),
      ...(str(args.snippet_type) !== undefined ? { snippet_type: str(args.snippet_type) } : {}),
    });
    return ok({ upload_url: `${ctx.baseUrl}/upload/v1/${id}`, file_id: id });
  },

  'files.completeUploadExternal': (args, ctx) => {
    const { ws } = ctx;
    const files = args.files;
    if (!Array.isArray(files) || files.length === 0) {
      return fail('invalid_arguments', ['[ERROR] files must be a non-empty JSON array of {id, title} [json-pointer:/files]']);
    }
    const entries: Array<{ id: string; title?: string; pending: PendingUpload }> = [];
    for (const f of files) {
      if (!isRecord(f) || typeof f.id !== 'string')
        return fail('invalid_arguments', ['[ERROR] each file needs an id [json-pointer:/files]']);
      const pending = ws.pendingUploads.get(f.id);
      if (!pending?.bytes) return fail('file_not_found');
      entries.push({ id: f.id, pending, ...(typeof f.title === 'string' ? { title: f.title } : {}) });
    }
    const channels = [str(args.channel_id), ...(str(args.channels)?.split(',') ?? [])]
      .map((c) => c?.trim())
      .filter((c): c is string => Boolean(c));
    if (channels.length > 100) return fail('channels_limit_exceeded');
    for (const c of channels) {
      const fault = ws.channelErrors.get(c);
      if (fault) return fail(fault);
    }
    if (args.blocks !== undefined) {
      const invalid = checkMessageContent({ blocks: args.blocks }, false);
      if (invalid) return invalid;
    }
    const now = Date.now();
    const done = entries.map(({ id, title, pending }) => {
      ws.pendingUploads.delete(id);
      const file = {
        id,
        filename: pending.filename,
        title: title ?? pending.filename,
        length: pending.length,
        bytes: pending.bytes ?? Buffer.alloc(0),
        ...(pending.content_type !== undefined ? { content_type: pending.content_type } : {}),
        ...(pending.alt_text !== undefined ? { alt_text: pending.alt_text } : {}),
        ...(pending.snippet_type !== undefined ? { snippet_type: pending.snippet_type } : {}),
        ...(str(args.channel_id) !== undefined ? { channel_id: str(args.channel_id) } : {}),
        channels,
        ...(str(args.initial_comment) !== undefined ? { initial_comment: str(args.initial_comment) } : {}),
        ...(str(args.thread_ts) !== undefined ? { thread_ts: str(args.thread_ts) } : {}),
        ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
        completed_at: now,
      };
      ws.files.push(file);
      return file;
    });
    for (const channel of channels) {
      const message = newMessage(ctx, channel, { text: args.initial_comment, thread_ts: args.thread_ts }, ws.nextTs());
      message.files = done.map((f) => ({ id: f.id, name: f.filename, title: f.title }));
      ws.storeMessage(message);
    }
    return ok({
      files: done.map((f) => ({
        id: f.id,
        title: f.title,
        name: f.filename,
        size: f.bytes.length,
        created: Math.floor(now / 1000),
        user: ws.identity.botUserId,
        channels: f.channels,
      })),
    });
  },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
