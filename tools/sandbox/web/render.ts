import { emojiFor } from './emoji';

/**
 * Block Kit → HTML for the sandbox page, as pure functions of (blocks, directory). No DOM: the page's bundle
 * (build.ts) and the tests in Node use the same code.
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
  /** The viewer's IANA zone: dates and times are shown in it (default UTC). */
  timeZone?: string;
  /** "Now" for today / tomorrow and "… ago" (ms since the epoch): the sandbox's simulated time. */
  now?: number;
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

function emoji(name: string): string {
  const e = emojiFor(name);
  return e ? `<span class="bk-emoji" title=":${escapeHtml(name)}:">${e}</span>` : `:${escapeHtml(name)}:`;
}

/** The three entities Slack escapes in text (`&amp;` `&lt;` `&gt;`), decoded: what a person sees. */
export function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const ORDINAL = (n: number) => {
  const rem = n % 100;
  if (rem >= 11 && rem <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  weekday: string;
  monthLong: string;
  monthShort: string;
  hour: number;
  minute: number;
  second: number;
}

function zoned(ms: number, timeZone: string): ZonedParts {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const monthLong = get('month');
  const monthIndex = new Date(`${monthLong} 1, 2000`).getMonth();
  return {
    year: Number(get('year')),
    month: monthIndex + 1,
    day: Number(get('day')),
    weekday: get('weekday'),
    monthLong,
    monthShort: monthLong.slice(0, 3),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    second: Number(get('second')),
  };
}

export interface DateContext {
  /** The viewer's IANA zone (their Slack profile's `tz`); default UTC. */
  timeZone?: string;
  /** "Now" for today / yesterday / tomorrow and {ago} (ms since the epoch); default the wall clock. */
  now?: number;
}

/** 12-hour clock time as Slack shows it by default, e.g. "3:30 PM". */
export function formatSlackTime(ms: number, ctx: DateContext = {}, seconds = false): string {
  const p = zoned(ms, ctx.timeZone ?? 'UTC');
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.hour % 12 === 0 ? 12 : p.hour % 12}:${pad(p.minute)}${seconds ? `:${pad(p.second)}` : ''} ${p.hour < 12 ? 'AM' : 'PM'}`;
}

function ago(ms: number, now: number): string {
  const diff = Math.round((now - ms) / 1000);
  const abs = Math.abs(diff);
  const units: Array<[number, string]> = [
    [365 * 86400, 'year'],
    [30 * 86400, 'month'],
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  const [size, unit] = units.find(([s]) => abs >= s) ?? [1, 'second'];
  const n = Math.floor(abs / size);
  const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

/**
 * Slack's `<!date^seconds^format|fallback>` format tokens, in the viewer's zone: `{date_num}` 2026-03-10,
 * `{date}` March 10th, 2026, `{date_short}` Mar 10, 2026, `{date_long}` Tuesday, March 10th, 2026, their
 * `_pretty` forms (today / yesterday / tomorrow where they apply), `{time}` 3:30 PM, `{time_secs}`, `{ago}`.
 * Undefined when the format holds a token Slack does not know (Slack then shows the fallback text).
 */
export function formatSlackDate(seconds: number, format: string, ctx: DateContext = {}): string | undefined {
  const ms = seconds * 1000;
  if (!Number.isFinite(ms)) return undefined;
  const zone = ctx.timeZone ?? 'UTC';
  const p = zoned(ms, zone);
  const now = ctx.now ?? Date.now();
  const n = zoned(now, zone);
  const dayNumber = (x: ZonedParts) => Date.UTC(x.year, x.month - 1, x.day) / 86400000;
  const offset = dayNumber(p) - dayNumber(n);
  const relative = offset === 0 ? 'today' : offset === -1 ? 'yesterday' : offset === 1 ? 'tomorrow' : undefined;
  const date = `${p.monthLong} ${ORDINAL(p.day)}, ${p.year}`;
  const short = `${p.monthShort} ${p.day}, ${p.year}`;
  const long = `${p.weekday}, ${date}`;
  const tokens: Record<string, string> = {
    date_num: `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`,
    date,
    date_short: short,
    date_long: long,
    date_pretty: relative ?? date,
    date_short_pretty: relative ?? short,
    date_long_pretty: relative ?? long,
    time: formatSlackTime(ms, ctx),
    time_secs: formatSlackTime(ms, ctx, true),
    ago: ago(ms, now),
  };
  let unknown = false;
  const text = format.replace(/\{(\w+)\}/g, (_m, t: string) => {
    if (!(t in tokens)) unknown = true;
    return tokens[t] ?? '';
  });
  return unknown ? undefined : text;
}

/** One `<…>` token of mrkdwn: links, mentions, dates, special mentions. */
function angle(inner: string, dir: Directory): string {
  const [target, rawLabel] = splitOnce(inner, '|');
  const label = decodeEntities(rawLabel);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `<span class="bk-mention">@${escapeHtml(dir.users[id] || label || id)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `<span class="bk-mention">#${escapeHtml(dir.channels[id] || label || id)}</span>`;
  }
  if (target.startsWith('!date^')) {
    const [, ts, format, link] = target.split('^');
    const text = formatSlackDate(Number(ts), decodeEntities(format ?? ''), dir) ?? label;
    const time = `<time class="bk-date" datetime="${escapeHtml(new Date(Number(ts) * 1000).toISOString())}">${escapeHtml(text)}</time>`;
    return link && /^https?:/.test(link) ? `<a href="${escapeHtml(link)}" target="_blank" rel="noopener">${time}</a>` : time;
  }
  if (target.startsWith('!subteam^')) return `<span class="bk-mention">@${escapeHtml(label || target.slice(9))}</span>`;
  if (target.startsWith('!')) return `<span class="bk-mention">@${escapeHtml(label || target.slice(1))}</span>`;
  const url = decodeEntities(target);
  if (/^(https?:|mailto:)/.test(url)) {
    return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener">${escapeHtml(label || url.replace(/^mailto:/, ''))}</a>`;
  }
  return escapeHtml(`<${decodeEntities(inner)}>`);
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

const BULLET = /^(\s*)([•◦▪‣·*-]|\d+[.)])\s+/;

