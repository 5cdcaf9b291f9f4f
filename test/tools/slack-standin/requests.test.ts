import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { App, LogLevel, verifySlackRequest, type Logger } from '@slack/bolt';
import {
  blockActionsPayload,
  buildStateValues,
  events,
  signSlackRequest,
  SlackRequester,
  slashCommandPayload,
  standalonePayloadContext,
  viewClosedPayload,
  viewSubmissionPayload,
} from '../../../tools/slack-standin/requests';
import { FakeSlack } from '../../../tools/slack-standin';
import { loadJson, SLACK_REFERENCE_DIR } from '../../../tools/slack-standin/reference';
import { viewOf } from '../../support/views';

interface Sample {
  signing_secret: string;
  headers: Record<string, string>;
  raw_body: string;
  parsed_body?: Record<string, string>;
  payload?: Record<string, unknown>;
}

const sample = (name: string) => loadJson(path.join(SLACK_REFERENCE_DIR, 'payloads', `${name}.json`)) as Sample;

const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

describe('signSlackRequest', () => {
  it.each([
    'slash_command.bolt-python',
    'block_actions.bolt-python',
    'view_submission.bolt-python',
    'view_closed.bolt-python',
    'app_home_opened.messages-org-install.bolt-python',
  ])('reproduces the signature of the %s sample', (name) => {
    const s = sample(name);
    expect(s.signing_secret).toBe('secret');
    expect(s.headers['X-Slack-Request-Timestamp']).toBe('1700000000');
    expect(signSlackRequest('secret', s.raw_body, 1700000000)).toEqual({
      'x-slack-request-timestamp': '1700000000',
      'x-slack-signature': s.headers['X-Slack-Signature'],
    });
  });

  it('changes with the body, the timestamp and the secret', () => {
    const base = signSlackRequest('secret', 'a=1', 1700000000)['x-slack-signature'];
    expect(base).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(signSlackRequest('secret', 'a=2', 1700000000)['x-slack-signature']).not.toBe(base);
    expect(signSlackRequest('secret', 'a=1', 1700000001)['x-slack-signature']).not.toBe(base);
    expect(signSlackRequest('other', 'a=1', 1700000000)['x-slack-signature']).not.toBe(base);
  });
});

