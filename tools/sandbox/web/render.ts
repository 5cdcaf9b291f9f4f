/**
 * Block Kit → HTML for the sandbox page, as pure functions of (blocks, directory). No imports and no DOM: the
 * server transpiles this file for the browser, and tests call it in Node.
 *
 * Interactive elements get `data-el="<index>"` into `RenderResult.elements` (the element's JSON, for the client
 * to read options, confirm dialogs and to build Slack's action payloads) plus `data-block-id` / `data-action-id`.
 * Anything this renderer does not know becomes a visible placeholder naming its type, never a blank.
 */

export interface Directory {
  /** Slack user id → display name. */
  users: Record<string, string>;
  /** Channel id → name (without #). */
  channels: Record<string, string>;
}

export interface RenderResult {
  html: string;
  /** The interactive elements, by their `data-el` index. */
  elements: Array<Record<string, unknown>>;
}

type Obj = Record<string, unknown>;

interface Ctx {
  dir: Directory;
  elements: Obj[];
  /** The block the element sits in. */
  blockId: string;
  surface: 'message' | 'modal' | 'home';
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The visible stand-in for anything the page cannot show. */
export function placeholder(type: string, what = 'Block Kit element'): string {
  const name = type || '(no type)';
  return `<div class="bk-unsupported" data-unsupported="${escapeHtml(name)}">Unsupported ${what}: <code>${escapeHtml(name)}</code></div>`;
}

// ---- text ----------------------------------------------------------------------------------------------

const EMOJI: Record<string, string> = {
  warning: '⚠️',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  lock: '🔒',
  calendar: '📅',
  date: '📅',
  spiral_calendar_pad: '🗓️',
  memo: '📝',
  bell: '🔔',
  tada: '🎉',
  wave: '👋',
  incoming_envelope: '📨',
  envelope: '✉️',
  chart_with_upwards_trend: '📈',
  bar_chart: '📊',
  handshake: '🤝',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  information_source: 'ℹ️',
  mag: '🔍',
  pushpin: '📌',
  clipboard: '📋',
  school: '🏫',
  office: '🏢',
  busts_in_silhouette: '👥',
  bust_in_silhouette: '👤',
  point_right: '👉',
  sparkles: '✨',
  thinking_face: '🤔',
  no_entry: '⛔',
  rotating_light: '🚨',
  arrow_right: '➡️',
  star: '⭐',
  trophy: '🏆',
  clock1: '🕐',
  alarm_clock: '⏰',
  question: '❓',
  exclamation: '❗',
  speech_balloon: '💬',
  link: '🔗',
  books: '📚',
  mortar_board: '🎓',
  construction: '🚧',
  gear: '⚙️',
  seedling: '🌱',
};

function emoji(name: string): string {
  return EMOJI[name] ?? `:${name}:`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Slack's `<!date^…^{token}…|fallback>` tokens, in UTC (the sandbox does not know the viewer's zone). */
export function formatSlackDate(seconds: number, format: string): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  const hours = d.getUTCHours();
  const time = `${hours % 12 === 0 ? 12 : hours % 12}:${pad(d.getUTCMinutes())} ${hours < 12 ? 'AM' : 'PM'}`;
  const short = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
  const long = `${WEEKDAYS[d.getUTCDay()]}, ${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
  const tokens: Record<string, string> = {
    date_num: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    date: long.replace(/^\w+, /, ''),
    date_short: short,
    date_long: long,
    date_pretty: long.replace(/^\w+, /, ''),
    date_short_pretty: short,
    date_long_pretty: long,
    time,
    time_secs: `${time.replace(/ (AM|PM)$/, '')}:${pad(d.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`,
    ago: d.toISOString().slice(0, 16).replace('T', ' '),
  };
  return format.replace(/\{(\w+)\}/g, (m, t: string) => tokens[t] ?? m);
}

/** One `<…>` token of mrkdwn: links, mentions, dates, special mentions. */
function angle(inner: string, dir: Directory): string {
  const [target, label] = splitOnce(inner, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `<span class="bk-mention">@${escapeHtml(label || dir.users[id] || id)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `<span class="bk-mention">#${escapeHtml(label || dir.channels[id] || id)}</span>`;
  }
  if (target.startsWith('!date^')) {
    const [, ts, format] = target.split('^');
    const text = formatSlackDate(Number(ts), format ?? '{date_short}') || label;
    return `<time class="bk-date">${escapeHtml(text)}</time>`;
  }
  if (target.startsWith('!subteam^')) return `<span class="bk-mention">@${escapeHtml(label || target.slice(9))}</span>`;
  if (target.startsWith('!')) return `<span class="bk-mention">@${escapeHtml(label || target.slice(1))}</span>`;
  if (/^(https?:|mailto:)/.test(target)) {
    return `<a href="${escapeHtml(target)}" target="_blank" rel="noopener">${escapeHtml(label || target)}</a>`;
  }
  return escapeHtml(`<${inner}>`);
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

/** Slack mrkdwn → HTML (bold, italic, strike, code, code blocks, quotes, links, mentions, dates, emoji). */
export function mrkdwn(text: string, dir: Directory): string {
  const blocks = text.split('```');
  return blocks
    .map((part, i) => {
      if (i % 2 === 1) return `<pre class="bk-pre">${escapeHtml(part.replace(/^\n/, ''))}</pre>`;
      return part
        .split('\n')
        .map((line) => {
          const quote = /^(&gt;|>)\s?/.exec(line);
          const body = inline(quote ? line.slice(quote[0].length) : line, dir);
          return quote ? `<blockquote class="bk-quote">${body}</blockquote>` : body;
        })
        .join('<br>');
    })
    .join('');
}

function inline(line: string, dir: Directory): string {
  const out: string[] = [];
  // angle-bracket tokens and `code` spans are taken out first, the rest escaped and styled
  const re = /<([^<>]+)>|`([^`]+)`/g;
  let last = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    out.push(style(escapeHtml(line.slice(last, m.index))));
    out.push(m[1] !== undefined ? angle(m[1], dir) : `<code>${escapeHtml(m[2])}</code>`);
    last = m.index + m[0].length;
  }
  out.push(style(escapeHtml(line.slice(last))));
  return out.join('');
}

function style(escaped: string): string {
  return escaped
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?])/g, '$1<s>$2</s>')
    .replace(/:([a-z0-9_+-]+):/g, (_m, name: string) => emoji(name));
}

/** A text object (plain_text or mrkdwn). */
export function textObject(t: unknown, dir: Directory): string {
  if (!isObj(t)) return '';
  const text = str(t.text);
  if (t.type === 'mrkdwn') return mrkdwn(text, dir);
  return escapeHtml(text)
    .replace(/:([a-z0-9_+-]+):/g, (_m, name: string) => (t.emoji === false ? `:${name}:` : emoji(name)))
    .replace(/\n/g, '<br>');
}

function plain(t: unknown): string {
  return isObj(t) ? str(t.text) : '';
}

// ---- elements ------------------------------------------------------------------------------------------

function register(el: Obj, ctx: Ctx): string {
  ctx.elements.push(el);
  return `data-el="${ctx.elements.length - 1}" data-type="${escapeHtml(str(el.type))}" data-block-id="${escapeHtml(ctx.blockId)}" data-action-id="${escapeHtml(str(el.action_id))}"`;
}

function optionTags(el: Obj, selected: Set<string>): string {
  const option = (o: Obj) =>
    `<option value="${escapeHtml(str(o.value))}"${selected.has(str(o.value)) ? ' selected' : ''}>${escapeHtml(plain(o.text))}</option>`;
  const groups = list(el.option_groups);
  if (groups.length > 0) {
    return groups.map((g) => `<optgroup label="${escapeHtml(plain(g.label))}">${list(g.options).map(option).join('')}</optgroup>`).join('');
  }
  return list(el.options).map(option).join('');
}

function selectedValues(el: Obj): Set<string> {
  const one = isObj(el.initial_option) ? [str(el.initial_option.value)] : [];
  const many = list(el.initial_options).map((o) => str(o.value));
  return new Set([...one, ...many]);
}

function placeholderText(el: Obj, fallback: string): string {
  return escapeHtml(plain(el.placeholder) || fallback);
}

function directorySelect(el: Obj, ctx: Ctx, entries: Record<string, string>, prefix: string, multi: boolean, initial: string[]): string {
  const chosen = new Set(initial);
  const options = Object.entries(entries)
    .sort((a, b) => a[1].localeCompare(b[1]))
    .map(([id, name]) => `<option value="${escapeHtml(id)}"${chosen.has(id) ? ' selected' : ''}>${prefix}${escapeHtml(name)}</option>`)
    .join('');
  const empty = multi ? '' : `<option value="">${placeholderText(el, 'Select…')}</option>`;
  return `<select class="bk-select" ${register(el, ctx)}${multi ? ' multiple' : ''}>${empty}${options}</select>`;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

/** One element (accessory, actions / input / context element). */
export function renderElement(el: unknown, ctx: Ctx): string {
  if (!isObj(el)) return placeholder('(not an object)');
  const type = str(el.type);
  switch (type) {
    case 'plain_text':
    case 'mrkdwn':
      return `<span class="bk-text">${textObject(el, ctx.dir)}</span>`;
    case 'image':
      return imageBox(el, 'bk-image-inline');
    case 'button': {
      const cls = el.style === 'primary' ? ' bk-primary' : el.style === 'danger' ? ' bk-danger' : '';
      return `<button type="button" class="bk-button${cls}" ${register(el, ctx)}>${textObject(el.text, ctx.dir)}</button>`;
    }
    case 'icon_button':
      return `<button type="button" class="bk-button" ${register(el, ctx)}>${escapeHtml(str(el.icon))} ${textObject(el.text, ctx.dir)}</button>`;
    case 'overflow': {
      const items = list(el.options)
        .map((o, i) => `<li><button type="button" class="bk-overflow-item" data-option="${i}">${textObject(o.text, ctx.dir)}</button></li>`)
        .join('');
      return `<span class="bk-overflow" ${register(el, ctx)}><button type="button" class="bk-button bk-overflow-toggle" aria-label="More actions">⋯</button><ul class="bk-overflow-menu" hidden>${items}</ul></span>`;
    }
    case 'static_select':
      return `<select class="bk-select" ${register(el, ctx)}><option value="">${placeholderText(el, 'Select an option')}</option>${optionTags(el, selectedValues(el))}</select>`;
    case 'multi_static_select':
      return `<select class="bk-select" multiple ${register(el, ctx)}>${optionTags(el, selectedValues(el))}</select>`;
    case 'external_select':
    case 'multi_external_select': {
      const initial = [...(isObj(el.initial_option) ? [el.initial_option] : []), ...list(el.initial_options)];
      const chips = initial.map((o) => chip(str(o.value), plain(o.text))).join('');
      return (
        `<div class="bk-typeahead" ${register(el, ctx)} data-multi="${type === 'multi_external_select'}">` +
        `<div class="bk-chosen">${chips}</div>` +
        `<input type="text" class="bk-typeahead-input" autocomplete="off" placeholder="${placeholderText(el, 'Type to search')}">` +
        `<ul class="bk-suggestions" hidden></ul></div>`
      );
    }
    case 'users_select':
      return directorySelect(el, ctx, ctx.dir.users, '@', false, strings(el.initial_user));
    case 'multi_users_select':
      return directorySelect(el, ctx, ctx.dir.users, '@', true, strings(el.initial_users));
    case 'conversations_select':
      return directorySelect(el, ctx, ctx.dir.channels, '#', false, strings(el.initial_conversation));
    case 'multi_conversations_select':
      return directorySelect(el, ctx, ctx.dir.channels, '#', true, strings(el.initial_conversations));
    case 'channels_select':
      return directorySelect(el, ctx, ctx.dir.channels, '#', false, strings(el.initial_channel));
    case 'multi_channels_select':
      return directorySelect(el, ctx, ctx.dir.channels, '#', true, strings(el.initial_channels));
    case 'datepicker':
      return `<input type="date" class="bk-input" ${register(el, ctx)} value="${escapeHtml(str(el.initial_date))}">`;
    case 'timepicker':
      return `<input type="time" class="bk-input" ${register(el, ctx)} value="${escapeHtml(str(el.initial_time))}">`;
    case 'datetimepicker': {
      const initial = typeof el.initial_date_time === 'number' ? new Date(el.initial_date_time * 1000).toISOString().slice(0, 16) : '';
      return `<input type="datetime-local" class="bk-input" ${register(el, ctx)} value="${initial}">`;
    }
    case 'plain_text_input': {
      const attrs = `class="bk-input" ${register(el, ctx)} placeholder="${placeholderText(el, '')}"${typeof el.max_length === 'number' ? ` maxlength="${el.max_length}"` : ''}`;
      return el.multiline === true
        ? `<textarea rows="3" ${attrs}>${escapeHtml(str(el.initial_value))}</textarea>`
        : `<input type="text" ${attrs} value="${escapeHtml(str(el.initial_value))}">`;
    }
    case 'email_text_input':
      return `<input type="email" class="bk-input" ${register(el, ctx)} placeholder="${placeholderText(el, '')}" value="${escapeHtml(str(el.initial_value))}">`;
    case 'url_text_input':
      return `<input type="url" class="bk-input" ${register(el, ctx)} placeholder="${placeholderText(el, '')}" value="${escapeHtml(str(el.initial_value))}">`;
    case 'number_input': {
      const step = el.is_decimal_allowed === true ? 'any' : '1';
      const min = str(el.min_value) ? ` min="${escapeHtml(str(el.min_value))}"` : '';
      const max = str(el.max_value) ? ` max="${escapeHtml(str(el.max_value))}"` : '';
      return `<input type="number" inputmode="decimal" step="${step}"${min}${max} class="bk-input" ${register(el, ctx)} placeholder="${placeholderText(el, '')}" value="${escapeHtml(str(el.initial_value))}">`;
    }
    case 'rich_text_input':
      return `<textarea rows="3" class="bk-input" ${register(el, ctx)} placeholder="${placeholderText(el, '')}"></textarea>`;
    case 'checkboxes':
    case 'radio_buttons': {
      const chosen = selectedValues(el);
      const kind = type === 'checkboxes' ? 'checkbox' : 'radio';
      const name = `${ctx.blockId}:${str(el.action_id)}:${ctx.elements.length}`;
      const attrs = register(el, ctx);
      const items = list(el.options)
        .map(
          (o) =>
            `<label class="bk-choice"><input type="${kind}" name="${escapeHtml(name)}" value="${escapeHtml(str(o.value))}"${chosen.has(str(o.value)) ? ' checked' : ''}> ` +
            `<span>${textObject(o.text, ctx.dir)}</span>${isObj(o.description) ? `<small class="bk-hint">${textObject(o.description, ctx.dir)}</small>` : ''}</label>`,
        )
        .join('');
      return `<div class="bk-choices" ${attrs}>${items}</div>`;
    }
    default:
      return placeholder(type);
  }
}

function chip(value: string, text: string): string {
  return `<span class="bk-chip" data-value="${escapeHtml(value)}" data-text="${escapeHtml(text)}">${escapeHtml(text)} <button type="button" class="bk-chip-remove" aria-label="Remove">×</button></span>`;
}

function imageBox(el: Obj, cls: string): string {
  const title = isObj(el.title) ? `<div class="bk-image-title">${escapeHtml(plain(el.title))}</div>` : '';
  return `${title}<div class="${cls} bk-image" role="img" aria-label="${escapeHtml(str(el.alt_text))}" data-bk="image">🖼 ${escapeHtml(str(el.alt_text) || 'image')}</div>`;
}

// ---- rich text -------------------------------------------------------------------------------------------

function richLeaf(leaf: Obj, dir: Directory): string {
  const s = isObj(leaf.style) ? leaf.style : {};
  const wrap = (html: string) => {
    let out = html;
    if (s.code) out = `<code>${out}</code>`;
    if (s.bold) out = `<b>${out}</b>`;
    if (s.italic) out = `<i>${out}</i>`;
    if (s.strike) out = `<s>${out}</s>`;
    return out;
  };
  switch (leaf.type) {
    case 'text':
      return wrap(escapeHtml(str(leaf.text)).replace(/\n/g, '<br>'));
    case 'link':
      return wrap(
        `<a href="${escapeHtml(str(leaf.url))}" target="_blank" rel="noopener">${escapeHtml(str(leaf.text) || str(leaf.url))}</a>`,
      );
    case 'user':
      return `<span class="bk-mention">@${escapeHtml(dir.users[str(leaf.user_id)] ?? str(leaf.user_id))}</span>`;
    case 'usergroup':
      return `<span class="bk-mention">@${escapeHtml(str(leaf.usergroup_id))}</span>`;
    case 'channel':
      return `<span class="bk-mention">#${escapeHtml(dir.channels[str(leaf.channel_id)] ?? str(leaf.channel_id))}</span>`;
    case 'team':
      return `<span class="bk-mention">${escapeHtml(str(leaf.team_id))}</span>`;
    case 'broadcast':
      return `<span class="bk-mention">@${escapeHtml(str(leaf.range))}</span>`;
    case 'emoji':
      return emoji(str(leaf.name));
    case 'color':
      return `<span class="bk-color" style="border-color:${escapeHtml(str(leaf.value))}">${escapeHtml(str(leaf.value))}</span>`;
    case 'date':
      return `<time class="bk-date">${escapeHtml(formatSlackDate(Number(leaf.timestamp), str(leaf.format)) || str(leaf.fallback))}</time>`;
    default:
      return placeholder(str(leaf.type), 'rich text element');
  }
}

