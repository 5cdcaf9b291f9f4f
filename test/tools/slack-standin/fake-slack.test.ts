import { ErrorCode, LogLevel, WebClient, WebClientEvent, type Logger, type WebClientOptions } from '@slack/web-api';
import { FakeSlack } from '../../../tools/slack-standin';

const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

function clientFor(fake: FakeSlack, opts: WebClientOptions = {}): WebClient {
  return new WebClient('xoxb-test-token', { slackApiUrl: fake.apiUrl, logger: silentLogger, retryConfig: { retries: 0 }, ...opts });
}

interface PlatformFailure {
  code?: string;
  error?: string;
  messages: string[];
  statusCode?: number;
  retryAfter?: number;
}

/** Runs a Web API call that should fail and returns how it failed. */
async function failure(call: Promise<unknown>): Promise<PlatformFailure> {
  try {
    await call;
  } catch (err) {
    const e = err as {
      code?: string;
      data?: { error?: string; response_metadata?: { messages?: string[] } };
      statusCode?: number;
      retryAfter?: number;
    };
    return {
      code: e.code,
      error: e.data?.error,
      messages: e.data?.response_metadata?.messages ?? [],
      statusCode: e.statusCode,
      retryAfter: e.retryAfter,
    };
  }
  throw new Error('expected the call to fail');
}

const section = (text: string, blockId?: string) => ({
  type: 'section',
  ...(blockId ? { block_id: blockId } : {}),
  text: { type: 'mrkdwn', text },
});

const modal = (title: string) => ({
  type: 'modal' as const,
  callback_id: 'add_partner',
  title: { type: 'plain_text' as const, text: title },
  submit: { type: 'plain_text' as const, text: 'Save' },
  blocks: [
    {
      type: 'input' as const,
      block_id: 'name',
      label: { type: 'plain_text' as const, text: 'Name' },
      element: { type: 'plain_text_input' as const, action_id: 'name_input', max_length: 100 },
    },
  ],
});

