// The sandbox page: shows what the Slack stand-in holds for the person you act as, and turns what you do into
// the sandbox's API calls (which send the app signed requests, exactly as Slack does). Block Kit is rendered by
// render.ts. No framework; bundled by esbuild (build.ts) into the page's app.js.
import * as BK from './render';

type Json = Record<string, unknown>;

interface TextObj {
  type?: string;
  text: string;
}
interface Opt {
  value: string;
  text: TextObj;
  url?: string;
}
/** An interactive element's JSON, as the app sent it. */
interface El {
  type: string;
  action_id?: string;
  value?: string;
  url?: string;
  options?: Opt[];
  min_query_length?: number;
  confirm?: { title?: TextObj; text?: TextObj };
}
interface Persona {
  id: string;
  name: string;
  handle: string;
  description: string;
}
interface ChannelInfo {
  id: string;
  name: string;
  kind: 'channel' | 'app';
}
interface Info {
  workspace: string;
  appName: string;
  me: string;
  personas: Persona[];
  channels: ChannelInfo[];
  directory: BK.Directory;
  timeZone: string;
  sandboxTimeZone: string;
  clockSuggestions: Array<{ label: string; at: string }>;
}
interface ShownFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  size: number;
  url: string;
}
interface ShownMessage {
  ts: string;
  user: string;
  isApp: boolean;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  files?: ShownFile[];
  edited: boolean;
  ephemeral: boolean;
  replies: ShownMessage[];
}
interface ClockInfo {
  now: number;
  rate: number;
  lastTick: { at: string; text: string } | null;
}
interface View {
  id: string;
  hash: string;
  blocks: unknown[];
  title?: TextObj;
  close?: TextObj | null;
  submit?: TextObj | null;
}
interface Modal {
  view: View;
  errors: Record<string, string>;
  problem?: string;
}
type Where = { kind: 'message' | 'ephemeral'; channel: string; ts: string } | { kind: 'view'; viewId: string };
interface Surface {
  elements: El[];
  where: Where;
}
interface StateValue {
  type: string;
  value?: string | null;
  selected_option?: Opt | null;
  selected_options?: Opt[];
  selected_user?: string | null;
  selected_users?: string[];
  selected_conversation?: string | null;
  selected_conversations?: string[];
  selected_channel?: string | null;
  selected_channels?: string[];
  selected_date?: string | null;
  selected_time?: string | null;
  selected_date_time?: number | null;
  rich_text_value?: unknown;
}
type Values = Record<string, Record<string, StateValue>>;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

const state = {
  me: localStorage.getItem('sandbox.me') || '',
  info: undefined as Info | undefined,
  current: localStorage.getItem('sandbox.channel') || '',
  tab: 'messages' as 'messages' | 'home',
  surfaces: {} as Record<string, Surface>,
  surfaceCounter: 0,
  modalKey: '',
  refreshing: false,
  again: false,
  scrolled: false,
  unread: {} as Record<string, number>,
  clock: undefined as ClockInfo | undefined,
};

function info(): Info {
  if (!state.info) throw new Error('the page has not loaded yet');
  return state.info;
}

/** The directory render.ts reads: names, and the viewer's zone and the simulated now for dates. */
function directory(): BK.Directory {
  return { ...info().directory, timeZone: info().timeZone, now: simulatedNow() };
}

// ---- API ----------------------------------------------------------------------------------------------

async function api<T = Json>(path: string, body?: unknown): Promise<T> {
  const init: RequestInit =
    body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(path, init);
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(json.error || `HTTP ${res.status}`);
  return json;
}

