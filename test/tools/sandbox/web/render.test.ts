import { BLOCK_KIT_SCHEMA_PATH, loadJson } from '../../../../tools/slack-standin/reference';
import { formatSlackDate, mrkdwn, renderBlocks, type Directory } from '../../../../tools/sandbox/web/render';

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
      expect(visibleText.length > 0 || /<(input|select|textarea|hr|button|table)\b/.test(html)).toBe(true);
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
});
