import { BLOCK_KIT_SCHEMA_PATH, loadJson } from '../../../../tools/slack-standin/reference';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeEntities, formatSlackDate, mrkdwn, renderBlocks, textObject, type Directory } from '../../../../tools/sandbox/web/render';
import { emojiFor } from '../../../../tools/sandbox/web/emoji';

type Json = Record<string, unknown>;

const dir: Directory = { users: { U1: 'Avery Admin' }, channels: { C1: 'general' } };
const schema = loadJson(BLOCK_KIT_SCHEMA_PATH) as { $defs: Record<string, Json> };
const defs = schema.$defs;

function typeConst(def: Json): string | undefined {
  const props = def.properties as Record<string, Json> | undefined;
  return typeof props?.type?.const === 'string' ? props.type.const : undefined;
}

/** A minimal instance of a schema node: its required properties, each with a sample value. */
function sample(node: unknown, depth = 0): unknown {
  if (typeof node !== 'object' || node === null || depth > 16) return undefined;
  const n = node as Json;
  if (typeof n.$ref === 'string') return sample(defs[n.$ref.replace('#/$defs/', '')], depth + 1);
  if ('const' in n) return n.const;
  if (Array.isArray(n.enum)) return n.enum[0];
  const branch = [n.oneOf, n.anyOf].find(Array.isArray)?.[0] as Json | undefined;
  if (!n.properties) {
    if (branch) return sample(branch, depth + 1);
    if (Array.isArray(n.allOf)) return Object.assign({}, ...n.allOf.map((p) => sample(p, depth + 1) ?? {}));
  }
  const type = Array.isArray(n.type) ? n.type[0] : n.type;
  if (type === 'array') return [sample(n.items, depth + 1)].filter((v) => v !== undefined);
  if (type === 'string') return n.format === 'uri' ? 'https://example.com/x' : 'sample';
  if (type === 'number' || type === 'integer') return 1;
  if (type === 'boolean') return false;
  const props = (n.properties ?? {}) as Record<string, unknown>;
  const out: Json = {};
  // the object's own required properties, and those of the first of its alternatives (text or fields, ...)
  const required = [...((n.required as string[] | undefined) ?? []), ...((branch?.required as string[] | undefined) ?? []), 'type'];
  for (const key of required) {
    if (key in props) out[key] = sample(props[key], depth + 1);
  }
  return out;
}

/** Every block / element type the schema defines, each wrapped where it can appear. */
const cases = Object.entries(defs).flatMap(([name, def]) => {
  const type = typeConst(def);
  if (!type || name.endsWith('_view')) return [];
  const value = sample(def) as Json;
  let blocks: unknown[];
  if (name.endsWith('_block')) blocks = [value];
  else if (name.startsWith('rich_text_') && name.endsWith('_leaf'))
    blocks = [{ type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [value] }] }];
  else if (name.startsWith('rich_text_') && name !== 'rich_text_input_element') blocks = [{ type: 'rich_text', elements: [value] }];
  else if (name.endsWith('_text_object')) blocks = [{ type: 'context', elements: [value] }];
  else blocks = [{ type: 'actions', elements: [value] }];
  return [{ name, type, blocks }];
});

