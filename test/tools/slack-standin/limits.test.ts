import { checkBlocks, checkMessage, checkView, validateMessage, validateView } from '../../../tools/slack-standin';

const plain = (text: string) => ({ type: 'plain_text', text });
const section = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'section', text: { type: 'mrkdwn', text }, ...extra });
const button = (actionId: string, text = 'Go', extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: actionId,
  text: plain(text),
  ...extra,
});
const option = (value: string, text = value) => ({ text: plain(text), value });
const inputBlock = (blockId: string, element: Record<string, unknown>) => ({
  type: 'input',
  block_id: blockId,
  label: plain('Label'),
  element,
});

const validModal = {
  type: 'modal',
  callback_id: 'add_commitment',
  private_metadata: JSON.stringify({ partnerId: 'p1' }),
  title: plain('Add a commitment'),
  submit: plain('Save'),
  close: plain('Cancel'),
  blocks: [
    { type: 'header', text: plain('Acme Corp') },
    inputBlock('what', {
      type: 'plain_text_input',
      action_id: 'what_input',
      max_length: 500,
      placeholder: plain('What did they commit to?'),
    }),
    inputBlock('kind', {
      type: 'static_select',
      action_id: 'kind_select',
      options: [option('lecture', 'Guest lecture'), option('project')],
    }),
    inputBlock('due', { type: 'datepicker', action_id: 'due_date' }),
  ],
};

describe('checkMessage (hard limits, pure)', () => {
  it('accepts an ordinary message', () => {
    const message = {
      text: 'Acme committed to a guest lecture',
      blocks: [
        section('*Acme* committed', { block_id: 'summary', accessory: button('open', 'Open', { value: 'c-1' }) }),
        { type: 'section', fields: [plain('Due'), { type: 'mrkdwn', text: '*31 Jan*' }] },
        { type: 'actions', block_id: 'acts', elements: [button('done'), button('snooze')] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'IEC bot' }] },
      ],
    };
    expect(checkMessage(message)).toEqual([]);
    expect(validateMessage(message)).toEqual([]);
  });

  it('limits a message to 50 blocks and its text to 40000 characters', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => section(`row ${i}`));
    expect(checkMessage({ blocks: fifty })).toEqual([]);
    expect(checkMessage({ blocks: [...fifty, section('one more')] })).toEqual(['/blocks: 51 blocks; a message allows at most 50']);
    expect(checkMessage({ text: 'x'.repeat(40_001) })).toEqual(['/text: message text has 40001 characters; Slack allows at most 40000']);
  });

  it('checks section text and fields', () => {
    expect(checkMessage({ blocks: [section('x'.repeat(3001))] })).toEqual([
      '/blocks/0/text/text: section text has 3001 characters; Slack allows at most 3000',
    ]);
    expect(checkMessage({ blocks: [section('')] })).toEqual(['/blocks/0/text/text: section text is empty; it needs at least 1 character']);
    const fields = Array.from({ length: 11 }, () => plain('f'));
    fields[3] = plain('y'.repeat(2001));
    expect(checkMessage({ blocks: [{ type: 'section', fields }] })).toEqual([
      '/blocks/0/fields: 11 fields; a section allows at most 10',
      '/blocks/0/fields/3/text: section field has 2001 characters; Slack allows at most 2000',
    ]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkMessage({ blocks: [{ type: 'header', text: plain('🎉'.repeat(150)) }] })).toEqual([]);
    expect(checkMessage({ blocks: [{ type: 'header', text: plain('🎉'.repeat(151)) }] })).toEqual([
      '/blocks/0/text/text: header text has 151 characters; Slack allows at most 150',
    ]);
  });

  it('wants block_ids unique in the surface and action_ids unique in a block', () => {
    const problems = checkMessage({
      blocks: [
        section('a', { block_id: 'same' }),
        section('b', { block_id: 'same' }),
        { type: 'actions', block_id: 'acts', elements: [button('go'), button('go')] },
        { type: 'actions', block_id: 'acts2', elements: [button('go')] },
      ],
    });
    expect(problems).toEqual([
      '/blocks/1/block_id: duplicate block_id "same" (also at /blocks/0)',
      '/blocks/2/elements/1/action_id: duplicate action_id "go" in one block (also at /blocks/2/elements/0)',
    ]);
  });

  it('limits ids to 255 characters', () => {
    expect(checkMessage({ blocks: [section('x', { block_id: 'b'.repeat(256), accessory: button('a'.repeat(256)) })] })).toEqual([
      '/blocks/0/block_id: block_id has 256 characters; Slack allows at most 255',
      '/blocks/0/accessory/action_id: action_id has 256 characters; Slack allows at most 255',
    ]);
  });

  it('checks buttons, nested confirm dialogs and element counts', () => {
    const confirm = { title: plain('Sure?'), text: plain('Really?'), confirm: plain('y'.repeat(31)), deny: plain('No') };
    const blocks = [
      section('x', { accessory: button('b', 't'.repeat(76), { value: 'v'.repeat(2001), confirm }) }),
      { type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`b${i}`)) },
      { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
    ];
    expect(checkBlocks(blocks, 'message')).toEqual([
      '/blocks/0/accessory/confirm/confirm/text: confirm button has 31 characters; Slack allows at most 30',
      '/blocks/0/accessory/text/text: button text has 76 characters; Slack allows at most 75',
      '/blocks/0/accessory/value: button value has 2001 characters; Slack allows at most 2000',
      '/blocks/1/elements: 26 elements; an actions block allows at most 25',
      '/blocks/2/elements: 11 elements; a context block allows at most 10',
    ]);
  });

  it('checks select options, option groups and placeholders', () => {
    const many = Array.from({ length: 101 }, (_, i) => option(`v${i}`));
    const select = {
      type: 'static_select',
      action_id: 's',
      placeholder: plain('p'.repeat(151)),
      options: [option('ok'), option('long', 'o'.repeat(76)), ...many.slice(0, 99)],
    };
    const grouped = { type: 'static_select', action_id: 'g', option_groups: [{ label: plain('G'), options: many }] };
    expect(checkMessage({ blocks: [{ type: 'actions', elements: [select, grouped] }] })).toEqual([
      '/blocks/0/elements/0/placeholder/text: placeholder has 151 characters; Slack allows at most 150',
      '/blocks/0/elements/0/options: 101 options; at most 100',
      '/blocks/0/elements/0/options/1/text/text: option text has 76 characters; Slack allows at most 75',
      '/blocks/0/elements/1/option_groups/0/options: 101 options; at most 100',
    ]);
  });

  it('allows input blocks only in modals', () => {
    const input = inputBlock('b', { type: 'plain_text_input', action_id: 'a' });
    expect(checkMessage({ blocks: [input] })).toEqual(['/blocks/0: input blocks are only allowed in modals, not in a message']);
    expect(checkView({ type: 'home', blocks: [input] })).toEqual(['/blocks/0: input blocks are only allowed in modals, not in a home']);
    expect(checkView({ ...validModal, blocks: [input] })).toEqual([]);
  });
});