function q(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

function notice(text: string | undefined): void {
  const el = $('composer-notice');
  el.textContent = text || '';
  el.hidden = !text;
}

// ---- surfaces: rendered Block Kit with where it lives ---------------------------------------------------

function renderSurface(container: HTMLElement, blocks: unknown, where: Where, surface: 'message' | 'modal' | 'home'): BK.RenderResult {
  const result = BK.renderBlocks(blocks, directory(), surface);
  state.surfaceCounter += 1;
  const id = `s${state.surfaceCounter}`;
  state.surfaces[id] = { elements: result.elements as unknown as El[], where };
  container.innerHTML = result.html;
  container.setAttribute('data-surface', id);
  return result;
}

function surfaceOf(node: Element): Surface | undefined {
  const host = node.closest('[data-surface]');
  return host ? state.surfaces[host.getAttribute('data-surface') ?? ''] : undefined;
}

interface Found {
  host: HTMLElement;
  json: El;
  surface: Surface;
}

function elementOf(node: Element): Found | undefined {
  const host = node.closest<HTMLElement>('[data-el]');
  if (!host) return undefined;
  const surface = surfaceOf(host);
  if (!surface) return undefined;
  return { host, json: surface.elements[Number(host.getAttribute('data-el'))], surface };
}

/** Elements in input blocks only send an action when the block says dispatch_action; elsewhere always. */
function dispatches(host: Element): boolean {
  const block = host.closest('[data-bk]');
  if (block?.getAttribute('data-bk') !== 'input') return true;
  return block.getAttribute('data-dispatch') === 'true';
}

function option(value: string, text: string): Opt {
  return { text: { type: 'plain_text', text }, value };
}

function chips(host: Element): Array<{ value: string; text: string }> {
  return [...host.querySelectorAll('.bk-chip')].map((c) => ({
    value: c.getAttribute('data-value') ?? '',
    text: c.getAttribute('data-text') ?? '',
  }));
}

function selectedOptions(select: HTMLSelectElement): Array<{ value: string; text: string }> {
  return [...select.options]
    .filter((o) => o.selected && o.value !== '')
    .map((o) => ({ value: o.value, text: (o.textContent ?? '').replace(/^[@#]/, '') }));
}

/** The element's current value as Slack reports it in view.state.values (null when empty). */
function stateValue(host: HTMLElement, json: El): StateValue | undefined {
  const type = json.type;
  const input = host as HTMLInputElement;
  const select = host as HTMLSelectElement;
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { type, value: input.value === '' ? null : input.value };
    case 'rich_text_input':
      return {
        type,
        rich_text_value: {
          type: 'rich_text',
          elements: [{ type: 'rich_text_section', elements: input.value ? [{ type: 'text', text: input.value }] : [] }],
        },
      };
    case 'static_select': {
      const sel = selectedOptions(select)[0];
      return { type, selected_option: sel ? option(sel.value, sel.text) : null };
    }
    case 'multi_static_select':
      return { type, selected_options: selectedOptions(select).map((o) => option(o.value, o.text)) };
    case 'external_select': {
      const sel = chips(host)[0];
      return { type, selected_option: sel ? option(sel.value, sel.text) : null };
    }
    case 'multi_external_select':
      return { type, selected_options: chips(host).map((o) => option(o.value, o.text)) };
    case 'users_select':
      return { type, selected_user: select.value || null };
    case 'multi_users_select':
      return { type, selected_users: selectedOptions(select).map((o) => o.value) };
    case 'conversations_select':
      return { type, selected_conversation: select.value || null };
    case 'multi_conversations_select':
      return { type, selected_conversations: selectedOptions(select).map((o) => o.value) };
    case 'channels_select':
      return { type, selected_channel: select.value || null };
    case 'multi_channels_select':
      return { type, selected_channels: selectedOptions(select).map((o) => o.value) };
    case 'datepicker':
      return { type, selected_date: input.value || null };
    case 'timepicker':
      return { type, selected_time: input.value || null };
    case 'datetimepicker':
      return { type, selected_date_time: input.value ? Math.floor(new Date(`${input.value}Z`).getTime() / 1000) : null };
    case 'checkboxes':
    case 'radio_buttons': {
      const picked = [...host.querySelectorAll<HTMLInputElement>('input')]
        .filter((i) => i.checked)
        .map((i) => {
          const o = (json.options ?? []).find((x) => x.value === i.value);
          return option(i.value, o?.text ? o.text.text : i.value);
        });
      return type === 'checkboxes' ? { type, selected_options: picked } : { type, selected_option: picked[0] ?? null };
    }
    default:
      return undefined;
  }
}

/** view.state.values of a rendered view: every stateful element, by block_id and action_id. */
function readState(container: Element | null): Values {
  const values: Values = {};
  const surface = container ? state.surfaces[container.getAttribute('data-surface') ?? ''] : undefined;
  if (!container || !surface) return values;
  for (const host of container.querySelectorAll<HTMLElement>('[data-el]')) {
    const json = surface.elements[Number(host.getAttribute('data-el'))];
    const value = stateValue(host, json);
    if (value === undefined || !json.action_id) continue;
    const blockId = host.getAttribute('data-block-id') ?? '';
    values[blockId] = values[blockId] ?? {};
    values[blockId][json.action_id] = value;
  }
  return values;
}

/** Puts back what was typed (by block_id/action_id) after a view was re-rendered: Slack keeps it too. */
function restoreState(container: Element, values: Values): void {
  for (const host of container.querySelectorAll<HTMLElement>('[data-el]')) {
    const v = values[host.getAttribute('data-block-id') ?? '']?.[host.getAttribute('data-action-id') ?? ''];
    if (!v || v.type !== host.getAttribute('data-type')) continue;
    const input = host as HTMLInputElement;
    if (typeof v.value === 'string') input.value = v.value;
    if (v.selected_date) input.value = v.selected_date;
    if (v.selected_time) input.value = v.selected_time;
    const single = v.selected_user || v.selected_conversation || v.selected_channel;
    if (single) input.value = single;
    const opts = v.selected_options ?? (v.selected_option ? [v.selected_option] : []);
    if (host.classList.contains('bk-typeahead')) {
      const chosen = host.querySelector('.bk-chosen');
      if (chosen) chosen.innerHTML = '';
      for (const o of opts) addChip(host, o.value, o.text.text);
    } else if (host instanceof HTMLSelectElement && (v.selected_option || v.selected_options)) {
      const want = opts.map((o) => o.value);
      for (const o of host.options) o.selected = want.includes(o.value);
    } else if (host.classList.contains('bk-choices')) {
      const wanted = opts.map((o) => o.value);
      for (const i of host.querySelectorAll<HTMLInputElement>('input')) i.checked = wanted.includes(i.value);
    }
  }
}

// ---- actions --------------------------------------------------------------------------------------------

async function sendAction(found: Found, extra: Json): Promise<void> {
  const where = found.surface.where;
  const body: Json = {
    user: state.me,
    where,
    blockId: found.host.getAttribute('data-block-id'),
    actionId: found.json.action_id || '',
    type: found.json.type,
    ...extra,
  };
  if (where.kind === 'view') body.values = readState(found.host.closest('[data-surface]'));
  try {
    const res = await api<{ ok: boolean; notice?: string }>('/api/action', body);
    if (!res.ok) notice(res.notice);
  } catch (err) {
    notice(`Could not send that: ${(err as Error).message}`);
  }
}

function confirmed(json: El): boolean {
  if (!json.confirm) return true;
  const c = json.confirm;
  return window.confirm([c.title?.text, c.text?.text].filter(Boolean).join('\n\n'));
}

function valueExtra(host: HTMLElement, json: El): Json {
  const v = stateValue(host, json);
  if (!v) return {};
  if ('selected_option' in v)
    return v.selected_option ? { selectedOption: { value: v.selected_option.value, text: v.selected_option.text.text } } : {};
  if (v.selected_options) return { selectedOptions: v.selected_options.map((o) => ({ value: o.value, text: o.text.text })) };
  if (v.selected_users) return { selectedUsers: v.selected_users };
  if (v.selected_user) return { selectedUser: v.selected_user };
  if (v.selected_conversation) return { selectedConversation: v.selected_conversation };
  if (v.selected_channel) return { selectedChannel: v.selected_channel };
  if (v.selected_date) return { selectedDate: v.selected_date };
  if (v.selected_time) return { selectedTime: v.selected_time };
  if (v.value) return { value: v.value };
  return {};
}

function hideAll(selector: string): void {
  for (const m of document.querySelectorAll<HTMLElement>(selector)) m.hidden = true;
}

document.addEventListener('click', (e) => {
  const target = e.target;
  if (!(target instanceof Element)) return;
  if (!target.closest('.bk-overflow')) hideAll('.bk-overflow-menu');
  if (!target.closest('.bk-typeahead')) hideAll('.bk-suggestions');

  const zoom = target.closest('[data-zoom]');
  if (zoom) {
    e.preventDefault();
    showImage(zoom.getAttribute('data-zoom') ?? '', zoom.querySelector('img')?.alt ?? '');
    return;
  }
  const chipRemove = target.closest('.bk-chip-remove');
  if (chipRemove) {
    const ta = elementOf(chipRemove);
    chipRemove.closest('.bk-chip')?.remove();
    if (ta && dispatches(ta.host)) void sendAction(ta, valueExtra(ta.host, ta.json));
    return;
  }
  const suggestion = target.closest('.bk-suggestion');
  if (suggestion) {
    const found = elementOf(suggestion);
    if (!found) return;
    const chosen = found.host.querySelector('.bk-chosen');
    if (found.json.type !== 'multi_external_select' && chosen) chosen.innerHTML = '';
    addChip(found.host, suggestion.getAttribute('data-value') ?? '', suggestion.getAttribute('data-text') ?? '');
    const input = found.host.querySelector<HTMLInputElement>('.bk-typeahead-input');
    if (input) input.value = '';
    hideAll('.bk-suggestions');
    if (dispatches(found.host)) void sendAction(found, valueExtra(found.host, found.json));
    return;
  }
  const toggle = target.closest('.bk-overflow-toggle');
  if (toggle) {
    const menu = toggle.parentElement?.querySelector<HTMLElement>('.bk-overflow-menu');
    if (menu) menu.hidden = !menu.hidden;
    return;
  }
  const item = target.closest('.bk-overflow-item');
  if (item) {
    const ov = elementOf(item);
    const opt = ov?.json.options?.[Number(item.getAttribute('data-option'))];
    hideAll('.bk-overflow-menu');
    if (!ov || !opt) return;
    if (opt.url) window.open(opt.url, '_blank', 'noopener');
    void sendAction(ov, { selectedOption: { value: opt.value, text: opt.text.text } });
    return;
  }
  const button = target.closest('.bk-button');
  if (button) {
    const b = elementOf(button);
    if (!b || !confirmed(b.json)) return;
    if (b.json.url) window.open(b.json.url, '_blank', 'noopener');
    void sendAction(b, b.json.value !== undefined ? { value: b.json.value } : {});
  }
});

document.addEventListener('change', (e) => {
  const target = e.target;
  if (!(target instanceof Element) || target.classList.contains('bk-typeahead-input')) return;
  const found = elementOf(target);
  if (!found || !dispatches(found.host)) return;
  if (/text_input$|^number_input$/.test(found.json.type)) return;
  if (!confirmed(found.json)) return;
  void sendAction(found, valueExtra(found.host, found.json));
});

document.addEventListener('keydown', (e) => {
  const target = e.target;
  if (e.key === 'Escape') $('image-viewer').hidden = true;
  if (e.key !== 'Enter' || !(target instanceof Element) || !target.matches('input.bk-input')) return;
  const found = elementOf(target);
  if (!found || !dispatches(found.host)) return;
  e.preventDefault();
  void sendAction(found, valueExtra(found.host, found.json));
});

// ---- external selects: type-ahead through real options loads ----------------------------------------

let typing: ReturnType<typeof setTimeout> | undefined;
document.addEventListener('input', (e) => {
  const target = e.target;
  if (!(target instanceof HTMLInputElement) || !target.classList.contains('bk-typeahead-input')) return;
  const found = elementOf(target);
  if (!found) return;
  clearTimeout(typing);
  typing = setTimeout(() => void loadOptions(found, target.value), 200);
});

async function loadOptions(found: Found, value: string): Promise<void> {
  const list = found.host.querySelector<HTMLElement>('.bk-suggestions');
  if (!list) return;
  const min = typeof found.json.min_query_length === 'number' ? found.json.min_query_length : 3;
  if (value.length < min) {
    list.innerHTML = `<li class="none">Type ${min} or more characters…</li>`;
    list.hidden = false;
    return;
  }
  try {
    const res = await api<{ options: Array<{ value: string; text: string }> }>('/api/options', {
      user: state.me,
      where: found.surface.where,
      blockId: found.host.getAttribute('data-block-id'),
      actionId: found.json.action_id,
      value,
    });
    list.innerHTML =
      res.options.length === 0
        ? '<li class="none">No matches</li>'
        : res.options
            .map(
              (o) =>
                `<li><button type="button" class="bk-suggestion" data-value="${BK.escapeHtml(o.value)}" data-text="${BK.escapeHtml(o.text)}">${BK.escapeHtml(o.text)}</button></li>`,
            )
            .join('');
    list.hidden = false;
  } catch (err) {
    notice(`Could not load options: ${(err as Error).message}`);
  }
}

function addChip(host: Element, value: string, text: string): void {
  const span = document.createElement('span');
  span.className = 'bk-chip';
  span.setAttribute('data-value', value);
  span.setAttribute('data-text', text);
  span.innerHTML = `${BK.escapeHtml(text)} <button type="button" class="bk-chip-remove" aria-label="Remove">×</button>`;
  host.querySelector('.bk-chosen')?.appendChild(span);
}

// ---- conversations, files, Home, modal -----------------------------------------------------------------

function simulatedNow(): number {
  return state.clock?.now ?? Date.now();
}

function timeOf(ts: string): string {
  return BK.formatSlackTime(Number(ts) * 1000, { timeZone: info().timeZone });
}

function fullDate(ms: number, timeZone: string): string {
  return `${BK.formatSlackDate(ms / 1000, '{date_long} at {time}', { timeZone, now: simulatedNow() }) ?? ''}`;
}

function sizeOf(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Files as Slack shows them: images inline (click for a larger view), anything else a card with a download. */
function fileHtml(f: ShownFile): string {
  const title = BK.escapeHtml(f.title || f.name);
  if (f.mimetype.startsWith('image/')) {
    return `<figure class="file-image" data-file="${BK.escapeHtml(f.id)}"><figcaption>${title}</figcaption><a href="${BK.escapeHtml(f.url)}" data-zoom="${BK.escapeHtml(f.url)}"><img src="${BK.escapeHtml(f.url)}" alt="${title}"></a></figure>`;
  }
  const kind = BK.escapeHtml((/\.([a-z0-9]+)$/i.exec(f.name)?.[1] ?? 'file').toUpperCase());
  return (
    `<div class="file-card" data-file="${BK.escapeHtml(f.id)}"><div class="file-kind">${kind}</div>` +
    `<div class="file-text"><div class="file-title">${title}</div><div class="file-meta">${BK.escapeHtml(f.name)} · ${sizeOf(f.size)}</div></div>` +
    `<a class="file-download" href="${BK.escapeHtml(f.url)}?download=1" download="${BK.escapeHtml(f.name)}">Download</a></div>`
  );
}

function showImage(src: string, alt: string): void {
  const img = $<HTMLImageElement>('image-viewer-img');
  img.src = src;
  img.alt = alt;
  $('image-viewer-caption').textContent = alt;
  $('image-viewer').hidden = false;
}
$('image-viewer').addEventListener('click', () => {
  $('image-viewer').hidden = true;
});

function messageHtml(m: ShownMessage, index: number): string {
  const name = m.isApp ? info().appName : info().directory.users[m.user] || m.user;
  const ms = Number(m.ts) * 1000;
  return (
    `<div class="message${m.ephemeral ? ' ephemeral' : ''}" data-index="${index}" data-ts="${m.ts}">` +
    `<div class="avatar${m.isApp ? ' app' : ''}">${BK.escapeHtml(name.charAt(0).toUpperCase())}</div>` +
    '<div class="message-body">' +
    (m.ephemeral ? '<div class="ephemeral-note">👁 Only visible to you</div>' : '') +
    `<div class="message-meta"><b>${BK.escapeHtml(name)}</b>${m.isApp ? '<span class="badge">APP</span>' : ''}` +
    `<time class="message-time" datetime="${new Date(ms).toISOString()}" title="${BK.escapeHtml(fullDate(ms, info().timeZone))}">${timeOf(m.ts)}</time>` +
    `${m.edited ? ' <span class="edited">(edited)</span>' : ''}</div>` +
    '<div class="message-content"></div>' +
    (m.files ?? []).map(fileHtml).join('') +
    (m.replies.length ? '<div class="thread"></div>' : '') +
    '</div></div>'
  );
}

function fillMessage(node: Element, m: ShownMessage, channel: string): void {
  const content = node.querySelector<HTMLElement>('.message-content');
  if (!content) return;
  const where: Where = { kind: m.ephemeral ? 'ephemeral' : 'message', channel, ts: m.ts };
  if (m.blocks?.length) {
    const result = renderSurface(content, m.blocks, where, 'message');
    if (m.attachments) content.insertAdjacentHTML('beforeend', BK.renderAttachments(m.attachments, directory(), result));
  } else {
    content.innerHTML =
      BK.mrkdwn(m.text, directory()) + (m.attachments ? BK.renderAttachments(m.attachments, directory(), { html: '', elements: [] }) : '');
  }
  const thread = node.querySelector('.thread');
  if (thread) {
    thread.innerHTML = m.replies.map(messageHtml).join('');
    [...thread.children].forEach((child, i) => {
      fillMessage(child, m.replies[i], channel);
    });
  }
}

function renderMessages(messages: ShownMessage[], channel: string): void {
  const box = $('messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  if (messages.length === 0) {
    box.innerHTML = '<div class="empty">Nothing here yet. Type <code>/iec help</code> below to start.</div>';
    return;
  }
  // a divider where the day changes (in the viewer's zone), as Slack has
  const zone = { timeZone: info().timeZone, now: simulatedNow() };
  let day = '';
  box.innerHTML = messages
    .map((m, i) => {
      const seconds = Number(m.ts);
      const today = BK.formatSlackDate(seconds, '{date_num}', zone) ?? '';
      const divider =
        today === day
          ? ''
          : `<div class="day-divider"><span>${BK.escapeHtml(BK.formatSlackDate(seconds, '{date_long_pretty}', zone) ?? '')}</span></div>`;
      day = today;
      return divider + messageHtml(m, i);
    })
    .join('');
  for (const node of box.querySelectorAll(':scope > .message'))
    fillMessage(node, messages[Number(node.getAttribute('data-index'))], channel);
  if (atBottom || !state.scrolled) box.scrollTop = box.scrollHeight;
  state.scrolled = true;
}

function renderHome(view: View | null): void {
  const box = $('home');
  if (!view) {
    box.innerHTML = `<div class="empty">${BK.escapeHtml(info().appName)} has not published a Home tab for you.</div>`;
    return;
  }
  box.innerHTML = '<div class="home-surface"></div>';
  renderSurface(box.firstChild as HTMLElement, view.blocks, { kind: 'view', viewId: view.id }, 'home');
}

function renderModal(modal: Modal | null): void {
  const backdrop = $('modal-backdrop');
  if (!modal) {
    backdrop.hidden = true;
    state.modalKey = '';
    return;
  }
  const view = modal.view;
  const key = `${view.id}:${view.hash}`;
  const body = $('modal-body');
  if (key !== state.modalKey) {
    const typed = state.modalKey.split(':')[0] === view.id ? readState(body) : {};
    $('modal-title').innerHTML = view.title ? BK.textObject({ type: 'plain_text', emoji: true, ...view.title }, directory()) : '';
    renderSurface(body, view.blocks, { kind: 'view', viewId: view.id }, 'modal');
    restoreState(body, typed);
    $('modal-close').textContent = view.close ? BK.decodeEntities(view.close.text) : 'Cancel';
    $('modal-submit').hidden = !view.submit;
    if (view.submit) $('modal-submit').textContent = BK.decodeEntities(view.submit.text);
    state.modalKey = key;
  }
  for (const slot of body.querySelectorAll<HTMLElement>('[data-error-for]')) {
    const message = modal.errors[slot.getAttribute('data-error-for') ?? ''];
    slot.textContent = message || '';
    slot.hidden = !message;
    slot.parentElement?.classList.toggle('has-error', Boolean(message));
  }
  $('modal-problem').textContent = modal.problem || '';
  $('modal-problem').hidden = !modal.problem;
  backdrop.hidden = false;
}

function currentModalViewId(): string {
  return state.modalKey.split(':')[0];
}

$('modal-submit').addEventListener('click', async () => {
  const button = $<HTMLButtonElement>('modal-submit');
  button.disabled = true;
  try {
    const res = await api<{ modal: Modal | null }>('/api/submit', {
      user: state.me,
      viewId: currentModalViewId(),
      values: readState($('modal-body')),
    });
    renderModal(res.modal);
  } catch (err) {
    notice(`Could not submit: ${(err as Error).message}`);
  }
  button.disabled = false;
});
$('modal-close').addEventListener('click', () => void closeModal(false));
$('modal-x').addEventListener('click', () => void closeModal(true));

async function closeModal(all: boolean): Promise<void> {
  await api('/api/close', { user: state.me, viewId: currentModalViewId(), all });
  await refresh();
}

// ---- navigation --------------------------------------------------------------------------------------------

function channelName(id: string): string {
  return info().channels.find((x) => x.id === id)?.name ?? id;
}

function isApp(id: string): boolean {
  return info().channels.some((c) => c.id === id && c.kind === 'app');
}

function appChannel(): string {
  return info().channels.find((c) => c.kind === 'app')?.id ?? '';
}

function renderSidebar(): void {
  const item = (c: ChannelInfo) => {
    const active = c.id === state.current;
    const unread = active ? 0 : (state.unread[c.id] ?? 0);
    const label = c.kind === 'app' ? `● ${c.name}` : `# ${c.name}`;
    const badge = unread > 0 ? `<span class="unread-count" aria-label="${unread} unread">${unread}</span>` : '';
    return `<li><button type="button" class="channel${active ? ' active' : ''}${unread > 0 ? ' unread' : ''}" data-channel="${c.id}">${BK.escapeHtml(label)}${badge}</button></li>`;
  };
  $('channel-list').innerHTML = info()
    .channels.filter((c) => c.kind === 'channel')
    .map(item)
    .join('');
  $('app-list').innerHTML = info()
    .channels.filter((c) => c.kind === 'app')
    .map(item)
    .join('');
  $('people-list').innerHTML = info()
    .personas.map((p) => `<li title="${BK.escapeHtml(p.description)}">@${BK.escapeHtml(p.handle)}${p.id === state.me ? ' (you)' : ''}</li>`)
    .join('');
}

function showCurrent(): void {
  const app = isApp(state.current);
  const home = app && state.tab === 'home';
  $('conversation-title').textContent = app ? info().appName : `#${channelName(state.current)}`;
  $('app-tabs').hidden = !app;
  $('tab-home').classList.toggle('active', home);
  $('tab-messages').classList.toggle('active', app && !home);
  $('messages').hidden = home;
  $('home').hidden = !home;
  $('composer').hidden = home;
  $<HTMLInputElement>('message-input').placeholder = app
    ? `Message ${info().appName} — try /iec help or /commit`
    : `Message #${channelName(state.current)} — try /iec help or /commit`;
  renderSidebar();
}

document.addEventListener('click', (e) => {
  const t = e.target instanceof Element ? e.target.closest('[data-channel]') : null;
  if (!t) return;
  state.current = t.getAttribute('data-channel') ?? '';
  state.tab = 'messages';
  state.scrolled = false;
  localStorage.setItem('sandbox.channel', state.current);
  notice('');
  showCurrent();
  void refresh();
});

$('tab-home').addEventListener('click', () => void openHome());
$('tab-messages').addEventListener('click', () => {
  state.tab = 'messages';
  showCurrent();
  void refresh();
});

async function openHome(): Promise<void> {
  state.current = appChannel();
  state.tab = 'home';
  showCurrent();
  await api('/api/home', { user: state.me });
  await refresh();
}

$('persona').addEventListener('change', async (e) => {
  const wasApp = isApp(state.current);
  state.me = (e.target as HTMLSelectElement).value;
  localStorage.setItem('sandbox.me', state.me);
  state.modalKey = '';
  await loadInfo();
  if (wasApp) state.current = appChannel();
  state.scrolled = false;
  showCurrent();
  if (wasApp && state.tab === 'home') await openHome();
  else await refresh();
});

$('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = $<HTMLInputElement>('message-input');
  const text = input.value.trim();
  if (!text) return;
  notice('');
  try {
    const res = await api<{ ok: boolean; notice?: string }>('/api/message', { user: state.me, channel: state.current, text });
    if (res.ok) input.value = '';
    else notice(res.notice);
  } catch (err) {
    notice((err as Error).message);
  }
});

// ---- clock -------------------------------------------------------------------------------------------------

$('clock-toggle').addEventListener('click', () => {
  const panel = $('clock-panel');
  panel.hidden = !panel.hidden;
  $('clock-toggle').setAttribute('aria-expanded', String(!panel.hidden));
});

/** The simulated time, ticking between server reads (the rate says how fast). */
let clockRead = { at: Date.now(), info: undefined as ClockInfo | undefined };
function setClock(c: ClockInfo): void {
  state.clock = c;
  clockRead = { at: Date.now(), info: c };
  showClock();
}

function showClock(): void {
  const c = clockRead.info;
  if (!c) return;
  const now = c.now + (Date.now() - clockRead.at) * c.rate;
  const zone = info().sandboxTimeZone;
  const mine = info().timeZone;
  const text = `${BK.formatSlackDate(now / 1000, '{date_short} {time}', { timeZone: zone }) ?? ''}`;
  $('clock-now').textContent = text;
  $('clock-toggle').textContent = `🕒 ${text}${c.rate > 1 ? ` ×${c.rate}` : ''}`;
  $('clock-zone').textContent =
    mine === zone ? `(${zone})` : `(${zone}; for you, in ${mine}: ${BK.formatSlackDate(now / 1000, '{time}', { timeZone: mine }) ?? ''})`;
  $('clock-rate').textContent = c.rate === 1 ? 'running at the normal rate' : `running ${c.rate}× faster`;
  $('clock-last').textContent = c.lastTick
    ? `Last scheduler run as of ${c.lastTick.at}: ${c.lastTick.text}`
    : 'The scheduler has not run yet.';
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-rate]'))
    b.classList.toggle('active', Number(b.dataset.rate) === c.rate);
}
setInterval(showClock, 1000);

async function clockAction(body: Json): Promise<void> {
  const result = $('clock-result');
  result.textContent = 'Working…';
  result.removeAttribute('data-done');
  try {
    const res = await api<ClockInfo & { tick?: { at: string; text: string; errors: string[] } }>('/api/clock', body);
    setClock(res);
    result.textContent = res.tick
      ? `Scheduler as of ${res.tick.at}: ${res.tick.text}${res.tick.errors.length ? `\n${res.tick.errors.join('\n')}` : ''}`
      : 'Done.';
    result.setAttribute('data-done', 'true');
  } catch (err) {
    result.textContent = `Refused: ${(err as Error).message}`;
    result.setAttribute('data-done', 'error');
  }
}

$('clock-jump').addEventListener('click', () => void clockAction({ action: 'jump', at: $<HTMLInputElement>('clock-at').value.trim() }));
$('clock-tick').addEventListener('click', () => void clockAction({ action: 'tick' }));
$('clock-rates').addEventListener('click', (e) => {
  const b = e.target instanceof Element ? e.target.closest<HTMLElement>('[data-rate]') : null;
  if (b) void clockAction({ action: 'rate', rate: Number(b.dataset.rate) });
});

function renderClockSuggestions(): void {
  $('clock-suggestions').innerHTML = info()
    .clockSuggestions.map((s) => `<button type="button" data-at="${BK.escapeHtml(s.at)}">${BK.escapeHtml(s.label)}</button>`)
    .join('');
  const at = $<HTMLInputElement>('clock-at');
  if (!at.value && info().clockSuggestions[0]) at.value = info().clockSuggestions[0].at;
}
$('clock-suggestions').addEventListener('click', (e) => {
  const b = e.target instanceof Element ? e.target.closest('[data-at]') : null;
  if (b) $<HTMLInputElement>('clock-at').value = b.getAttribute('data-at') ?? '';
});

// ---- refresh -----------------------------------------------------------------------------------------------

async function loadInfo(): Promise<void> {
  const loaded = await api<Info>(`/api/state?${q({ user: state.me || '' })}`);
  state.info = loaded;
  state.me = loaded.me;
  $('workspace-name').textContent = loaded.workspace;
  $('persona').innerHTML = loaded.personas
    .map(
      (p) =>
        `<option value="${p.id}"${p.id === loaded.me ? ' selected' : ''}>${BK.escapeHtml(p.name)} — ${BK.escapeHtml(p.description)}</option>`,
    )
    .join('');
  $('persona-role').textContent = `times in ${loaded.timeZone}`;
  if (!loaded.channels.some((c) => c.id === state.current)) state.current = loaded.channels[0].id;
  renderClockSuggestions();
}

/** Re-reads what the current person sees. Serialised: a change during a refresh triggers one more. */
async function refresh(): Promise<void> {
  if (state.refreshing) {
    state.again = true;
    return;
  }
  state.refreshing = true;
  const me = state.me;
  const home = isApp(state.current) && state.tab === 'home';
  try {
    // the conversation first: opening it marks it read, which the sidebar then shows
    const main = home
      ? api<{ view: View | null }>(`/api/home?${q({ user: me })}`).then((r) => renderHome(r.view))
      : api<{ messages: ShownMessage[] }>(`/api/channel?${q({ user: me, channel: state.current })}`).then((r) => {
          renderMessages(r.messages, state.current);
        });
    const modal = api<{ modal: Modal | null }>(`/api/modal?${q({ user: me })}`).then((r) => renderModal(r.modal));
    await Promise.all([main, modal]);
    const side = await api<{ unread: Record<string, number>; clock: ClockInfo }>(`/api/sidebar?${q({ user: me })}`);
    state.unread = side.unread;
    setClock(side.clock);
    renderSidebar();
  } catch (err) {
    notice(`Could not refresh: ${(err as Error).message}`);
  }
  state.refreshing = false;
  document.body.setAttribute('data-ready', 'true');
  if (state.again) {
    state.again = false;
    await refresh();
  }
}

void (async () => {
  await loadInfo();
  const side = await api<{ unread: Record<string, number>; clock: ClockInfo }>(`/api/sidebar?${q({ user: state.me })}`);
  setClock(side.clock);
  showCurrent();
  await refresh();
  const events = new EventSource('/api/events');
  events.addEventListener('change', () => void refresh());
})();