describe('FakeSlack with a real WebClient', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    client = clientFor(fake);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.stop());

  it('serves auth.test with the workspace identity', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: fake.teamId, user_id: fake.botUserId, bot_id: fake.botId });
    expect(res.team_id).toMatch(/^T/);
    expect(res.url).toMatch(/^https:\/\/.+\.slack\.com\/$/);
    expect(fake.lastCall('auth.test')).toMatchObject({ ok: true, token: 'xoxb-test-token' });
  });

  it('accepts a valid message, records its decoded blocks and gives increasing timestamps', async () => {
    const blocks = [
      section('*Acme* committed to a guest lecture', 'summary'),
      {
        type: 'actions',
        block_id: 'acts',
        elements: [{ type: 'button', action_id: 'done', text: { type: 'plain_text', text: 'Done' }, value: 'c-1' }],
      },
    ];
    const first = await client.chat.postMessage({ channel: 'C0PARTNERS', text: 'Acme committed', blocks, unfurl_links: false });
    const second = await client.chat.postMessage({ channel: 'C0PARTNERS', text: 'again' });

    expect(first).toMatchObject({ ok: true, channel: 'C0PARTNERS', message: { text: 'Acme committed', bot_id: fake.botId } });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    const call = fake.callsTo('chat.postMessage')[0];
    expect(call).toMatchObject({
      ok: true,
      status: 200,
      args: { channel: 'C0PARTNERS', text: 'Acme committed', blocks, unfurl_links: false },
    });
    expect(fake.messages('C0PARTNERS').map((m) => m.text)).toEqual(['Acme committed', 'again']);
  });

  it('rejects 51 blocks in a message with invalid_blocks', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
    const f = await failure(client.chat.postMessage({ channel: 'C1', text: 'too many', blocks }));
    expect(f).toMatchObject({ code: ErrorCode.PlatformError, error: 'invalid_blocks' });
    expect(f.messages.join('\n')).toMatch(/51 blocks; a message allows at most 50/);
    expect(fake.lastCall('chat.postMessage')).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(fake.messages('C1')).toEqual([]);
  });

  it('names the exact field of a schema violation, without noise from other block types', async () => {
    const blocks = [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'ok' },
        accessory: { type: 'button', action_id: 'b', text: { type: 'plain_text', text: 'x'.repeat(80) }, colour: 'red' },
      },
    ];
    const f = await failure(client.chat.postMessage({ channel: 'C1', text: 'x', blocks }));
    expect(f.error).toBe('invalid_blocks');
    expect(f.messages).toEqual(
      expect.arrayContaining([
        '[ERROR] must NOT have more than 75 characters [json-pointer:/blocks/0/accessory/text/text]',
        '[ERROR] must NOT have additional property "colour" [json-pointer:/blocks/0/accessory]',
        '[ERROR] button text has 80 characters; Slack allows at most 75 [json-pointer:/blocks/0/accessory/text/text]',
      ]),
    );
    expect(f.messages.length).toBeLessThanOrEqual(4);
  });

  it('rejects an unknown block type and input blocks in messages', async () => {
    const misspelt: unknown = { type: 'sektion', text: { type: 'mrkdwn', text: 'x' } };
    const unknown = await failure(client.apiCall('chat.postMessage', { channel: 'C1', text: 'x', blocks: [misspelt] }));
    expect(unknown.error).toBe('invalid_blocks');
    expect(unknown.messages[0]).toMatch(/^\[ERROR\] must be one of: "actions", .*\[json-pointer:\/blocks\/0\/type\]$/);

    const input = await failure(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: modal('T').blocks }));
    expect(input.messages.join('\n')).toMatch(/input blocks are only allowed in modals/);
  });

  it('answers Slack-specific errors for missing arguments', async () => {
    expect((await failure(client.apiCall('chat.postMessage', { text: 'no channel' }))).error).toBe('channel_not_found');
    expect((await failure(client.apiCall('chat.postMessage', { channel: 'C1' }))).error).toBe('no_text');
    const publish = await failure(client.apiCall('views.publish', { view: { type: 'home', blocks: [section('hi')] } }));
    expect(publish).toMatchObject({ error: 'invalid_arguments', messages: ['[ERROR] missing required field: user_id'] });
    expect((await failure(client.apiCall('reactions.add', { channel: 'C1', timestamp: '1.2' }))).messages).toEqual([
      '[ERROR] missing required field: name',
    ]);
  });

  it('answers not_authed without a token', async () => {
    const anonymous = new WebClient(undefined, { slackApiUrl: fake.apiUrl, logger: silentLogger, retryConfig: { retries: 0 } });
    expect((await failure(anonymous.chat.postMessage({ channel: 'C1', text: 'x' }))).error).toBe('not_authed');
  });

  it('answers unknown_method for methods Slack does not have, ok for other real ones', async () => {
    expect((await failure(client.apiCall('chat.postMessages', { channel: 'C1', text: 'x' }))).error).toBe('unknown_method');
    await expect(client.reactions.add({ channel: 'C1', timestamp: '1.2', name: 'tada' })).resolves.toMatchObject({ ok: true });
  });

  it('accepts JSON bodies with a bearer token, like the WebClient of other languages', async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-json' },
      body: JSON.stringify({ channel: 'C1', text: 'json', blocks: [section('hi')] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C1' });
    expect(fake.lastCall('chat.postMessage')).toMatchObject({ token: 'xoxb-json', args: { blocks: [section('hi')] } });
  });

  describe('views', () => {
    it('opens a valid modal and returns a view with a V id; updates it by view_id and external_id', async () => {
      const opened = await client.views.open({
        trigger_id: fake.issueTriggerId(),
        view: { ...modal('Add a partner'), external_id: 'ext-1' },
      });
      const view = opened.view!;
      const viewId = view.id!;
      expect(viewId).toMatch(/^V/);
      expect(view).toMatchObject({ type: 'modal', callback_id: 'add_partner', title: { text: 'Add a partner' }, state: { values: {} } });
      expect(fake.view(viewId)?.callback_id).toBe('add_partner');

      const byId = await client.views.update({ view_id: viewId, hash: view.hash, view: modal('Step two') });
      expect(byId.view).toMatchObject({ id: viewId, title: { text: 'Step two' } });
      const byExternal = await client.views.update({ external_id: 'ext-1', view: modal('Step three') });
      expect(byExternal.view?.id).toBe(viewId);

      expect((await failure(client.views.update({ view_id: viewId, hash: view.hash, view: modal('Stale') }))).error).toBe('hash_conflict');
      expect((await failure(client.views.update({ view_id: 'VNOPE', view: modal('x') }))).error).toBe('not_found');

      const pushed = await client.views.push({ trigger_id: fake.issueTriggerId(), view: modal('Details') });
      expect(pushed.view?.id).toMatch(/^V/);
      expect(pushed.view?.id).not.toBe(viewId);
      expect(
        (await failure(client.views.push({ trigger_id: fake.issueTriggerId(), view: { ...modal('Dup'), external_id: 'ext-1' } }))).error,
      ).toBe('duplicate_external_id');
    });

    it('rejects a modal whose title has 25 characters', async () => {
      const f = await failure(client.views.open({ trigger_id: fake.issueTriggerId(), view: modal('x'.repeat(25)) }));
      expect(f.error).toBe('invalid_arguments');
      expect(f.messages).toContain('[ERROR] modal title has 25 characters; Slack allows at most 24 [json-pointer:/view/title/text]');
      expect(fake.lastCall('views.open')).toMatchObject({ ok: false, error: 'invalid_arguments' });
    });

    it('enforces trigger ids: required, used once, expiring', async () => {
      expect((await failure(client.apiCall('views.open', { view: modal('No trigger') }))).messages).toEqual([
        '[ERROR] missing required field: trigger_id',
      ]);
      expect((await failure(client.views.open({ trigger_id: 'not-a-trigger', view: modal('x') }))).error).toBe('invalid_trigger_id');
      const trigger = fake.issueTriggerId();
      await client.views.open({ trigger_id: trigger, view: modal('Once') });
      expect((await failure(client.views.open({ trigger_id: trigger, view: modal('Twice') }))).error).toBe('exchanged_trigger_id');

      const quick = await FakeSlack.start({ triggerIdTtlMs: 20 });
      try {
        const late = quick.issueTriggerId();
        await new Promise((r) => setTimeout(r, 60));
        expect((await failure(clientFor(quick).views.open({ trigger_id: late, view: modal('Late') }))).error).toBe('expired_trigger_id');
      } finally {
        await quick.stop();
      }
    });

    it('publishes Home tabs per user and rejects input blocks there', async () => {
      const res = await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [section('Your commitments')] } });
      expect(res.view).toMatchObject({ type: 'home', id: expect.stringMatching(/^V/) });
      expect(fake.homeView('U1')?.blocks).toHaveLength(1);
      const f = await failure(client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: modal('x').blocks } }));
      expect(f.error).toBe('invalid_arguments');
      expect(f.messages.join('\n')).toMatch(/input blocks are only allowed in modals, not in a home/);
    });
  });

  describe('faults and rate limits', () => {
    it('answers 429 with Retry-After, which the WebClient waits out and retries', async () => {
      const patient = clientFor(fake, { retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 10 } });
      const rateLimited = jest.fn();
      patient.on(WebClientEvent.RATE_LIMITED, rateLimited);
      fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });

      const started = Date.now();
      const res = await patient.chat.postMessage({ channel: 'C1', text: 'eventually' });

      expect(res.ok).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950); // the client waited out Retry-After: 1
      expect(rateLimited).toHaveBeenCalledWith(1, expect.anything());
      expect(fake.callsTo('chat.postMessage').map((c) => [c.status, c.ok, c.error])).toEqual([
        [429, false, 'ratelimited'],
        [200, true, undefined],
      ]);
    });

    it('answers 500, or an error body, for as many calls as asked', async () => {
      fake.fail('chat.update', { status: 500 });
      fake.fail('chat.postMessage', { error: 'channel_not_found' }, 2);
      expect(await failure(client.chat.update({ channel: 'C1', ts: '1.1', text: 'x' }))).toMatchObject({
        code: ErrorCode.HTTPError,
        statusCode: 500,
      });
      expect((await failure(client.chat.postMessage({ channel: 'C1', text: 'x' }))).error).toBe('channel_not_found');
      expect((await failure(client.chat.postMessage({ channel: 'C1', text: 'x' }))).error).toBe('channel_not_found');
      await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
      expect(fake.failedCalls().map((c) => c.method)).toEqual(['chat.update', 'chat.postMessage', 'chat.postMessage']);
    });

    it('makes a channel fail permanently until reset', async () => {
      fake.setChannelError('C0ARCHIVED', 'is_archived');
      expect((await failure(client.chat.postMessage({ channel: 'C0ARCHIVED', text: 'x' }))).error).toBe('is_archived');
      expect((await failure(client.chat.postMessage({ channel: 'C0ARCHIVED', text: 'y' }))).error).toBe('is_archived');
      expect((await client.conversations.info({ channel: 'C0ARCHIVED' })).channel?.is_archived).toBe(true);
      fake.reset();
      await expect(client.chat.postMessage({ channel: 'C0ARCHIVED', text: 'z' })).resolves.toMatchObject({ ok: true });
    });

    it('can hang a call until the fake stops', async () => {
      const hanging = await FakeSlack.start();
      const impatient = clientFor(hanging, { timeout: 200 });
      hanging.fail('chat.postMessage', { hang: true });
      const f = await failure(impatient.chat.postMessage({ channel: 'C1', text: 'x' }));
      expect(f.code).toBe(ErrorCode.RequestError);
      expect(hanging.lastCall('chat.postMessage')).toMatchObject({ ok: false, error: 'hang' });

      hanging.fail('chat.postMessage', { hang: true });
      const pending = clientFor(hanging).chat.postMessage({ channel: 'C1', text: 'never answered' });
      await hanging.waitForNext('chat.postMessage', () => true, 100).catch(() => undefined);
      await hanging.stop();
      expect((await failure(pending)).code).toBe(ErrorCode.RequestError);
    });

    it('rate-limits chat.postMessage per channel with a correct Retry-After', async () => {
      const limited = await FakeSlack.start({ perChannelRatePerSecond: 1 });
      try {
        const strict = clientFor(limited, { rejectRateLimitedCalls: true });
        await strict.chat.postMessage({ channel: 'C1', text: '1' });
        await strict.chat.postMessage({ channel: 'C1', text: '2' });
        const f = await failure(strict.chat.postMessage({ channel: 'C1', text: '3' }));
        expect(f).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
        await expect(strict.chat.postMessage({ channel: 'C2', text: 'other channel' })).resolves.toMatchObject({ ok: true });
        await new Promise((r) => setTimeout(r, 1100));
        await expect(strict.chat.postMessage({ channel: 'C1', text: '4' })).resolves.toMatchObject({ ok: true });
      } finally {
        await limited.stop();
      }
    });
  });

  describe('messages, conversations and users', () => {
    it('updates and deletes posted messages; ephemeral messages cannot be updated', async () => {
      const posted = await client.chat.postMessage({ channel: 'C1', text: 'draft' });
      const updated = await client.chat.update({ channel: 'C1', ts: posted.ts!, text: 'final', blocks: [section('final', 'b1')] });
      expect(updated).toMatchObject({ ok: true, text: 'final' });
      expect(fake.message('C1', posted.ts!)).toMatchObject({
        text: 'final',
        blocks: [section('final', 'b1')],
        edited: { user: fake.botUserId },
      });

      const ephemeral = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'only you' });
      expect(ephemeral.message_ts).toMatch(/^\d+\.\d{6}$/);
      expect((await failure(client.chat.update({ channel: 'C1', ts: ephemeral.message_ts!, text: 'x' }))).error).toBe('message_not_found');

      await client.chat.delete({ channel: 'C1', ts: posted.ts! });
      expect(fake.message('C1', posted.ts!)).toBeUndefined();
      expect((await failure(client.chat.delete({ channel: 'C1', ts: posted.ts! }))).error).toBe('message_not_found');
    });

    it('opens a stable IM per user set and posts to a user id through it', async () => {
      const a = await client.conversations.open({ users: 'U1' });
      const b = await client.conversations.open({ users: 'U1' });
      const group = await client.conversations.open({ users: 'U2,U1' });
      expect(a.channel?.id).toMatch(/^D/);
      expect(b.channel?.id).toBe(a.channel?.id);
      expect(group.channel?.id).not.toBe(a.channel?.id);
      expect((await client.conversations.open({ users: 'U1,U2' })).channel?.id).toBe(group.channel?.id);

      const posted = await client.chat.postMessage({ channel: 'U1', text: 'your digest' });
      expect(posted.channel).toBe(a.channel?.id);
      expect(fake.dmChannelFor('U1')).toBe(a.channel?.id);
    });

    it('describes seeded and unknown conversations', async () => {
      fake.addChannel({ id: 'C0PARTNERS', name: 'partners', members: ['U1'] });
      expect((await client.conversations.info({ channel: 'C0PARTNERS' })).channel).toMatchObject({
        id: 'C0PARTNERS',
        name: 'partners',
        is_channel: true,
        is_archived: false,
      });
      expect((await client.conversations.info({ channel: 'G0SECRET' })).channel).toMatchObject({ id: 'G0SECRET', is_private: true });
      fake.setChannelError('C0GONE', 'channel_not_found');
      expect((await failure(client.conversations.info({ channel: 'C0GONE' }))).error).toBe('channel_not_found');
      expect(fake.channel('C0PARTNERS')?.name).toBe('partners');
      expect(fake.channel('C0UNSEEDED')).toBeUndefined();
    });

    it('serves users.info from the seeded registry', async () => {
      fake.addUser({ id: 'U0ANA', name: 'ana', real_name: 'Ana Díaz', tz: 'America/Santiago', email: 'ana@example.org' });
      fake.addUser({ id: 'U0GONE', name: 'gone', deleted: true });
      const ana = await client.users.info({ user: 'U0ANA' });
      expect(ana.user).toMatchObject({
        id: 'U0ANA',
        name: 'ana',
        real_name: 'Ana Díaz',
        tz: 'America/Santiago',
        team_id: fake.teamId,
        is_bot: false,
      });
      expect([-14400, -10800]).toContain(ana.user?.tz_offset);
      expect((await client.users.info({ user: 'U0GONE' })).user?.deleted).toBe(true);
      expect((await failure(client.users.info({ user: 'U0NOBODY' }))).error).toBe('user_not_found');
      expect((await client.users.lookupByEmail({ email: 'ANA@example.org' })).user?.id).toBe('U0ANA');
      expect((await failure(client.conversations.open({ users: 'U0GONE' }))).error).toBe('user_disabled');
      fake.reset();
      expect((await client.users.info({ user: 'U0ANA' })).ok).toBe(true);
    });
  });

  describe('files', () => {
    it('stores the bytes of files.uploadV2 and the share details', async () => {
      const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x10]);
      const res = await client.filesUploadV2({
        channel_id: 'C0REPORTS',
        file: bytes,
        filename: 'report.xlsx',
        title: 'Q3 report',
        initial_comment: 'Here is the Q3 report',
      });
      expect(res.ok).toBe(true);
      expect(fake.uploadedFiles).toHaveLength(1);
      const [file] = fake.uploadedFiles;
      expect(file).toMatchObject({
        filename: 'report.xlsx',
        title: 'Q3 report',
        channel_id: 'C0REPORTS',
        initial_comment: 'Here is the Q3 report',
        length: bytes.length,
      });
      expect(file.bytes.equals(bytes)).toBe(true);
      expect(fake.callsTo('file_upload')).toHaveLength(1);
      expect(fake.messages('C0REPORTS')[0]).toMatchObject({ text: 'Here is the Q3 report', files: [{ id: file.id, name: 'report.xlsx' }] });
    });

    it('uploads text content and refuses to complete a file that was never uploaded', async () => {
      await client.filesUploadV2({ channel_id: 'C1', content: 'name,email\nAna,ana@example.org\n', filename: 'partners.csv' });
      expect(fake.uploadedFiles[0].bytes.toString('utf8')).toBe('name,email\nAna,ana@example.org\n');

      const ticket = await client.files.getUploadURLExternal({ filename: 'x.txt', length: 3 });
      expect(ticket.upload_url?.startsWith(fake.baseUrl)).toBe(true);
      const f = await failure(client.files.completeUploadExternal({ files: [{ id: ticket.file_id! }] }));
      expect(f.error).toBe('file_not_found');
    });
  });

  describe('response_url', () => {
    const respond = (url: string, body: unknown) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    it('records posts as response_url calls and validates them as messages', async () => {
      const url = fake.responseUrl('cmd');
      expect(url).toMatch(new RegExp(`^${fake.baseUrl}/response/cmd-`));
      expect(fake.responseUrl('cmd')).not.toBe(url);

      const good = await respond(url, { response_type: 'ephemeral', text: 'Saved', blocks: [section('Saved *Acme*')] });
      expect(good.status).toBe(200);
      const call = await fake.waitFor('response_url');
      expect(call).toMatchObject({ ok: true, path: new URL(url).pathname, args: { response_type: 'ephemeral', text: 'Saved' } });

      const bad = await respond(url, { text: 'x', blocks: Array.from({ length: 51 }, () => section('x')) });
      expect(await bad.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
      expect(fake.lastCall('response_url')).toMatchObject({ ok: false, error: 'invalid_blocks' });
    });

    it('replaces or deletes the original message and allows five uses', async () => {
      const original = fake.seedMessage('C1', { text: 'Pending', blocks: [section('Pending', 'status')] });
      const url = fake.responseUrl('action', { channelId: 'C1', messageTs: original.ts });
      await respond(url, { replace_original: true, text: 'Done', blocks: [section('Done', 'status')] });
      expect(fake.message('C1', original.ts)).toMatchObject({ text: 'Done', blocks: [section('Done', 'status')] });
      await respond(url, { delete_original: true });
      expect(fake.message('C1', original.ts)).toBeUndefined();
      for (let i = 0; i < 3; i++) expect((await respond(url, { text: `extra ${i}` })).status).toBe(200);
      const sixth = await respond(url, { text: 'one too many' });
      expect(sixth.status).toBe(404);
      expect(await sixth.json()).toMatchObject({ error: 'used_url' });
    });
  });

  describe('waitFor', () => {
    it('resolves with a call that arrives later, or one already recorded', async () => {
      const later = fake.waitFor('chat.postMessage', (c) => c.args.text === 'second');
      await client.chat.postMessage({ channel: 'C1', text: 'first' });
      await client.chat.postMessage({ channel: 'C1', text: 'second' });
      expect((await later).args.text).toBe('second');
      expect((await fake.waitFor('chat.postMessage')).args.text).toBe('first');
    });

    it('times out listing the rejected attempts', async () => {
      await failure(
        client.chat.postMessage({
          channel: 'C1',
          text: 'x',
          blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
        }),
      );
      await expect(fake.waitFor('chat.postMessage', undefined, 50)).rejects.toThrow(
        /invalid_blocks: \[ERROR\] .*header text has 151 characters/,
      );
      await expect(fake.waitFor('views.open', undefined, 20)).rejects.toThrow(/No views.open calls at all; calls seen: chat.postMessage/);
    });

    it('keeps progress notices out of callsTo and waitFor, and shows them apart; undefined counts every call again', async () => {
      fake.progressNotices((c) => c.args.text === 'still working');
      try {
        const answer = fake.waitFor('chat.postMessage');
        await client.chat.postMessage({ channel: 'C1', text: 'still working' });
        await client.chat.postMessage({ channel: 'C1', text: 'the answer' });
        expect((await answer).args.text).toBe('the answer');
        expect(fake.callsTo('chat.postMessage').map((c) => c.args.text)).toEqual(['the answer']);
        expect(fake.lastCall('chat.postMessage')?.args.text).toBe('the answer');
        expect(fake.progressCalls('chat.postMessage').map((c) => c.args.text)).toEqual(['still working']);
        expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(2);
      } finally {
        fake.progressNotices(undefined);
      }
      await client.chat.postMessage({ channel: 'C1', text: 'still working' });
      expect(fake.callsTo('chat.postMessage').map((c) => c.args.text)).toEqual(['the answer', 'still working']);
    });
  });
});

