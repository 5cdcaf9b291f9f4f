/**
 * Sending requests to the app the way Slack does: signed (v0 scheme), with Slack's content types and payload
 * shapes (modelled on the bolt-python samples in slack-reference/payloads), pointing `response_url`s and
 * `trigger_id`s at a FakeSlack so what the app does next can be checked there.
 *
 *   const slack = new SlackRequester({ appUrl: `${appBase}/slack/events`, signingSecret, fake });
 *   await slack.command('/iec', 'help', { userId: 'U1' });
 *   const reply = await fake.waitFor('response_url');
 *
 * Factories (`slashCommandPayload`, `blockActionsPayload`, ...) build the payloads on their own, for tests that
 * call listeners directly.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type {
  BlockAction,
  BlockElementAction,
  BlockSuggestion,
  EnvelopedEvent,
  SlashCommand,
  ViewClosedAction,
  ViewOutput,
  ViewStateValue,
  ViewSubmitAction,
} from '@slack/bolt';
import type { FakeSlack } from './fake-slack';
import type { FakeMessage, FakeView } from './types';

// ---- signing ---------------------------------------------------------------------------------------------

export interface SlackSignatureHeaders {
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
}

/** Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`. */
export function signSlackRequest(signingSecret: string, rawBody: string, timestampSeconds: number): SlackSignatureHeaders {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSeconds), 'x-slack-signature': `v0=${digest}` };
}

// ---- payload context -------------------------------------------------------------------------------------

/** Workspace facts every payload carries, and sources of fresh ids. */
export interface PayloadContext {
  teamId: string;
  teamDomain: string;
  apiAppId: string;
  /** The (deprecated) verification token Slack still puts in payloads. */
  verificationToken: string;
  botUserId: string;
  enterprise?: { id: string; name: string };
  userName(userId: string): string;
  channelName(channelId: string): string;
  /** A response_url for a message (`messageTs`) or a reply to `userId` in `channelId`. */
  responseUrl(context: { channelId?: string; messageTs?: string; userId?: string }): string;
  /** A trigger id, issued to `userId` when given (the modal it opens is theirs). */
  triggerId(userId?: string): string;
  ts(): string;
}

/** A context that needs no FakeSlack (ids are made up locally; response_urls point at hooks.slack.com). */
export function standalonePayloadContext(overrides: Partial<PayloadContext> = {}): PayloadContext {
  let n = 0;
  return {
    teamId: 'T0FAKETEAM',
    teamDomain: 'iec-test',
    apiAppId: 'A0FAKEAPP',
    verificationToken: 'verification_token',
    botUserId: 'U0FAKEBOT',
    userName: (id) => id.toLowerCase(),
    channelName: (id) => defaultChannelName(id),
    responseUrl: () => `https://hooks.slack.com/actions/T0FAKETEAM/${++n}/${randomBytes(8).toString('hex')}`,
    triggerId: () => `${Date.now()}.${++n}.${randomBytes(16).toString('hex')}`,
    ts: () => `${Math.floor(Date.now() / 1000)}.${String(++n).padStart(6, '0')}`,
    ...overrides,
  };
}

/** A context backed by a FakeSlack: its team / app / bot ids, users, response_urls and trigger ids. */
export function fakePayloadContext(fake: FakeSlack, overrides: Partial<PayloadContext> = {}): PayloadContext {
  return {
    teamId: fake.teamId,
    teamDomain: fake.teamDomain,
    apiAppId: fake.appId,
    verificationToken: 'verification_token',
    botUserId: fake.botUserId,
    ...(fake.enterprise ? { enterprise: fake.enterprise } : {}),
    userName: (id) => fake.user(id)?.name ?? id.toLowerCase(),
    channelName: (id) => fake.channel(id)?.name ?? defaultChannelName(id),
    responseUrl: (context) => fake.responseUrl('resp', context),
    triggerId: (userId) => fake.issueTriggerId(userId),
    ts: () => `${(Date.now() / 1000).toFixed(6)}`,
    ...overrides,
  };
}

function defaultChannelName(id: string): string {
  if (id.startsWith('D')) return 'directmessage';
  if (id.startsWith('G')) return 'privategroup';
  return id.toLowerCase();
}

function teamOf(ctx: PayloadContext): { id: string; domain: string; enterprise_id?: string; enterprise_name?: string } {
  return {
    id: ctx.teamId,
    domain: ctx.teamDomain,
    ...(ctx.enterprise ? { enterprise_id: ctx.enterprise.id, enterprise_name: ctx.enterprise.name } : {}),
  };
}

function userOf(ctx: PayloadContext, userId: string): { id: string; username: string; name: string; team_id: string } {
  const name = ctx.userName(userId);
  return { id: userId, username: name, name, team_id: ctx.teamId };
}