describe('checkView (hard limits, pure)', () => {
  it('accepts a valid modal', () => {
    expect(checkView(validModal)).toEqual([]);
    expect(validateView(validModal)).toEqual([]);
  });

  it('limits modal title, submit and close to 24 characters', () => {
    expect(checkView({ ...validModal, title: plain('x'.repeat(24)) })).toEqual([]);
    expect(checkView({ ...validModal, title: plain('x'.repeat(25)), submit: plain('s'.repeat(25)), close: plain('c'.repeat(25)) })).toEqual(
      [
        '/title/text: modal title has 25 characters; Slack allows at most 24',
        '/submit/text: modal submit has 25 characters; Slack allows at most 24',
        '/close/text: modal close has 25 characters; Slack allows at most 24',
      ],
    );
  });

  it('checks private_metadata, callback_id, block count and the submit button', () => {
    const { submit: _submit, ...noSubmit } = validModal;
    expect(checkView({ ...noSubmit, private_metadata: 'm'.repeat(3001), callback_id: 'c'.repeat(256) })).toEqual([
      '/submit: a modal with input blocks needs a submit button',
      '/private_metadata: private_metadata has 3001 characters; Slack allows at most 3000',
      '/callback_id: callback_id has 256 characters; Slack allows at most 255',
    ]);
    expect(checkView({ type: 'home', blocks: Array.from({ length: 101 }, () => section('x')) })).toEqual([
      '/blocks: 101 blocks; a home allows at most 100',
    ]);
    expect(checkView({ type: 'home', blocks: Array.from({ length: 100 }, () => section('x')) })).toEqual([]);
  });

  it('checks plain_text_input lengths', () => {
    const withInput = (element: Record<string, unknown>) => ({
      ...validModal,
      blocks: [inputBlock('b', { type: 'plain_text_input', action_id: 'a', ...element })],
    });
    expect(checkView(withInput({ max_length: 3000, min_length: 0 }))).toEqual([]);
    expect(checkView(withInput({ max_length: 0 }))).toEqual([
      '/blocks/0/element/max_length: max_length must be an integer from 1 to 3000, got 0',
    ]);
    expect(checkView(withInput({ max_length: 3001 }))).toEqual([
      '/blocks/0/element/max_length: max_length must be an integer from 1 to 3000, got 3001',
    ]);
    expect(checkView(withInput({ max_length: 5, initial_value: 'too long' }))).toEqual([
      '/blocks/0/element/initial_value: initial_value has 8 characters but max_length is 5',
    ]);
  });

  it('rejects things that are not modals or home tabs', () => {
    expect(checkView({ type: 'workflow_step', blocks: [] })).toEqual(['/type: view type must be "modal" or "home", got "workflow_step"']);
    expect(checkView('modal')).toEqual(['/: a view must be an object']);
  });
});

describe('validateMessage / validateView (schema + limits)', () => {
  it('reports schema errors only for the branch the block type selects', () => {
    const problems = validateMessage({ blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'Title' } }] });
    expect(problems).toContain('/blocks/0/text/type: must be "plain_text"');
    expect(problems.length).toBeLessThanOrEqual(2);
  });

  it('catches structure the limits checker does not look at', () => {
    expect(validateMessage({ blocks: [{ type: 'section' }] })).toEqual(
      expect.arrayContaining(["/blocks/0: must have required property 'text'", '/blocks/0: a section needs text or fields']),
    );
    expect(validateMessage({ blocks: [{ type: 'divider', block_id: 'd', extra: true }] })).toEqual([
      '/blocks/0: must NOT have additional property "extra"',
    ]);
    expect(validateView({ ...validModal, blocks: [{ type: 'image', alt_text: 'logo' }] })).toEqual(
      expect.arrayContaining(["/blocks/0: must have required property 'image_url'"]),
    );
  });

  it('validates context elements that are either images or text', () => {
    const blocks = [
      {
        type: 'context',
        elements: [
          { type: 'image', image_url: 'https://example.org/x.png', alt_text: 'x' },
          { type: 'mrkdwn', text: 'ok' },
        ],
      },
    ];
    expect(validateMessage({ blocks })).toEqual([]);
    expect(validateMessage({ blocks: [{ type: 'context', elements: [{ type: 'markdown', text: 'x' }] }] })[0]).toMatch(
      /^\/blocks\/0\/elements\/0\/type: must be one of: "image", "plain_text", "mrkdwn"$/,
    );
  });
});