describe('payload factories', () => {
  const ctx = standalonePayloadContext();

  /** Keys of `expected` that `actual` lacks. */
  const missingKeys = (expected: Record<string, unknown>, actual: object) => Object.keys(expected).filter((k) => !(k in actual));

  it('build slash commands with the fields (in the order) Slack sends', () => {
    const s = sample('slash_command.bolt-python');
    const payload = slashCommandPayload(ctx, '/iec', 'partner add Acme', { userId: 'U1', channelId: 'C1' });
    const ours = Object.keys(payload);
    const theirs = Object.keys(s.parsed_body!).filter((k) => !k.startsWith('enterprise_'));
    expect(theirs.filter((k) => !ours.includes(k))).toEqual([]);
    expect(ours.filter((k) => theirs.includes(k))).toEqual(theirs);
    expect(payload).toMatchObject({
      command: '/iec',
      text: 'partner add Acme',
      user_id: 'U1',
      channel_id: 'C1',
      is_enterprise_install: 'false',
    });
  });

  it('send slash-command text encoded as Slack does: & < > HTML-encoded, mentions picked in the composer left as markup', () => {
    const text = (typed: string) => slashCommandPayload(ctx, '/iec', typed, { userId: 'U1' }).text;
    expect(text('partner show *Bold* & Sons <!channel> <https://x.example|y> a>b')).toBe(
      'partner show *Bold* &amp; Sons &lt;!channel&gt; &lt;https://x.example|y&gt; a&gt;b',
    );
    expect(text('request <@U0CONTACT1> & <@W0ENT|amy> in <#C0CHAN|iec-x> <!subteam^S0TEAM|@leads>')).toBe(
      'request <@U0CONTACT1> &amp; <@W0ENT|amy> in <#C0CHAN|iec-x> <!subteam^S0TEAM|@leads>',
    );
    expect(text('&amp; already')).toBe('&amp;amp; already');
  });

  it('build interactive payloads with every top-level field of the samples', () => {
    const action = blockActionsPayload(ctx, { userId: 'U1', blockId: 'b', actionId: 'a', value: 'click_me_123', ephemeral: false });
    expect(missingKeys(sample('block_actions.bolt-python').payload!, action)).toEqual([]);
    expect(action.actions[0]).toMatchObject({ type: 'button', action_id: 'a', block_id: 'b', value: 'click_me_123' });

    const view = { callback_id: 'view-id', private_metadata: 'This is for you!' };
    const submission = viewSubmissionPayload(ctx, { userId: 'U1', view });
    const theirs = sample('view_submission.bolt-python').payload as { view: Record<string, unknown> };
    expect(missingKeys(theirs, submission)).toEqual([]);
    expect(missingKeys(theirs.view, submission.view)).toEqual([]);
    expect(missingKeys(sample('view_closed.bolt-python').payload!, viewClosedPayload(ctx, { userId: 'U1', view }))).toEqual([]);
  });

  it('report state values like Slack: initial values for untouched inputs, typed values for entered ones', () => {
    const blocks = [
      {
        type: 'input',
        block_id: 'name',
        label: { type: 'plain_text', text: 'Name' },
        element: { type: 'plain_text_input', action_id: 'v', initial_value: 'Acme' },
      },
      {
        type: 'input',
        block_id: 'kind',
        label: { type: 'plain_text', text: 'Kind' },
        element: {
          type: 'static_select',
          action_id: 'v',
          options: [{ text: { type: 'plain_text', text: 'Guest lecture' }, value: 'lecture' }],
        },
      },
      {
        type: 'input',
        block_id: 'owners',
        label: { type: 'plain_text', text: 'Owners' },
        element: { type: 'multi_users_select', action_id: 'v' },
      },
      { type: 'input', block_id: 'due', label: { type: 'plain_text', text: 'Due' }, element: { type: 'datepicker', action_id: 'v' } },
    ];
    expect(buildStateValues(blocks)).toEqual({
      name: { v: { type: 'plain_text_input', value: 'Acme' } },
      kind: { v: { type: 'static_select', selected_option: null } },
      owners: { v: { type: 'multi_users_select', selected_users: [] } },
      due: { v: { type: 'datepicker', selected_date: null } },
    });
    expect(buildStateValues(blocks, { kind: { v: 'lecture' }, owners: { v: ['U1', 'U2'] }, due: { v: '2025-01-31' } })).toMatchObject({
      kind: { v: { selected_option: { value: 'lecture', text: { type: 'plain_text', text: 'Guest lecture' } } } },
      owners: { v: { selected_users: ['U1', 'U2'] } },
      due: { v: { selected_date: '2025-01-31' } },
    });
    expect(() => buildStateValues(blocks, { nmae: { v: 'typo' } })).toThrow(/no element nmae\/v; it has: name\/v, kind\/v/);
    expect(() => buildStateValues(blocks, { kind: { v: 'workshop' } })).toThrow(/option "workshop" is not among the options/);
  });
});