describe('the sandbox page renders Block Kit', () => {
  it('finds the block and element types in the shared schema', () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  it.each(cases)('$name ($type): rendered, or a visible placeholder that names it — never blank', ({ type, blocks }) => {
    const { html } = renderBlocks(blocks, dir, 'modal');
    const placeholders = [...html.matchAll(/data-unsupported="([^"]*)"/g)].map((m) => m[1]);
    if (placeholders.length > 0) {
      expect(placeholders).toContain(type);
      expect(html).toContain(`<code>${type}</code>`);
    } else {
      const visibleText = html.replace(/<[^>]*>/g, '').trim();
      expect(visibleText.length > 0 || /<(input|select|textarea|hr|button|table|img)\b/.test(html)).toBe(true);
    }
  });

  it('renders every element and block the app uses (no placeholders for them)', () => {
    const used = ['section', 'header', 'context', 'divider', 'actions', 'image', 'input', 'rich_text', 'markdown'];
    const elements = [
      'button',
      'overflow',
      'static_select',
      'external_select',
      'multi_static_select',
      'multi_external_select',
      'users_select',
      'multi_users_select',
      'channels_select',
      'multi_channels_select',
      'conversations_select',
      'multi_conversations_select',
      'datepicker',
      'timepicker',
      'datetimepicker',
      'number_input',
      'plain_text_input',
      'email_text_input',
      'url_text_input',
      'checkboxes',
      'radio_buttons',
      'rich_text_input',
    ];
    for (const c of cases.filter((k) => used.includes(k.type) || elements.includes(k.type))) {
      expect({ type: c.type, html: renderBlocks(c.blocks, dir, 'modal').html }).not.toEqual(
        expect.objectContaining({ html: expect.stringContaining('bk-unsupported') }),
      );
    }
  });

  it('names an unknown type in its placeholder, and survives blocks that are not objects', () => {
    const { html } = renderBlocks([{ type: 'hologram' }, 42, { type: 'actions', elements: [{ type: 'teleporter' }] }], dir);
    expect(html).toContain('data-unsupported="hologram"');
    expect(html).toContain('data-unsupported="teleporter"');
    expect(html).toContain('data-unsupported="(not an object)"');
  });

  it('keeps interactive elements addressable: block_id, action_id and the element JSON', () => {
    const { html, elements } = renderBlocks(
      [
        {
          type: 'input',
          block_id: 'b1',
          label: { type: 'plain_text', text: 'Partner' },
          element: { type: 'external_select', action_id: 'a1', min_query_length: 1 },
        },
      ],
      dir,
      'modal',
    );
    expect(html).toContain('data-block-id="b1"');
    expect(html).toContain('data-action-id="a1"');
    expect(html).toContain('data-error-for="b1"');
    expect(elements).toEqual([expect.objectContaining({ action_id: 'a1', type: 'external_select' })]);
  });

  it('formats mrkdwn: bold, italic, code, links, mentions, dates and emoji; escapes HTML', () => {
    const html = mrkdwn(
      '*Hi* _there_ `x<y` <https://a.example|site> <@U1> <#C1|general> :warning: <!date^1767225600^{date_short_pretty}|Jan 1> <script>',
      dir,
    );
    expect(html).toContain('<b>Hi</b>');
    expect(html).toContain('<i>there</i>');
    expect(html).toContain('<code>x&lt;y</code>');
    expect(html).toContain('href="https://a.example"');
    expect(html).toContain('@Avery Admin');
    expect(html).toContain('#general');
    expect(html).toContain('⚠️');
    expect(html).toContain('Jan 1, 2026');
    expect(html).not.toContain('<script>');
  });

  it('formats Slack date tokens', () => {
    expect(formatSlackDate(1767225600, '{date_num} {time}')).toBe('2026-01-01 12:00 AM');
  });

  // 2026-12-03 15:30 in New York (EST, UTC-5) = 20:30 UTC
  const meeting = Date.UTC(2026, 11, 3, 20, 30) / 1000;
  const newYork = { ...dir, timeZone: 'America/New_York', now: Date.UTC(2026, 11, 1, 15) };
  const chicago = { ...dir, timeZone: 'America/Chicago', now: Date.UTC(2026, 11, 1, 15) };

  it("shows <!date^…> in the viewer's zone, with Slack's tokens", () => {
    const token = `<!date^${meeting}^{date_short_pretty} at {time}|Thu 3 Dec 2026 15:30 EST>`;
    expect(mrkdwn(token, newYork)).toContain('Dec 3, 2026 at 3:30 PM');
    expect(mrkdwn(token, chicago)).toContain('Dec 3, 2026 at 2:30 PM');
    expect(formatSlackDate(meeting, '{date_long}', newYork)).toBe('Thursday, December 3rd, 2026');
    expect(formatSlackDate(meeting, '{date}', newYork)).toBe('December 3rd, 2026');
    expect(formatSlackDate(meeting, '{date_num} {time_secs}', chicago)).toBe('2026-12-03 2:30:00 PM');
    expect(formatSlackDate(meeting, '{date_pretty}', { ...newYork, now: Date.UTC(2026, 11, 2, 15) })).toBe('tomorrow');
    expect(formatSlackDate(meeting, '{date_short_pretty}', { ...newYork, now: meeting * 1000 })).toBe('today');
    expect(formatSlackDate(meeting, '{ago}', { ...newYork, now: meeting * 1000 + 3 * 3600_000 })).toBe('3 hours ago');
  });

  it('shows the fallback text when the format has a token Slack does not know', () => {
    expect(mrkdwn(`<!date^${meeting}^{weekday_of_doom}|Thu 3 Dec>`, newYork)).toContain('Thu 3 Dec');
  });

  it('decodes the entities Slack escapes, in mrkdwn and plain_text, and still escapes HTML', () => {
    expect(decodeEntities('AT&amp;T &lt;key&gt;')).toBe('AT&T <key>');
    const html = mrkdwn('`/iec commission show &lt;key&gt;` AT&amp;T <b>', dir);
    expect(html).toContain('<code>/iec commission show &lt;key&gt;</code>');
    expect(html).toContain('AT&amp;T');
    expect(html).not.toContain('&amp;amp;');
    expect(html).not.toContain('&amp;lt;');
    expect(html).not.toContain('<b>');
    expect(textObject({ type: 'plain_text', text: 'AT&amp;T :zzz:', emoji: true }, dir)).toContain('AT&amp;T');
    expect(textObject({ type: 'plain_text', text: ':zzz:', emoji: true }, dir)).toContain('💤');
    expect(textObject({ type: 'plain_text', text: ':zzz:', emoji: false }, dir)).toBe(':zzz:');
  });

  it('styles only at word boundaries, and renders strike, quotes, lists, code blocks and mailto links', () => {
    expect(mrkdwn('a*b*c 2*3*4', dir)).not.toContain('<b>');
    expect(mrkdwn('~gone~', dir)).toBe('<s>gone</s>');
    expect(mrkdwn('&gt; quoted *text*', dir)).toBe('<blockquote class="bk-quote">quoted <b>text</b></blockquote>');
    expect(mrkdwn('• one\n• two', dir)).toContain('class="bk-li"');
    expect(mrkdwn('```a &lt; b```', dir)).toBe('<pre class="bk-pre">a &lt; b</pre>');
    expect(mrkdwn('<mailto:a@b.example|write>', dir)).toContain('href="mailto:a@b.example"');
    // a style may span a code span or a link, as in Slack
    expect(mrkdwn('_None scheduled. `/iec meeting schedule` adds one._', dir)).toBe(
      '<i>None scheduled. <code>/iec meeting schedule</code> adds one.</i>',
    );
  });

  it('renders every emoji shortcode the app source uses, from emoji-datasource', () => {
    const files = (function walk(d: string): string[] {
      return readdirSync(d).flatMap((f) => {
        const p = path.join(d, f);
        return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
      });
    })(path.resolve(__dirname, '../../../../src'));
    // `:name:` between non-word characters (not `digest:healthcare:2026`, not `09:00:00`)
    const names = new Set(
      files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/(?<![\w:]):([a-z][a-z0-9_+-]*):(?![\w])/g)].map((m) => m[1])),
    );
    expect(names.size).toBeGreaterThan(10);
    for (const name of names) {
      expect({ name, emoji: emojiFor(name) }).toEqual({ name, emoji: expect.any(String) });
      expect(mrkdwn(`:${name}:`, dir)).not.toContain(`:${name}:<`);
    }
  });

  it('shows uploaded images (slack_file) and image URLs as images', () => {
    const { html } = renderBlocks(
      [{ type: 'image', slack_file: { id: 'F123' }, alt_text: 'chart', title: { type: 'plain_text', text: 'Chart' } }],
      dir,
    );
    expect(html).toContain('<img class="bk-img" src="/api/files/F123" alt="chart"');
  });
});
