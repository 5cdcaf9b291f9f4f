import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { classifySlackError, createDeliveryClient, deliver, describeSlackError } from '../../src/scheduler/delivery';
import { FakeSlack } from '../support/fake-slack';

describe('classifySlackError', () => {
  it('tells rate limits, transient and permanent errors apart', () => {
    expect(classifySlackError(new WebAPIRateLimitedError(3))).toEqual({ kind: 'rate_limited', waitMs: 3000 });
    expect(classifySlackError(new WebAPIHTTPError(503, 'Service Unavailable', {}))).toEqual({ kind: 'transient', error: 'HTTP 503' });
    expect(classifySlackError(new WebAPIRequestError(new Error('ECONNRESET'))).kind).toBe('transient');
    expect(classifySlackError(new WebAPIPlatformError({ ok: false, error: 'internal_error' })).kind).toBe('transient');
    expect(classifySlackError(new WebAPIPlatformError({ ok: false, error: 'channel_not_found' }))).toEqual({ kind: 'permanent', error: 'channel_not_found' });
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
  beforeEach(() => fake.reset());

  // the fake's first Block Kit check loads its schema: allow for it, except where a timeout is the point
  const client = (timeoutMs = 5_000) => createDeliveryClient('xoxb-test', { apiUrl: fake.apiUrl, timeoutMs });
  const quick = { maxTotalMs: 3_000, maxTransientAttempts: 3, baseBackoffMs: 10, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

  it('waits out Retry-After, then sends', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 1);
    const started = Date.now();
    const result = await deliver(client(), { channel: 'C1' }, { text: 'hi' }, quick);
    expect(result).toMatchObject({ status: 'sent', channel: 'C1', attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives up for now when Retry-After is beyond the time budget', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 30 }, 1);
    expect(await deliver(client(), { channel: 'C1' }, { text: 'hi' }, quick)).toMatchObject({ status: 'retry', attempts: 1 });
  });

  it('treats a request that times out as transient, with bounded attempts', async () => {
    fake.fail('chat.postMessage', { hang: true }, 3);
    expect(await deliver(client(300), { channel: 'C1' }, { text: 'hi' }, quick)).toMatchObject({ status: 'retry', attempts: 3, error: expect.stringContaining('network') });
  });

  it('stops before an attempt when the claim is no longer ours', async () => {
    expect(await deliver(client(), { channel: 'C1' }, { text: 'hi' }, quick, async () => false)).toEqual({ status: 'abandoned', attempts: 0 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('rejected blocks are permanent', async () => {
    const result = await deliver(client(), { channel: 'C1' }, { text: 'hi', blocks: [{ type: 'section' } as never] }, quick);
    expect(result).toMatchObject({ status: 'failed', error: 'invalid_blocks', attempts: 1 });
  });
});