describe('SlackRequester on the wire', () => {
  let capture: Server;
  let url: string;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  let fake: FakeSlack;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    capture = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"echo":true}');
      });
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(capture.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await new Promise((resolve) => capture.close(resolve));
    await fake.stop();
  });
  beforeEach(() => {
    received.length = 0;
  });

  it('sends commands form-encoded and signed so that Bolt verifies them', async () => {
    const slack = new SlackRequester({ appUrl: url, signingSecret: 's3cret', fake });
    fake.addChannel({ id: 'C1', name: 'partners' });
    const res = await slack.command('/iec', 'help me', { userId: 'U1', channelId: 'C1' });
    expect(res.sent).toMatchObject({ channel_name: 'partners', team_id: fake.teamId, api_app_id: fake.appId });
    expect(res).toMatchObject({ status: 200, json: { echo: true } });
    const [req] = received;
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({ ...res.sent });
    expect(res.sent.response_url.startsWith(`${fake.baseUrl}/response/`)).toBe(true);
    const headers = {
      'x-slack-signature': String(req.headers['x-slack-signature']),
      'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
    };
    expect(() => verifySlackRequest({ signingSecret: 's3cret', body: req.body, headers })).not.toThrow();
    expect(() => verifySlackRequest({ signingSecret: 'wrong', body: req.body, headers })).toThrow();
  });

  it('sends interactivity as a payload field and events as JSON with retry headers', async () => {
    const slack = new SlackRequester({ appUrl: url, signingSecret: 's3cret', fake });
    await slack.blockAction({ userId: 'U1', blockId: 'b', actionId: 'a' });
    await slack.event(events.appHomeOpened('U1'), { retryNum: 2, retryReason: 'http_timeout', eventId: 'Ev1' });
    const [action, event] = received;
    expect(JSON.parse(new URLSearchParams(action.body).get('payload')!)).toMatchObject({
      type: 'block_actions',
      actions: [{ action_id: 'a' }],
    });
    expect(event.headers).toMatchObject({
      'content-type': 'application/json',
      'x-slack-retry-num': '2',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(JSON.parse(event.body)).toMatchObject({
      type: 'event_callback',
      event_id: 'Ev1',
      event: { type: 'app_home_opened', user: 'U1' },
    });
  });

  it('can tamper with the headers and replay a request byte for byte', async () => {
    const slack = new SlackRequester({ appUrl: url, signingSecret: 's3cret', fake });
    const first = await slack.command(
      '/iec',
      'x',
      { userId: 'U1' },
      { timestamp: 1600000000, signature: 'v0=bad', headers: { 'x-extra': '1' } },
    );
    await slack.command('/iec', 'x', { userId: 'U1' }, { omit: ['timestamp', 'signature'] });
    await slack.replay(first.request);
    expect(received[0].headers).toMatchObject({ 'x-slack-request-timestamp': '1600000000', 'x-slack-signature': 'v0=bad', 'x-extra': '1' });
    expect(received[1].headers['x-slack-signature']).toBeUndefined();
    expect(received[1].headers['x-slack-request-timestamp']).toBeUndefined();
    expect(received[2]).toEqual(received[0]);
  });
});