describe('what the sandbox needs from the fake', () => {
  let fake: FakeSlack;
  let client: WebClient;
  beforeEach(async () => {
    fake = await FakeSlack.start();
    client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl });
  });
  afterEach(() => fake.stop());

  it('keeps ephemeral replies per user: chat.postEphemeral and response_url replies, replaced and deleted through their response_url', async () => {
    await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'only for U1' });
    const url = fake.responseUrl('cmd', { channelId: 'C1', userId: 'U2' });
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'only for U2' }) });
    expect(fake.ephemerals('U1').map((e) => e.text)).toEqual(['only for U1']);
    const [reply] = fake.ephemerals('U2', 'C1');
    expect(reply.text).toBe('only for U2');
    expect(fake.messages('C1')).toEqual([]);

    const again = fake.responseUrl('btn', { channelId: 'C1', userId: 'U2', ephemeralTs: reply.ts });
    await fetch(again, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'replaced' }),
    });
    expect(fake.ephemerals('U2').map((e) => e.text)).toEqual(['replaced']);
    await fetch(again, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delete_original: true }),
    });
    expect(fake.ephemerals('U2')).toEqual([]);
  });

  it('gives a modal opened with a trigger issued to a user that user id, and tells subscribers about every call', async () => {
    const seen: string[] = [];
    const unsubscribe = fake.subscribe((call) => seen.push(call.method));
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Hi' },
      blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'hi' } }],
    };
    const opened = await client.views.open({ trigger_id: fake.issueTriggerId('U7'), view });
    expect(fake.view(opened.view!.id!)?.user_id).toBe('U7');
    unsubscribe();
    await client.auth.test();
    expect(seen).toEqual(['views.open']);
  });

  it('checks a modal returned by response_action like views.update, and stores it in place', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'One' }, blocks: [{ type: 'divider' as const }] };
    const opened = await client.views.open({ trigger_id: fake.issueTriggerId('U7'), view });
    const id = opened.view!.id!;
    const updated = fake.acceptResponseView({ ...view, title: { type: 'plain_text', text: 'Two' } }, { userId: 'U7', replaceId: id });
    expect(updated.ok).toBe(true);
    expect(fake.view(id)?.title?.text).toBe('Two');
    const bad = fake.acceptResponseView({ ...view, title: { type: 'plain_text', text: 'x'.repeat(25) } }, { userId: 'U7' });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad.response)).toContain('title');
  });

  it('shows what a person typed in a channel', () => {
    fake.postUserMessage('C1', 'U1', 'hello');
    expect(fake.messages('C1')).toMatchObject([{ user: 'U1', text: 'hello' }]);
  });
});
