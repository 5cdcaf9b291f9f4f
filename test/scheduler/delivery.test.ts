import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import {
  classifySlackError,
  createDeliveryClient,
  DEFAULT_CLIENT_TIMEOUT_MS,
  DEFAULT_DELIVERY_OPTIONS,
  deliver,
  describeSlackError,
  NOTIFICATION_EVENT_TYPE,
  type DeliveryOptions,
} from '../../src/scheduler/delivery';
import { FakeSlack } from '../support/fake-slack';
import { fastTime, REPLICA_TIME_FACTOR, type TestTime, virtualTime } from '../support/time';
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
    quick = production();
  });

  // production's client timeout (20 s) unless on a fast clock; a capturing logger keeps the refusals the tests
  // provoke out of the console
  const client = (timeoutMs = DEFAULT_CLIENT_TIMEOUT_MS) =>
    createDeliveryClient('xoxb-test', { apiUrl: fake.apiUrl, timeoutMs, logger: new CapturingLogger() });
  const warnings: string[] = [];
  /** Production's options, on virtual time unless given a clock: a backoff or a Retry-After moves the clock. */
  const production = (time: TestTime = virtualTime()): DeliveryOptions => ({
    ...DEFAULT_DELIVERY_OPTIONS,
    clock: time.clock,
    sleep: time.sleep,
    warn: (m) => warnings.push(m),
  });
  let quick = production();
  /**
   * For a post that hangs: a clock REPLICA_TIME_FACTOR times as fast, the client giving up after production's
   * 20 s on it (1 s real), production's options on the same clock.
   */
  const hanging = () => {
    const time = fastTime(REPLICA_TIME_FACTOR);
    return { client: client(time.real(DEFAULT_CLIENT_TIMEOUT_MS)), options: production(time) };
  };
  const toC1 = { key: 'k1', recipient: { channel: 'C1' }, message: { text: 'hi' } };

  it('waits out Retry-After, then sends', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 1);
    const time = virtualTime();
    const started = time.clock().getTime();
    const result = await deliver(client(), toC1, production(time));
    expect(result).toMatchObject({ status: 'sent', channel: 'C1', attempts: 2 });
    expect(time.clock().getTime() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('gives up for now when Retry-After is beyond the time budget', async () => {
    // production's budget for one message is 60 s
    fake.fail('chat.postMessage', { status: 429, retryAfter: DEFAULT_DELIVERY_OPTIONS.maxTotalMs / 1000 + 1 }, 1);
    expect(await deliver(client(), toC1, quick)).toMatchObject({ status: 'retry', attempts: 1 });
  });

  it('treats a request that times out as transient, with bounded attempts', async () => {
    // three of production's 20 s timeouts (and the backoffs between them) use up its 60 s budget for one message
    fake.fail('chat.postMessage', { hang: true }, 4);
    const { client: slow, options } = hanging();
    expect(await deliver(slow, toC1, options)).toMatchObject({
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
    const h = hanging();
    const result = await deliver(h.client, toC1, h.options);
    expect(result).toMatchObject({ status: 'sent', recovered: true, attempts: 1, channel: 'C1' });
    expect(fake.messages('C1').map((m) => m.ts)).toEqual([result.status === 'sent' ? result.ts : '']);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(fake.lastCall('conversations.history')?.args).toMatchObject({ channel: 'C1', include_all_metadata: true });
  });

  it('a post that timed out before Slack accepted it is sent again, once', async () => {
    fake.fail('chat.postMessage', { hang: true });
    const h = hanging();
    const result = await deliver(h.client, toC1, h.options);
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    expect(result).not.toHaveProperty('recovered');
    expect(fake.messages('C1')).toHaveLength(1);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
  });

  it('a DM is looked for in the IM channel it was posted to', async () => {
    fake.fail('chat.postMessage', { acceptThenHang: true });
    const h = hanging();
    const result = await deliver(h.client, { key: 'dm', recipient: { user: 'U1' }, message: { text: 'hi' } }, h.options);
    expect(result).toMatchObject({ status: 'sent', recovered: true, channel: fake.dmChannelFor('U1') });
    expect(fake.messages()).toHaveLength(1);
  });

  it('a search that Slack rate-limits or fails is tried again', async () => {
    fake.fail('chat.postMessage', { acceptThenHang: true });
    fake.fail('conversations.history', { status: 503 });
    fake.fail('conversations.history', { status: 429, retryAfter: 0 });
    const h = hanging();
    expect(await deliver(h.client, toC1, h.options)).toMatchObject({ status: 'sent', recovered: true });
    expect(fake.callsTo('conversations.history')).toHaveLength(3);
    expect(fake.messages('C1')).toHaveLength(1);
  });

  it('reads page after page past other messages; beyond its bound it says so and sends again', async () => {
    // people talk in the channel between the lost answer and the search
    const chatty: Partial<DeliveryOptions> = {
      historyPageSize: 2,
      sleep: async () => {
        for (let i = 0; i < 5; i++) fake.postUserMessage('C1', 'U1', `chatter ${i}`);
      },
    };
    fake.fail('chat.postMessage', { acceptThenHang: true });
    const h = hanging();
    expect(await deliver(h.client, toC1, { ...h.options, ...chatty, historyMaxPages: 3 })).toMatchObject({
      status: 'sent',
      recovered: true,
    });
    expect(fake.callsTo('conversations.history').map((c) => c.args.cursor === undefined)).toEqual([true, false, false]);
    expect(warnings).toEqual([]);

    fake.reset();
    fake.fail('chat.postMessage', { acceptThenHang: true });
    const again = hanging();
    expect(await deliver(again.client, toC1, { ...again.options, ...chatty, historyMaxPages: 2 })).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
    expect(warnings).toEqual([expect.stringContaining('more than 4 messages in C1')]);
  });

  it('when the history cannot be read for good, it fails rather than risk a second copy', async () => {
    fake.fail('chat.postMessage', { acceptThenHang: true });
    fake.fail('conversations.history', { error: 'missing_scope' });
    const h = hanging();
    const result = await deliver(h.client, toC1, h.options);
    expect(result).toMatchObject({ status: 'failed', error: 'missing_scope' });
    expect(result.status === 'failed' && result.reason).toMatch(/^could not check whether an earlier attempt reached Slack.*reinstall/);
    expect(fake.messages('C1')).toHaveLength(1);
  });

  it('rejected blocks are permanent', async () => {
    const result = await deliver(client(), { ...toC1, message: { text: 'hi', blocks: [{ type: 'section' } as never] } }, quick);
    expect(result).toMatchObject({ status: 'failed', error: 'invalid_blocks', attempts: 1 });
  });
});