describe('SlackRequester driving a real Bolt app against FakeSlack', () => {
  const SECRET = 'test-signing-secret';
  let fake: FakeSlack;
  let app: App;
  let slack: SlackRequester;
  const closed = jest.fn();

  const addPartnerModal = {
    type: 'modal' as const,
    callback_id: 'add_partner',
    private_metadata: 'from-command',
    title: { type: 'plain_text' as const, text: 'Add a partner' },
    submit: { type: 'plain_text' as const, text: 'Save' },
    notify_on_close: true,
    blocks: [
      {
        type: 'input' as const,
        block_id: 'name',
        label: { type: 'plain_text' as const, text: 'Name' },
        element: { type: 'plain_text_input' as const, action_id: 'name_input' },
      },
      {
        type: 'input' as const,
        block_id: 'kind',
        optional: true,
        dispatch_action: true,
        label: { type: 'plain_text' as const, text: 'Kind' },
        element: {
          type: 'static_select' as const,
          action_id: 'kind_select',
          options: [
            { text: { type: 'plain_text' as const, text: 'University' }, value: 'university' },
            { text: { type: 'plain_text' as const, text: 'Company' }, value: 'company' },
          ],
        },
      },
    ],
  };

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addUser({ id: 'U0ANA', name: 'ana', real_name: 'Ana Díaz', tz: 'Europe/Madrid' });
    app = new App({
      token: 'xoxb-test',
      signingSecret: SECRET,
      logger: silentLogger,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/iec', async ({ ack, command, respond, client }) => {
      await ack();
      if (command.text === 'add') {
        await client.views.open({ trigger_id: command.trigger_id, view: addPartnerModal });
      } else if (command.text === 'post') {
        await client.chat.postMessage({
          channel: command.channel_id,
          text: 'Acme committed to a lecture',
          blocks: [
            { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*Acme* committed to a lecture' } },
            {
              type: 'actions',
              block_id: 'acts',
              elements: [{ type: 'button', action_id: 'done', text: { type: 'plain_text', text: 'Done' }, value: 'c-42' }],
            },
          ],
        });
      } else {
        await respond({ response_type: 'ephemeral', text: `${command.user_name} said ${command.text}` });
      }
    });
    app.action('done', async ({ ack, action, respond }) => {
      await ack();
      await respond({ replace_original: true, text: `Done ${'value' in action ? action.value : ''}` });
    });
    app.action('kind_select', async ({ ack, body, client }) => {
      await ack();
      if (body.type !== 'block_actions' || !body.view) return;
      await client.views.update({
        view_id: body.view.id,
        hash: body.view.hash,
        view: { ...addPartnerModal, private_metadata: 'kind chosen' },
      });
    });
    app.view('add_partner', async ({ ack, view, body, client }) => {
      const name = view.state.values.name.name_input.value;
      if (!name) {
        await ack({ response_action: 'errors', errors: { name: 'Please enter a name' } });
        return;
      }
      await ack();
      const kind = view.state.values.kind.kind_select.selected_option?.text.text ?? 'unknown kind';
      await client.chat.postMessage({ channel: body.user.id, text: `Added ${name} (${kind}, ${view.private_metadata})` });
    });
    app.view({ callback_id: 'add_partner', type: 'view_closed' }, async ({ ack, body }) => {
      await ack();
      if (body.type === 'view_closed') closed(body.view.id, body.is_cleared);
    });
    app.options('partner_lookup', async ({ ack, options }) => {
      const all = ['Acme', 'Acorn', 'Beta'];
      await ack({
        options: all
          .filter((p) => p.toLowerCase().startsWith(options.value.toLowerCase()))
          .map((p) => ({ text: { type: 'plain_text', text: p }, value: p })),
      });
    });
    app.event('app_home_opened', async ({ event, client, context }) => {
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `retry ${context.retryNum ?? 0}` } }] },
      });
    });
    const server = (await app.start(0)) as Server;
    slack = new SlackRequester({
      appUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
      signingSecret: SECRET,
      fake,
    });
  });

  afterEach(() => fake.reset());
  afterAll(async () => {
    await app.stop();
    await fake.stop();
  });

  it('delivers a command whose respond() lands on the fake response_url', async () => {
    const res = await slack.command('/iec', 'hello', { userId: 'U0ANA', channelId: 'C0GENERAL' });
    expect(res.status).toBe(200);
    const reply = await fake.waitFor('response_url', (c) => c.path === new URL(res.sent.response_url).pathname);
    expect(reply.args).toEqual({ response_type: 'ephemeral', text: 'ana said hello' });
  });

  it('opens a modal with the trigger id and submits it with typed values', async () => {
    await slack.command('/iec', 'add', { userId: 'U0ANA' });
    const opened = await fake.waitFor('views.open');
    const viewId = viewOf(opened).id;

    const invalid = await slack.viewSubmission({ userId: 'U0ANA', view: { id: viewId } });
    expect(invalid.status).toBe(200);
    expect(invalid.json).toEqual({ response_action: 'errors', errors: { name: 'Please enter a name' } });
    expect(invalid.sent.view).toMatchObject({
      callback_id: 'add_partner',
      private_metadata: 'from-command',
      state: { values: { name: { name_input: { value: null } } } },
    });

    const valid = await slack.viewSubmission({
      userId: 'U0ANA',
      view: { id: viewId },
      values: { name: { name_input: 'Acme' }, kind: { kind_select: 'company' } },
    });
    expect(valid).toMatchObject({ status: 200, body: '' });
    const posted = await fake.waitFor('chat.postMessage');
    expect(posted.args).toMatchObject({ channel: 'U0ANA', text: 'Added Acme (Company, from-command)' });
    expect(posted.response?.channel).toBe(fake.dmChannelFor('U0ANA'));
  });

  it('delivers actions inside a modal with a view the app can update', async () => {
    await slack.command('/iec', 'add', { userId: 'U0ANA' });
    const viewId = viewOf(await fake.waitFor('views.open')).id;
    await slack.blockAction({
      userId: 'U0ANA',
      view: { id: viewId },
      blockId: 'kind',
      actionId: 'kind_select',
      selectedOption: 'university',
    });
    const update = await fake.waitFor('views.update');
    expect(update.args.view_id).toBe(viewId);
    expect(fake.view(viewId)?.private_metadata).toBe('kind chosen');

    await slack.viewClosed({ userId: 'U0ANA', view: { id: viewId } });
    expect(closed).toHaveBeenCalledWith(viewId, false);
  });

  it('delivers a button click on a posted message; respond() replaces it in the fake', async () => {
    await slack.command('/iec', 'post', { userId: 'U0ANA', channelId: 'C0PARTNERS' });
    const posted = await fake.waitFor('chat.postMessage');
    const ts = String(posted.response?.ts);
    const res = await slack.blockAction({ userId: 'U0ANA', channelId: 'C0PARTNERS', message: { ts }, blockId: 'acts', actionId: 'done' });
    expect(res.sent.actions[0]).toMatchObject({ type: 'button', value: 'c-42', text: { text: 'Done' } });
    await fake.waitFor('response_url');
    expect(fake.message('C0PARTNERS', ts)?.text).toBe('Done c-42');
    await expect(
      slack.blockAction({ userId: 'U0ANA', channelId: 'C0PARTNERS', message: { ts }, blockId: 'acts', actionId: 'nope' }),
    ).rejects.toThrow(/the message has no element acts\/nope/);
  });

  it('returns the options an app answers to a block_suggestion', async () => {
    const res = await slack.options({ userId: 'U0ANA', blockId: 'partner', actionId: 'partner_lookup', value: 'ac' });
    expect(res.json?.options?.map((o) => o.value)).toEqual(['Acme', 'Acorn']);
  });

  it('delivers events with Slack retry headers that Bolt exposes as context.retryNum', async () => {
    const res = await slack.event(events.appHomeOpened('U0ANA'), { retryNum: 1, retryReason: 'http_timeout' });
    expect(res.status).toBe(200);
    await fake.waitFor('views.publish');
    expect(fake.homeView('U0ANA')?.blocks).toMatchObject([{ text: { text: 'retry 1' } }]);
  });

  it('answers the url_verification challenge', async () => {
    const res = await slack.urlVerification('abc123');
    expect(res.json).toEqual({ challenge: 'abc123' });
  });

  it('gets stale, unsigned and badly signed requests rejected by Bolt', async () => {
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    expect((await slack.command('/iec', 'hello', { userId: 'U0ANA' }, { timestamp: tenMinutesAgo })).status).toBe(401);
    expect((await slack.command('/iec', 'hello', { userId: 'U0ANA' }, { signature: 'v0=deadbeef' })).status).toBe(401);
    expect((await slack.command('/iec', 'hello', { userId: 'U0ANA' }, { signingSecret: 'not-the-secret' })).status).toBe(401);
    expect((await slack.command('/iec', 'hello', { userId: 'U0ANA' }, { omit: ['signature'] })).status).toBe(401);
    expect((await slack.command('/iec', 'hello', { userId: 'U0ANA' }, { omit: ['timestamp'] })).status).toBe(401);
    expect(fake.callsTo('response_url')).toEqual([]);
  });

  it('replays a request exactly; Bolt alone does not deduplicate it', async () => {
    const first = await slack.command('/iec', 'once', { userId: 'U0ANA' });
    const again = await slack.replay(first.request);
    expect(again.status).toBe(200);
    expect(again.request).toEqual(first.request);
    await fake.waitFor('response_url', () => fake.callsTo('response_url').length === 2);
    expect(fake.callsTo('response_url').map((c) => c.path)).toEqual([
      new URL(first.sent.response_url).pathname,
      new URL(first.sent.response_url).pathname,
    ]);
  });
});