function richContainer(el: Obj, dir: Directory): string {
  const leaves = (items: unknown) =>
    list(items)
      .map((l) => richLeaf(l, dir))
      .join('');
  switch (el.type) {
    case 'rich_text_section':
      return `<div class="bk-rt-section">${leaves(el.elements)}</div>`;
    case 'rich_text_preformatted':
      return `<pre class="bk-pre">${leaves(el.elements)}</pre>`;
    case 'rich_text_quote':
      return `<blockquote class="bk-quote">${leaves(el.elements)}</blockquote>`;
    case 'rich_text_list': {
      const tag = el.style === 'ordered' ? 'ol' : 'ul';
      return `<${tag} class="bk-rt-list">${list(el.elements)
        .map((s) => `<li>${richContainer(s, dir)}</li>`)
        .join('')}</${tag}>`;
    }
    default:
      return placeholder(str(el.type), 'rich text element');
  }
}

// ---- blocks ----------------------------------------------------------------------------------------------

function tableCell(cell: Obj, dir: Directory): string {
  if (cell.type === 'raw_text') return escapeHtml(str(cell.text));
  if (cell.type === 'rich_text')
    return list(cell.elements)
      .map((e) => richContainer(e, dir))
      .join('');
  return textObject(cell, dir) || placeholder(str(cell.type), 'table cell');
}