/**
 * Slack mrkdwn → HTML as Slack shows it: entities decoded, `*bold*` `_italic_` `~strike~` `` `code` ``,
 * ``` code blocks, `>` quotes, bullet and numbered lines (hanging indent), `<url|label>` links, user and
 * channel mentions by name, `<!date^…>` in the viewer's zone, and emoji shortcodes.
 */
export function mrkdwn(text: string, dir: Directory): string {
  const blocks = text.split('```');
  return blocks
    .map((part, i) => {
      if (i % 2 === 1) return `<pre class="bk-pre">${escapeHtml(decodeEntities(part.replace(/^\n/, '')))}</pre>`;
      const lines = part.split('\n');
      return lines
        .map((line, j) => {
          const quote = /^(&gt;|>)\s?/.exec(line);
          const rest = quote ? line.slice(quote[0].length) : line;
          const bullet = BULLET.exec(rest);
          const body = bullet
            ? `<span class="bk-li" style="--indent:${bullet[1].length}"><span class="bk-li-mark">${escapeHtml(/\d/.test(bullet[2]) ? bullet[2] : '•')}</span>${inline(rest.slice(bullet[0].length), dir)}</span>`
            : inline(rest, dir);
          if (quote) return `<blockquote class="bk-quote">${body}</blockquote>`;
          return bullet || j === lines.length - 1 ? body : `${body}<br>`;
        })
        .join('');
    })
    .join('');
}

function inline(line: string, dir: Directory): string {
  // angle-bracket tokens and `code` spans are taken out first (each replaced by a private-use marker, so styles
  // may span them, as in `_None. \`/iec x\` adds one._`), the rest decoded, escaped and styled
  const tokens: string[] = [];
  const re = /<([^<>]+)>|`([^`]+)`/g;
  const marked = line.replace(re, (_m, angleInner: string | undefined, code: string | undefined) => {
    tokens.push(angleInner !== undefined ? angle(angleInner, dir) : `<code>${escapeHtml(decodeEntities(code ?? ''))}</code>`);
    return `\uE000${tokens.length - 1}\uE001`;
  });
  return style(escapeHtml(decodeEntities(marked))).replace(/\uE000(\d+)\uE001/g, (_m, i: string) => tokens[Number(i)]);
}

/** Bold, italic and strike need a boundary on each side (as in Slack: `a*b*c` stays as typed). */
function style(escaped: string): string {
  const edge = '(^|[^\\p{L}\\p{N}*_~])';
  const after = '(?=$|[^\\p{L}\\p{N}])';
  return escaped
    .replace(new RegExp(`${edge}\\*(?!\\s)([^*\\n]*[^*\\s])\\*${after}`, 'gu'), '$1<b>$2</b>')
    .replace(new RegExp(`${edge}_(?!\\s)([^_\\n]*[^_\\s])_${after}`, 'gu'), '$1<i>$2</i>')
    .replace(new RegExp(`${edge}~(?!\\s)([^~\\n]*[^~\\s])~${after}`, 'gu'), '$1<s>$2</s>')
    .replace(/:([a-z0-9_+-]+):/g, (_m, name: string) => emoji(name));
}

/** A text object (plain_text or mrkdwn). plain_text: entities decoded, emoji unless `emoji: false`. */
export function textObject(t: unknown, dir: Directory): string {
  if (!isObj(t)) return '';
  const text = str(t.text);
  if (t.type === 'mrkdwn') return t.verbatim === true ? verbatim(text, dir) : mrkdwn(text, dir);
  return escapeHtml(decodeEntities(text))
    .replace(/:([a-z0-9_+-]+):/g, (_m, name: string) => (t.emoji === false ? `:${name}:` : emoji(name)))
    .replace(/\n/g, '<br>');
}

/** `verbatim: true` mrkdwn: styles apply, but bare URLs and names are not linked (nothing else differs here). */
function verbatim(text: string, dir: Directory): string {
  return mrkdwn(text, dir);
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

/** Where the page finds an image: a file the app uploaded (`slack_file`, served by the sandbox) or a URL. */
export function imageSource(el: Obj): string | undefined {
  const file = isObj(el.slack_file) ? el.slack_file : undefined;
  if (file && typeof file.id === 'string') return `/api/files/${encodeURIComponent(file.id)}`;
  if (file && typeof file.url === 'string') return `/api/files/by-url?url=${encodeURIComponent(file.url)}`;
  const url = str(el.image_url);
  return /^https?:/.test(url) ? url : undefined;
}

function imageBox(el: Obj, cls: string): string {
  const title = isObj(el.title) ? `<div class="bk-image-title">${escapeHtml(plain(el.title))}</div>` : '';
  const src = imageSource(el);
  const alt = escapeHtml(str(el.alt_text) || 'image');
  if (!src) return `${title}<div class="${cls} bk-image" role="img" aria-label="${alt}" data-bk="image">🖼 ${alt}</div>`;
  return `${title}<a class="${cls} bk-image-link" href="${escapeHtml(src)}" data-zoom="${escapeHtml(src)}"><img class="bk-img" src="${escapeHtml(src)}" alt="${alt}" loading="lazy"></a>`;
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
      return `<time class="bk-date">${escapeHtml(formatSlackDate(Number(leaf.timestamp), str(leaf.format), dir) ?? str(leaf.fallback))}</time>`;
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
