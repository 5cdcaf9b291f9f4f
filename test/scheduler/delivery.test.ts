import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import {
  classifySlackError,
  createDeliveryClient,
  DEFAULT_DELIVERY_OPTIONS,
  deliver,
  describeSlackError,
  NOTIFICATION_EVENT_TYPE,
  type DeliveryOptions,
} from '../../src/scheduler/delivery';
import { FakeSlack } from '../support/fake-slack';
import { CapturingLogger } from '../support/logger';

describe('classifySlackError', () => {
  it('tells rate limits, transient and permanent errors apart', () => {
    expect(classifySlackError(new WebAPIRateLimitedError(3))).toEqual({ kind: 'rate_limited', waitMs: 3000 });
    expect(classifySlackError(new WebAPIHTTPError(503, 'Service Unavailable', {}))).toEqual({ kind: 'transient', error: 'HTTP 503' });
    expect(classifySlackError(new WebAPIRequestError(new Error('ECONNRESET'))).kind).toBe('transient');
    expect(classifySlackError(new WebAPIPlatformError({ ok: false, error: 'internal_error' })).kind).toBe('transient');
    expect(classifySlackError(new WebAPIPlatformError({ ok: false, error: 'channel_not_found' }))).toEqual({
      kind: 'permanent',
      error: 'channel_not_found',
    });
    expect(classifySlackError(new WebAPIHTTPError(404, 'Not Found', {})).kind).toBe('permanent');
  });

  it('describes errors for people, keeping the code', () => {
    expect(describeSlackError('not_in_channel')).toContain('/invite @iec-bot');
    expect(describeSlackError('something_new')).toBe('Slack refused it (`something_new`)');
  });
});

describe('deliver', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await FakeSlack.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    warnings.length = 0;
  });

  // the fake's first Block Kit check loads its schema: allow for it, except where a timeout is the point
  // a capturing logger keeps the refusals the tests provoke out of the console
  const client = (timeoutMs = 5_000) =>
    createDeliveryClient('xoxb-test', { apiUrl: fake.apiUrl, timeoutMs, logger: new CapturingLogger() });
  const warnings: string[] = [];
  const quick: DeliveryOptions = {
    ...DEFAULT_DELIVERY_OPTIONS,
    maxTotalMs: 3_000,
    maxTransientAttempts: 3,
    baseBackoffMs: 10,
    warn: (m) => warnings.push(m),
  };
  const toC1 = { key: 'k1', recipient: { channel: 'C1' }, message: { text: 'hi' } };

  it('waits out Retry-After, then sends', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 1);
    const started = Date.now();
    const result = await deliver(client(), toC1, quick);
    expect(result).toMatchObject({ status: 'sent', channel: 'C1', attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives up for now when Retry-After is beyond the time budget', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 30 }, 1);
    expect(await deliver(client(), toC1, quick)).toMatchObject({ status: 'retry', attempts: 1 });
  });

  it('treats a request that times out as transient, with bounded attempts', async () => {
    fake.fail('chat.postMessage', { hang: true }, 3);
    expect(await deliver(client(300), toC1, quick)).toMatchObject({
      status: 'retry',
      attempts: 3,
      error: expect.stringContaining('network'),
    });
  });

  it('stops before an attempt when the claim is no longer ours', async () => {
    expect(await deliver(client(), toC1, quick, async () => false)).toEqual({ status: 'abandoned', attempts: 0 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('every post carries the key as message metadata; a first attempt reads no history', async () => {
    const result = await deliver(client(), toC1, quick);
    expect(result.status).toBe('sent');
    expect(fake.messages('C1')[0].metadata).toEqual({ event_type: NOTIFICATION_EVENT_TYPE, event_payload: { key: 'k1' } });
    expect(fake.callsTo('conversations.history')).toHaveLength(0);
  });

  it('a post Slack accepted but never answered is found in the history and not sent again', async () => {
    fake.fail('chat.postMessage', { acceptThenHang: true });
    const result = await deliver(client(300), toC1, quick);
    expect(result).toMatchObject({ status: 'sent', recovered: true, attempts: 1, channel: 'C1' });
    expect(fake.messages('C1').map((m) => m.ts)).toEqual([result.status === 'sent' ? result.ts : '']);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(fake.lastCall('conversations.history')?.args).toMatchObject({ channel: 'C1', include_all_metadata: true });
  });

  it('a post that timed out before Slack accepted it is sent again, once', async () => {
    fake.fail('chat.postMessage', { hang: true });
    const result = await deliver(client(300), toC1, quick);
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    expect(result).not.toHaveProperty('recovered');
    expect(fake.messages('C1')).toHaveLength(1);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
  });

  it('a DM is looked for in the IM channel it was posted to', async () => {
    fake.fail('chat.postMessage', { acceptThenHang: true });
    const result = await deliver(client(300), { key: 'dm', recipient: { user: 'U1' }, message: { text: 'hi' } }, quick);
    expect(result).toMatchObject({ status: 'sent', recovered: true, channel: fake.dmChannelFor('U1') });
    expect(fake.messages()).toHaveLength(1);
  });

  it('a search that Slack rate-limits or fails is tried again', async () => {
    fake.fail('chat.postMessage', { acceptThenHang: true });
    fake.fail('conversations.history', { status: 503 });
    fake.fail('conversations.history', { status: 429, retryAfter: 0 });
    expect(await deliver(client(300), toC1, quick)).toMatchObject({ status: 'sent', recovered: true });
    expect(fake.callsTo('conversations.history')).toHaveLength(3);
    expect(fake.messages('C1')).toHaveLength(1);
  });

  it('reads page after page past other messages; beyond its bound it says so and sends again', async () => {
    // people talk in the channel between the lost answer and the search
    const chatty: DeliveryOptions = {
      ...quick,
      historyPageSize: 2,
      sleep: async () => {
        for (let i = 0; i < 5; i++) fake.postUserMessage('C1', 'U1', `chatter ${i}`);
      },
    };
    fake.fail('chat.postMessage', { acceptThenHang: true });
    expect(await deliver(client(300), toC1, { ...chatty, historyMaxPages: 3 })).toMatchObject({ status: 'sent', recovered: true });
    expect(fake.callsTo('conversations.history').map((c) => c.args.cursor === undefined)).toEqual([true, false, false]);
    expect(warnings).toEqual([]);

    fake.reset();
    fake.fail('chat.postMessage', { acceptThenHang: true });
    expect(await deliver(client(300), toC1, { ...chatty, historyMaxPages: 2 })).toMatchObject({ status: 'sent', attempts: 2 });
    expect(warnings).toEqual([expect.stringContaining('more than 4 messages in C1')]);
  });

  it('when the history cannot be read for good, it fails rather than risk a second copy', async () => {
    fake.fail('chat.postMessage', { acceptThenHang: true });
    fake.fail('conversations.history', { error: 'missing_scope' });
    const result = await deliver(client(300), toC1, quick);
    expect(result).toMatchObject({ status: 'failed', error: 'missing_scope' });
    expect(result.status === 'failed' && result.reason).toMatch(/^could not check whether an earlier attempt reached Slack.*reinstall/);
    expect(fake.messages('C1')).toHaveLength(1);
  });

  it('rejected blocks are permanent', async () => {
    const result = await deliver(client(), { ...toC1, message: { text: 'hi', blocks: [{ type: 'section' } as never] } }, quick);
    expect(result).toMatchObject({ status: 'failed', error: 'invalid_blocks', attempts: 1 });
  });
});