// ---- slash commands --------------------------------------------------------------------------------------

export interface CommandParams {
  userId: string;
  channelId?: string;
  channelName?: string;
  userName?: string;
  triggerId?: string;
  responseUrl?: string;
  teamId?: string;
}

/**
 * A slash command's text as Slack sends it: what the person typed, with `&`, `<` and `>` HTML-encoded, except the
 * markup Slack itself puts there for a mention picked in the composer (`<@U…>`, `<@U…|name>`, `<#C…|name>`,
 * `<!subteam^S…|@team>`). So `<!channel>` or `<https://x|y>` typed literally arrive as `&lt;!channel&gt;`…
 */
export function slackEncodedCommandText(typed: string): string {
  const encode = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const mention = /<(?:@[UW][A-Z0-9]+|#C[A-Z0-9]+|!subteam\^S[A-Z0-9]+)(?:\|[^<>|]*)?>/g;
  let out = '';
  let last = 0;
  for (const m of typed.matchAll(mention)) {
    out += encode(typed.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + encode(typed.slice(last));
}

/** A slash command's payload; `text` is what the person typed (see slackEncodedCommandText). */
export function slashCommandPayload(ctx: PayloadContext, command: string, text: string, p: CommandParams): SlashCommand {
  const channelId = p.channelId ?? 'C0GENERAL';
  // Field order as Slack (and the bolt-python sample) sends it.
  return {
    token: ctx.verificationToken,
    team_id: p.teamId ?? ctx.teamId,
    team_domain: ctx.teamDomain,
    ...(ctx.enterprise ? { enterprise_id: ctx.enterprise.id, enterprise_name: ctx.enterprise.name } : {}),
    channel_id: channelId,
    channel_name: p.channelName ?? ctx.channelName(channelId),
    user_id: p.userId,
    user_name: p.userName ?? ctx.userName(p.userId),
    command,
    text: slackEncodedCommandText(text),
    api_app_id: ctx.apiAppId,
    is_enterprise_install: 'false',
    response_url: p.responseUrl ?? ctx.responseUrl({ channelId, userId: p.userId }),
    trigger_id: p.triggerId ?? ctx.triggerId(p.userId),
  };
}

// ---- views and their state -------------------------------------------------------------------------------

/** A view as a test names it: any part of a `ViewOutput` (an `id` the fake knows fills in the rest). */
export type ViewInput = Partial<Omit<FakeView, 'state'>> & { state?: ViewOutput['state'] };

/**
 * What the user entered, per block_id and action_id. A string (or string[] for multi-selects / checkboxes) is
 * read according to the element's type in the view: `'Q3 report'` for a text input, an option value for a
 * select, a user id for users_select, `'2025-01-31'` for a datepicker. An object is used as the state value.
 */
export type StateValuesInput = Record<string, Record<string, string | string[] | Partial<ViewStateValue>>>;

interface ElementShape {
  type?: string;
  action_id?: string;
  options?: Array<{ text?: { text?: string }; value?: string }>;
  option_groups?: Array<{ options?: Array<{ text?: { text?: string }; value?: string }> }>;
  initial_value?: string;
  initial_option?: { text?: { text?: string }; value?: string };
  initial_options?: Array<{ text?: { text?: string }; value?: string }>;
  initial_user?: string;
  initial_users?: string[];
  initial_conversation?: string;
  initial_conversations?: string[];
  initial_channel?: string;
  initial_channels?: string[];
  initial_date?: string;
  initial_time?: string;
  initial_date_time?: number;
  text?: { text?: string };
  value?: string;
}

interface BlockShape {
  type?: string;
  block_id?: string;
  element?: ElementShape;
  elements?: ElementShape[];
  accessory?: ElementShape;
}

function blocksOf(blocks: unknown): BlockShape[] {
  return Array.isArray(blocks) ? (blocks.filter((b) => typeof b === 'object' && b !== null) as BlockShape[]) : [];
}

function elementsOf(block: BlockShape): ElementShape[] {
  return [block.element, block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])].filter(
    (e): e is ElementShape => typeof e === 'object' && e !== null,
  );
}

/** The interactive element with these ids, if the blocks contain it. */
export function findElement(blocks: unknown, blockId: string, actionId: string): ElementShape | undefined {
  const block = blocksOf(blocks).find((b) => b.block_id === blockId);
  return block ? elementsOf(block).find((e) => e.action_id === actionId) : undefined;
}

function optionsOf(el: ElementShape | undefined): Array<{ text?: { text?: string }; value?: string }> {
  if (!el) return [];
  return [...(el.options ?? []), ...(el.option_groups ?? []).flatMap((g) => g.options ?? [])];
}

function selectedOption(
  el: ElementShape | undefined,
  value: string,
): { text: { type: 'plain_text'; text: string; emoji: boolean }; value: string } {
  const option = optionsOf(el).find((o) => o.value === value);
  if (el && optionsOf(el).length > 0 && !option) {
    throw new Error(`option "${value}" is not among the options of ${el.type} ${el.action_id}`);
  }
  return { text: { type: 'plain_text', text: option?.text?.text ?? value, emoji: true }, value };
}

function asOption(o: { text?: { text?: string }; value?: string }): {
  text: { type: 'plain_text'; text: string; emoji: boolean };
  value: string;
} {
  return { text: { type: 'plain_text', text: o.text?.text ?? o.value ?? '', emoji: true }, value: o.value ?? '' };
}

/** The state value Slack reports for an untouched element (its initial value, or null / empty). */
function initialStateValue(el: ElementShape): ViewStateValue {
  const type = el.type ?? 'plain_text_input';
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: el.initial_option ? asOption(el.initial_option) : null };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: (el.initial_options ?? []).map(asOption) };
    case 'users_select':
      return { type, selected_user: el.initial_user ?? null };
    case 'multi_users_select':
      return { type, selected_users: el.initial_users ?? [] };
    case 'conversations_select':
      return { type, selected_conversation: el.initial_conversation ?? null };
    case 'multi_conversations_select':
      return { type, selected_conversations: el.initial_conversations ?? [] };
    case 'channels_select':
      return { type, selected_channel: el.initial_channel ?? null };
    case 'multi_channels_select':
      return { type, selected_channels: el.initial_channels ?? [] };
    case 'datepicker':
      return { type, selected_date: el.initial_date ?? null };
    case 'timepicker':
      return { type, selected_time: el.initial_time ?? null };
    case 'datetimepicker':
      return { type, selected_date_time: el.initial_date_time ?? null };
    case 'file_input':
      return { type, files: [] };
    default:
      return { type, value: el.initial_value ?? null };
  }
}