export function renderBlock(block: unknown, ctx: Ctx): string {
  if (!isObj(block)) return placeholder('(not an object)', 'block');
  const type = str(block.type);
  const blockId = str(block.block_id);
  const inner = (c: Ctx) => ({ ...c, blockId });
  const c = inner(ctx);
  const wrap = (html: string) =>
    `<div class="bk-block bk-${escapeHtml(type)}" data-bk="${escapeHtml(type)}" data-block-id="${escapeHtml(blockId)}">${html}</div>`;
  switch (type) {
    case 'section': {
      const text = isObj(block.text) ? `<div class="bk-section-text">${textObject(block.text, ctx.dir)}</div>` : '';
      const fields = list(block.fields);
      const grid =
        fields.length > 0
          ? `<div class="bk-fields">${fields.map((f) => `<div class="bk-field">${textObject(f, ctx.dir)}</div>`).join('')}</div>`
          : '';
      const accessory = isObj(block.accessory) ? `<div class="bk-accessory">${renderElement(block.accessory, c)}</div>` : '';
      return wrap(`<div class="bk-section-body">${text}${grid}</div>${accessory}`);
    }
    case 'header':
      return wrap(`<h3 class="bk-header-text">${textObject(block.text, ctx.dir)}</h3>`);
    case 'divider':
      return wrap('<hr>');
    case 'context':
      return wrap(
        list(block.elements)
          .map((e) => renderElement(e, c))
          .join(' '),
      );
    case 'actions':
      return wrap(
        list(block.elements)
          .map((e) => renderElement(e, c))
          .join(''),
      );
    case 'image':
      return wrap(imageBox(block, 'bk-image-block'));
    case 'input': {
      const optional = block.optional === true ? ' <span class="bk-optional">(optional)</span>' : '';
      const hint = isObj(block.hint) ? `<div class="bk-hint">${textObject(block.hint, ctx.dir)}</div>` : '';
      const dispatch = block.dispatch_action === true ? ' data-dispatch="true"' : '';
      return (
        `<div class="bk-block bk-input-block" data-bk="input" data-block-id="${escapeHtml(blockId)}"${dispatch}>` +
        `<label class="bk-label">${escapeHtml(plain(block.label))}${optional}</label>` +
        `${renderElement(block.element, c)}${hint}<div class="bk-error" data-error-for="${escapeHtml(blockId)}" hidden></div></div>`
      );
    }
    case 'rich_text':
      return wrap(
        list(block.elements)
          .map((e) => richContainer(e, ctx.dir))
          .join(''),
      );
    case 'markdown':
      return wrap(mrkdwn(str(block.text), ctx.dir));
    case 'video':
      return wrap(
        `<div class="bk-video">▶ <a href="${escapeHtml(str(block.title_url) || str(block.video_url))}" target="_blank" rel="noopener">${escapeHtml(plain(block.title))}</a>` +
          `${isObj(block.description) ? `<div class="bk-hint">${escapeHtml(plain(block.description))}</div>` : ''}<div class="bk-image" role="img">${escapeHtml(str(block.alt_text))}</div></div>`,
      );
    case 'file':
      return wrap(`<div class="bk-file">📎 Remote file <code>${escapeHtml(str(block.external_id))}</code></div>`);
    case 'table': {
      const rows = Array.isArray(block.rows) ? block.rows : [];
      const body = rows
        .map(
          (row) =>
            `<tr>${list(row)
              .map((cell) => `<td>${tableCell(cell, ctx.dir)}</td>`)
              .join('')}</tr>`,
        )
        .join('');
      return wrap(`<table class="bk-table">${body}</table>`);
    }
    default:
      return placeholder(type, 'block');
  }
}

/** A surface's blocks (a message, a modal, a Home tab). */
export function renderBlocks(blocks: unknown, dir: Directory, surface: Ctx['surface'] = 'message'): RenderResult {
  const ctx: Ctx = { dir, elements: [], blockId: '', surface };
  const html = (Array.isArray(blocks) ? blocks : []).map((b) => renderBlock(b, ctx)).join('');
  return { html, elements: ctx.elements };
}

/** Legacy attachments (colour bar + their blocks or text), as Slack still shows them. */
export function renderAttachments(attachments: unknown, dir: Directory, result: RenderResult): string {
  return list(attachments)
    .map((a) => {
      const inner = Array.isArray(a.blocks)
        ? (() => {
            const ctx: Ctx = { dir, elements: result.elements, blockId: '', surface: 'message' };
            return a.blocks.map((b) => renderBlock(b, ctx)).join('');
          })()
        : mrkdwn(str(a.text) || str(a.fallback), dir);
      return `<div class="bk-attachment" style="border-left-color:${escapeHtml(str(a.color) || '#ddd')}">${inner}</div>`;
    })
    .join('');
}