/** Reads a shorthand (string / string[]) entry according to the element's type. */
function stateValueFrom(el: ElementShape | undefined, input: string | string[] | Partial<ViewStateValue>): ViewStateValue {
  const type = el?.type ?? (typeof input === 'object' && !Array.isArray(input) && input.type ? input.type : 'plain_text_input');
  if (typeof input === 'object' && !Array.isArray(input)) {
    if (input.type !== undefined && el?.type !== undefined && input.type !== el.type) {
      throw new Error(`state value of type ${input.type} given for ${el.type} ${el.action_id}`);
    }
    return { ...input, type };
  }
  const many = Array.isArray(input) ? input : [input];
  const one = Array.isArray(input) ? input[0] : input;
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: selectedOption(el, one) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: many.map((v) => selectedOption(el, v)) };
    case 'users_select':
      return { type, selected_user: one };
    case 'multi_users_select':
      return { type, selected_users: many };
    case 'conversations_select':
      return { type, selected_conversation: one };
    case 'multi_conversations_select':
      return { type, selected_conversations: many };
    case 'channels_select':
      return { type, selected_channel: one };
    case 'multi_channels_select':
      return { type, selected_channels: many };
    case 'datepicker':
      return { type, selected_date: one };
    case 'timepicker':
      return { type, selected_time: one };
    case 'datetimepicker':
      return { type, selected_date_time: Number(one) };
    default:
      return { type, value: one };
  }
}

/**
 * `view.state.values` as Slack reports them on submission: every input block's element with its initial value
 * (null when empty), overridden by `values`. Throws when `values` names a block / action the view does not have.
 */
export function buildStateValues(blocks: unknown, values: StateValuesInput = {}): ViewOutput['state']['values'] {
  const out: ViewOutput['state']['values'] = {};
  const list = blocksOf(blocks);
  for (const block of list) {
    if (block.type !== 'input' || !block.block_id || !block.element?.action_id) continue;
    out[block.block_id] = { [block.element.action_id]: initialStateValue(block.element) };
  }
  for (const [blockId, actions] of Object.entries(values)) {
    for (const [actionId, input] of Object.entries(actions)) {
      const el = findElement(list, blockId, actionId);
      if (!el && list.length > 0) {
        const known = list.flatMap((b) => elementsOf(b).map((e) => `${b.block_id}/${e.action_id}`));
        throw new Error(`the view has no element ${blockId}/${actionId}; it has: ${known.join(', ') || 'none'}`);
      }
      out[blockId] = { ...(out[blockId] ?? {}), [actionId]: stateValueFrom(el, input) };
    }
  }
  return out;
}

/** A complete ViewOutput from a partial one (defaults as Slack fills them). */
export function viewOutput(ctx: PayloadContext, input: ViewInput, values?: StateValuesInput): ViewOutput {
  const id = input.id ?? `V${randomBytes(5).toString('hex').toUpperCase()}`;
  const blocks = input.blocks ?? [];
  const baseValues = input.state?.values ?? {};
  return {
    id,
    team_id: input.team_id ?? ctx.teamId,
    type: input.type ?? 'modal',
    title: input.title ?? { type: 'plain_text', text: 'Modal', emoji: true },
    blocks,
    close: input.close ?? null,
    submit: input.submit ?? null,
    state: { values: { ...buildStateValues(blocks), ...baseValues, ...(values ? buildStateValues(blocks, values) : {}) } },
    hash: input.hash ?? `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
    private_metadata: input.private_metadata ?? '',
    callback_id: input.callback_id ?? '',
    root_view_id: input.root_view_id ?? id,
    previous_view_id: input.previous_view_id ?? null,
    clear_on_close: input.clear_on_close ?? false,
    notify_on_close: input.notify_on_close ?? false,
    external_id: input.external_id ?? '',
    app_id: input.app_id ?? ctx.apiAppId,
    bot_id: input.bot_id ?? 'B0FAKEBOT',
    app_installed_team_id: input.app_installed_team_id ?? ctx.teamId,
  };
}

// ---- block actions ---------------------------------------------------------------------------------------

export type ElementType = BlockElementAction['type'];

export interface BlockActionParams {
  userId: string;
  actionId: string;
  blockId: string;
  /** The element's type; by default taken from the message / view blocks, else `button`. */
  type?: ElementType;
  /** Button value / text input value; a button's defaults to the value in the blocks. */
  value?: string;
  selectedOption?: string | { value: string; text?: string };
  selectedOptions?: Array<string | { value: string; text?: string }>;
  selectedUser?: string;
  selectedUsers?: string[];
  selectedConversation?: string;
  selectedChannel?: string;
  selectedDate?: string;
  selectedTime?: string;
  /** Extra fields merged into the action object. */
  action?: Record<string, unknown>;
  /** The action happened in this view (modal or Home tab) instead of a message. */
  view?: ViewInput;
  /** State values of the view at the time of the action. */
  values?: StateValuesInput;
  /** Overrides the container object. */
  container?: Record<string, unknown>;
  /** The message's channel (message actions). */
  channelId?: string;
  /** The message clicked; a `ts` the fake holds fills in the rest. Without one a message is made up. */
  message?: Partial<Omit<FakeMessage, 'type'>>;
  /** The clicked message is ephemeral: no `message` in the payload, and only response_url can change it. */
  ephemeral?: boolean;
  triggerId?: string;
  responseUrl?: string;
}

/** A block_actions payload. Slack sends no response_url for actions in views, hence the optional field. */
export type BlockActionsPayload = Omit<BlockAction, 'response_url'> & { response_url?: string };

type OptionInput = string | { value: string; text?: string };

function pickOption(
  el: ElementShape | undefined,
  o: OptionInput,
): { text: { type: 'plain_text'; text: string; emoji: boolean }; value: string } {
  if (typeof o === 'string') return selectedOption(el, o);
  return { text: { type: 'plain_text', text: o.text ?? selectedOption(el, o.value).text.text, emoji: true }, value: o.value };
}

function actionObject(p: BlockActionParams, el: ElementShape | undefined, actionTs: string): BlockElementAction {
  const type = p.type ?? (el?.type as ElementType | undefined) ?? 'button';
  const base = { type, action_id: p.actionId, block_id: p.blockId, action_ts: actionTs };
  const fields: Record<string, unknown> = {};
  switch (type) {
    case 'button':
      fields.text = { type: 'plain_text', text: el?.text?.text ?? 'Button', emoji: true };
      if ((p.value ?? el?.value) !== undefined) fields.value = p.value ?? el?.value;
      break;
    case 'static_select':
    case 'external_select':
    case 'overflow':
    case 'radio_buttons':
      if (p.selectedOption === undefined) throw new Error(`a ${type} action needs selectedOption`);
      fields.selected_option = pickOption(el, p.selectedOption);
      break;
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      fields.selected_options = (p.selectedOptions ?? []).map((o) => pickOption(el, o));
      break;
    case 'users_select':
      fields.selected_user = p.selectedUser;
      break;
    case 'multi_users_select':
      fields.selected_users = p.selectedUsers ?? [];
      break;
    case 'conversations_select':
      fields.selected_conversation = p.selectedConversation;
      break;
    case 'channels_select':
      fields.selected_channel = p.selectedChannel;
      break;
    case 'datepicker':
      fields.selected_date = p.selectedDate ?? null;
      break;
    case 'timepicker':
      fields.selected_time = p.selectedTime ?? null;
      break;
    case 'plain_text_input':
      fields.value = p.value ?? '';
      break;
    default:
      break;
  }
  return { ...base, ...fields, ...(p.action ?? {}) } as BlockElementAction;
}

/**
 * A block_actions payload. `message` and `view` are used as given (no FakeSlack lookups here); the element the
 * action names must exist in their blocks when they have blocks.
 */
export function blockActionsPayload(ctx: PayloadContext, p: BlockActionParams): BlockActionsPayload {
  const base = {
    type: 'block_actions' as const,
    user: userOf(ctx, p.userId),
    api_app_id: ctx.apiAppId,
    token: ctx.verificationToken,
    trigger_id: p.triggerId ?? ctx.triggerId(p.userId),
    team: teamOf(ctx),
    is_enterprise_install: false,
    ...(ctx.enterprise ? { enterprise: ctx.enterprise } : {}),
  };
  const actionTs = ctx.ts();
  if (p.view) {
    const view = viewOutput(ctx, p.view, p.values);
    const el = requireElement(view.blocks, p, 'view');
    return {
      ...base,
      container: p.container ?? { type: 'view', view_id: view.id },
      view,
      state: view.state,
      actions: [actionObject(p, el, actionTs)],
    };
  }
  const channelId = p.channelId ?? p.message?.channel ?? 'C0GENERAL';
  const messageTs = p.message?.ts ?? ctx.ts();
  const message = {
    type: 'message' as const,
    ts: messageTs,
    text: p.message?.text ?? '',
    user: p.message?.user ?? ctx.botUserId,
    ...(p.message?.bot_id ? { bot_id: p.message.bot_id } : {}),
    ...(p.message?.app_id ? { app_id: p.message.app_id } : {}),
    team: p.message?.team ?? ctx.teamId,
    ...(p.message?.blocks ? { blocks: p.message.blocks } : {}),
    ...(p.message?.attachments ? { attachments: p.message.attachments } : {}),
    ...(p.message?.thread_ts ? { thread_ts: p.message.thread_ts } : {}),
  };
  const el = requireElement(message.blocks, p, 'message');
  return {
    ...base,
    container: p.container ?? { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: Boolean(p.ephemeral) },
    channel: { id: channelId, name: ctx.channelName(channelId) },
    ...(p.ephemeral ? {} : { message }),
    state: { values: p.values ? buildStateValues(message.blocks, p.values) : {} },
    response_url:
      p.responseUrl ?? ctx.responseUrl(p.ephemeral ? { channelId, userId: p.userId } : { channelId, messageTs, userId: p.userId }),
    actions: [actionObject(p, el, actionTs)],
  };
}

function requireElement(blocks: unknown, p: BlockActionParams, where: string): ElementShape | undefined {
  const list = blocksOf(blocks);
  if (list.length === 0) return undefined;
  const el = findElement(list, p.blockId, p.actionId);
  if (!el) {
    const known = list.flatMap((b) => elementsOf(b).map((e) => `${b.block_id}/${e.action_id}`));
    throw new Error(`the ${where} has no element ${p.blockId}/${p.actionId}; it has: ${known.join(', ') || 'none'}`);
  }
  return el;
}

// ---- view submission / closed / options / shortcuts / events ---------------------------------------------

export interface ViewSubmissionParams {
  userId: string;
  view: ViewInput;
  /** What the user typed / picked (see `StateValuesInput`). */
  values?: StateValuesInput;
  triggerId?: string;
  responseUrls?: ViewSubmitAction['response_urls'];
}

export function viewSubmissionPayload(ctx: PayloadContext, p: ViewSubmissionParams): ViewSubmitAction {
  return {
    type: 'view_submission',
    team: teamOf(ctx),
    user: userOf(ctx, p.userId),
    api_app_id: ctx.apiAppId,
    token: ctx.verificationToken,
    trigger_id: p.triggerId ?? ctx.triggerId(p.userId),
    view: viewOutput(ctx, p.view, p.values),
    response_urls: p.responseUrls ?? [],
    is_enterprise_install: false,
    ...(ctx.enterprise ? { enterprise: ctx.enterprise } : {}),
  };
}

export interface ViewClosedParams {
  userId: string;
  view: ViewInput;
  isCleared?: boolean;
}

/** A view_closed payload (Slack also sends an empty `response_urls`, which Bolt's type leaves out). */
export type ViewClosedPayload = ViewClosedAction & { response_urls: NonNullable<ViewSubmitAction['response_urls']> };

export function viewClosedPayload(ctx: PayloadContext, p: ViewClosedParams): ViewClosedPayload {
  return {
    type: 'view_closed',
    team: teamOf(ctx),
    user: userOf(ctx, p.userId),
    api_app_id: ctx.apiAppId,
    token: ctx.verificationToken,
    view: viewOutput(ctx, p.view),
    is_cleared: p.isCleared ?? false,
    response_urls: [],
    is_enterprise_install: false,
    ...(ctx.enterprise ? { enterprise: ctx.enterprise } : {}),
  };
}

export interface OptionsParams {
  userId: string;
  actionId: string;
  blockId: string;
  /** What the user typed so far. */
  value: string;
  view?: ViewInput;
  channelId?: string;
  messageTs?: string;
}

export function blockSuggestionPayload(ctx: PayloadContext, p: OptionsParams): BlockSuggestion {
  const base = {
    type: 'block_suggestion' as const,
    user: userOf(ctx, p.userId),
    api_app_id: ctx.apiAppId,
    token: ctx.verificationToken,
    action_id: p.actionId,
    block_id: p.blockId,
    value: p.value,
    team: teamOf(ctx),
    is_enterprise_install: false,
    ...(ctx.enterprise ? { enterprise: ctx.enterprise } : {}),
  };
  if (p.view) {
    const view = viewOutput(ctx, p.view);
    return { ...base, container: { type: 'view', view_id: view.id }, view };
  }
  const channelId = p.channelId ?? 'C0GENERAL';
  return {
    ...base,
    container: { type: 'message', message_ts: p.messageTs ?? ctx.ts(), channel_id: channelId, is_ephemeral: false },
    channel: { id: channelId, name: ctx.channelName(channelId) },
  };
}

export interface GlobalShortcutParams {
  userId: string;
  callbackId: string;
  triggerId?: string;
}

export interface GlobalShortcutPayload {
  type: 'shortcut';
  token: string;
  action_ts: string;
  team: { id: string; domain: string };
  user: { id: string; username: string; team_id: string };
  callback_id: string;
  trigger_id: string;
  is_enterprise_install: boolean;
}

export function globalShortcutPayload(ctx: PayloadContext, p: GlobalShortcutParams): GlobalShortcutPayload {
  const user = userOf(ctx, p.userId);
  return {
    type: 'shortcut',
    token: ctx.verificationToken,
    action_ts: ctx.ts(),
    team: { id: ctx.teamId, domain: ctx.teamDomain },
    user: { id: user.id, username: user.username, team_id: user.team_id },
    callback_id: p.callbackId,
    trigger_id: p.triggerId ?? ctx.triggerId(p.userId),
    is_enterprise_install: false,
  };
}

export interface SlackEvent {
  type: string;
  [key: string]: unknown;
}

export interface EventParams {
  eventId?: string;
  eventTime?: number;
  teamId?: string;
  /** Only used by `SlackRequester.event`: sent as `X-Slack-Retry-Num`. */
  retryNum?: number;
  /** Only used by `SlackRequester.event`: sent as `X-Slack-Retry-Reason` (e.g. `http_timeout`). */
  retryReason?: string;
}

export function eventCallbackEnvelope<E extends SlackEvent>(ctx: PayloadContext, event: E, p: EventParams = {}): EnvelopedEvent<E> {
  const teamId = p.teamId ?? ctx.teamId;
  return {
    token: ctx.verificationToken,
    team_id: teamId,
    ...(ctx.enterprise ? { enterprise_id: ctx.enterprise.id } : {}),
    api_app_id: ctx.apiAppId,
    event: { event_ts: ctx.ts(), ...event },
    type: 'event_callback',
    event_id: p.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: p.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: ctx.enterprise?.id ?? null, team_id: teamId, user_id: ctx.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}

/** Common events, shaped like Slack's. */
export const events = {
  appHomeOpened: (userId: string, opts: { tab?: 'home' | 'messages'; channel?: string; viewId?: string } = {}): SlackEvent => ({
    type: 'app_home_opened',
    user: userId,
    channel: opts.channel ?? `D${userId.slice(1)}`,
    tab: opts.tab ?? 'home',
    ...(opts.viewId ? { view: { id: opts.viewId } } : {}),
  }),
  appMention: (p: { user: string; channel: string; text: string; ts?: string; thread_ts?: string }): SlackEvent => ({
    type: 'app_mention',
    user: p.user,
    channel: p.channel,
    text: p.text,
    ts: p.ts ?? `${(Date.now() / 1000).toFixed(6)}`,
    ...(p.thread_ts ? { thread_ts: p.thread_ts } : {}),
  }),
  message: (p: {
    user: string;
    channel: string;
    text: string;
    ts?: string;
    channel_type?: 'im' | 'channel' | 'group' | 'mpim';
  }): SlackEvent => ({
    type: 'message',
    user: p.user,
    channel: p.channel,
    text: p.text,
    ts: p.ts ?? `${(Date.now() / 1000).toFixed(6)}`,
    channel_type: p.channel_type ?? (p.channel.startsWith('D') ? 'im' : 'channel'),
  }),
  memberJoinedChannel: (p: { user: string; channel: string; inviter?: string }): SlackEvent => ({
    type: 'member_joined_channel',
    user: p.user,
    channel: p.channel,
    channel_type: p.channel.startsWith('G') ? 'G' : 'C',
    ...(p.inviter ? { inviter: p.inviter } : {}),
  }),
};

// ---- sending ---------------------------------------------------------------------------------------------

/** How to tamper with a request (for signature / staleness tests). */
export interface SendOptions {
  /** Request timestamp in seconds (default: now). An old one makes a stale request. */
  timestamp?: number;
  /** Send this `X-Slack-Signature` instead of the correct one. */
  signature?: string;
  /** Sign with this secret instead of the app's. */
  signingSecret?: string;
  /** Leave these Slack headers out. */
  omit?: Array<'timestamp' | 'signature'>;
  /** Extra headers (override the defaults). */
  headers?: Record<string, string>;
  /** Give up waiting for the app after this long (default 10 s). */
  timeoutMs?: number;
}

/** A request exactly as it went over the wire: hand it to `replay()` to send the same bytes again. */
export interface RawSlackRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface SlackResponse<Sent = unknown, Json = Record<string, unknown>> {
  status: number;
  /** Response body as text ('' when the app acked with no body). */
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: Json;
  headers: IncomingHttpHeaders;
  /** What was sent, to replay it. */
  request: RawSlackRequest;
  /** The payload that was sent. */
  sent: Sent;
}

/** What an app can answer a view_submission with. */
export interface ViewSubmissionAck {
  response_action?: 'errors' | 'update' | 'push' | 'clear';
  errors?: Record<string, string>;
  view?: Record<string, unknown>;
}

/** What an app answers a block_suggestion with. */
export interface OptionsAck {
  options?: Array<{ text: { type: string; text: string }; value: string }>;
  option_groups?: Array<{ label: { type: string; text: string }; options: Array<{ text: { type: string; text: string }; value: string }> }>;
}

export interface SlackRequesterOptions {
  /** The app's request URL, e.g. `http://127.0.0.1:3000/slack/events`. */
  appUrl: string;
  signingSecret: string;
  fake: FakeSlack;
  /** Defaults to the fake's team. */
  teamId?: string;
  /** Changes to the payload context (enterprise, verification token, ...). */
  context?: Partial<PayloadContext>;
}

/** Sends signed requests to the app as Slack would, with response_urls and trigger ids served by the fake. */
export class SlackRequester {
  readonly ctx: PayloadContext;
  private readonly fake: FakeSlack;
  private readonly appUrl: string;
  private readonly signingSecret: string;

  constructor(opts: SlackRequesterOptions) {
    this.fake = opts.fake;
    this.appUrl = opts.appUrl;
    this.signingSecret = opts.signingSecret;
    this.ctx = fakePayloadContext(opts.fake, { ...(opts.teamId ? { teamId: opts.teamId } : {}), ...(opts.context ?? {}) });
  }

  /** A slash command, form-encoded. The payload's response_url and trigger_id point at the fake. */
  async command(command: string, text: string, params: CommandParams, send?: SendOptions): Promise<SlackResponse<SlashCommand>> {
    const payload = slashCommandPayload(this.ctx, command, text, params);
    const body = new URLSearchParams(Object.entries(payload).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return this.post('application/x-www-form-urlencoded', body, payload, send);
  }

  /**
   * A block action. For a message action, a `message.ts` the fake holds supplies the message (blocks included)
   * and otherwise the message is seeded into the fake, so chat.update on it works (not for ephemeral ones).
   * For a view action, a `view.id` the fake holds supplies the view.
   */
  async blockAction(params: BlockActionParams, send?: SendOptions): Promise<SlackResponse<BlockActionsPayload>> {
    let p = params;
    if (p.view) p = { ...p, view: this.knownView(p.view) };
    else if (!p.ephemeral) {
      const channelId = p.channelId ?? p.message?.channel ?? 'C0GENERAL';
      const stored = p.message?.ts ? this.fake.message(channelId, p.message.ts) : undefined;
      const message = stored ?? this.fake.seedMessage(channelId, p.message ?? {});
      p = { ...p, channelId, message: { ...message, ...(p.message ?? {}) } };
    }
    return this.interactive(blockActionsPayload(this.ctx, p), send);
  }

  /** A view submission; `json` holds the app's ack (response_action, errors, ...). */
  async viewSubmission(params: ViewSubmissionParams, send?: SendOptions): Promise<SlackResponse<ViewSubmitAction, ViewSubmissionAck>> {
    return this.interactive(viewSubmissionPayload(this.ctx, { ...params, view: this.knownView(params.view) }), send);
  }

  async viewClosed(params: ViewClosedParams, send?: SendOptions): Promise<SlackResponse<ViewClosedPayload>> {
    return this.interactive(viewClosedPayload(this.ctx, { ...params, view: this.knownView(params.view) }), send);
  }

  /** A block_suggestion (external select typing); `json` holds the options the app answered. */
  async options(params: OptionsParams, send?: SendOptions): Promise<SlackResponse<BlockSuggestion, OptionsAck>> {
    const p = params.view ? { ...params, view: this.knownView(params.view) } : params;
    return this.interactive(blockSuggestionPayload(this.ctx, p), send);
  }

  async shortcut(params: GlobalShortcutParams, send?: SendOptions): Promise<SlackResponse<GlobalShortcutPayload>> {
    return this.interactive(globalShortcutPayload(this.ctx, params), send);
  }

  /** An Events API event in its event_callback envelope (JSON), with Slack's retry headers when asked. */
  async event<E extends SlackEvent>(event: E, params: EventParams = {}, send?: SendOptions): Promise<SlackResponse<EnvelopedEvent<E>>> {
    const envelope = eventCallbackEnvelope(this.ctx, event, params);
    const retryHeaders: Record<string, string> = {};
    if (params.retryNum !== undefined) retryHeaders['x-slack-retry-num'] = String(params.retryNum);
    if (params.retryReason !== undefined) retryHeaders['x-slack-retry-reason'] = params.retryReason;
    return this.post('application/json', JSON.stringify(envelope), envelope, {
      ...send,
      headers: { ...retryHeaders, ...(send?.headers ?? {}) },
    });
  }

  /** Slack's url_verification handshake. */
  async urlVerification(
    challenge: string,
    send?: SendOptions,
  ): Promise<SlackResponse<{ token: string; challenge: string; type: 'url_verification' }>> {
    const payload = { token: this.ctx.verificationToken, challenge, type: 'url_verification' as const };
    return this.post('application/json', JSON.stringify(payload), payload, send);
  }

  /** Any interactivity payload, sent as Slack does: form field `payload` holding the JSON. */
  interactive<P, J = Record<string, unknown>>(payload: P, send?: SendOptions): Promise<SlackResponse<P, J>> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post<P, J>('application/x-www-form-urlencoded', body, payload, send);
  }

  /** Signs and sends a raw body. */
  post<P, J = Record<string, unknown>>(contentType: string, body: string, sent: P, send: SendOptions = {}): Promise<SlackResponse<P, J>> {
    const timestamp = send.timestamp ?? Math.floor(Date.now() / 1000);
    const signed = signSlackRequest(send.signingSecret ?? this.signingSecret, body, timestamp);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      accept: 'application/json,*/*',
      'x-slack-request-timestamp': signed['x-slack-request-timestamp'],
      'x-slack-signature': send.signature ?? signed['x-slack-signature'],
      ...(send.headers ?? {}),
    };
    if (send.omit?.includes('timestamp')) delete headers['x-slack-request-timestamp'];
    if (send.omit?.includes('signature')) delete headers['x-slack-signature'];
    return this.replay<P, J>({ url: this.appUrl, headers, body }, sent, send.timeoutMs);
  }

  /** Sends a previously sent request again, byte for byte (same headers, same signature). */
  replay<P = undefined, J = Record<string, unknown>>(request: RawSlackRequest, sent?: P, timeoutMs = 10_000): Promise<SlackResponse<P, J>> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        request.url,
        { method: 'POST', headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) }, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, body: text, ...parseJson<J>(text), headers: res.headers, request, sent: sent as P });
          });
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`the app did not answer ${request.url} within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(request.body);
    });
  }

  /** The view with what the fake knows about it; an unknown view is registered so views.update can find it. */
  private knownView(view: ViewInput): ViewInput {
    const stored = view.id ? this.fake.view(view.id) : undefined;
    if (stored) return { ...stored, ...view };
    return { ...view, id: this.fake.seedView(view).id };
  }
}

function parseJson<J>(text: string): { json?: J } {
  if (text === '') return {};
  try {
    return { json: JSON.parse(text) as J };
  } catch {
    return {};
  }
}
