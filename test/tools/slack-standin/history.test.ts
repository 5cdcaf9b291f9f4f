import { WebClient } from '@slack/web-api';
import { FakeSlack } from '../../../tools/slack-standin';
import { historyPage } from '../../../tools/slack-standin/history';
import type { FakeMessage } from '../../../tools/slack-standin/types';
import { CapturingLogger } from '../../support/logger';

const message = (ts: string, extra: Partial<FakeMessage> = {}): FakeMessage => ({
  type: 'message',
  channel: 'C1',
  ts,
  text: `m ${ts}`,
  user: 'U1',
  team: 'T1',
  ...extra,
});

describe('historyPage (conversations.history paging)', () => {
  const all = ['1700000000.000001', '1700000000.000002', '1700000001.000000', '1700000002.500000', '1700000003.000000'].map((ts) =>
    message(ts),
  );
  const tsOf = (page: ReturnType<typeof historyPage>) => ('error' in page ? page.error : page.messages.map((m) => m.ts));

  it('returns newest first, with oldest / latest exclusive unless inclusive, exact to the microsecond', () => {
    expect(tsOf(historyPage(all, {}))).toEqual([...all].reverse().map((m) => m.ts));
    expect(tsOf(historyPage(all, { oldest: '1700000000.000001' }))).toEqual([
      '1700000003.000000',
      '1700000002.500000',
      '1700000001.000000',
      '1700000000.000002',
    ]);
    expect(tsOf(historyPage(all, { oldest: '1700000000.000001', latest: '1700000002.500000', inclusive: true }))).toEqual([
      '1700000002.500000',
      '1700000001.000000',
      '1700000000.000002',
      '1700000000.000001',
    ]);
    expect(tsOf(historyPage(all, { oldest: '1700000001', latest: '1700000003' }))).toEqual(['1700000002.500000']);
  });

  it('pages with limit and an opaque cursor until has_more is false', () => {
    const seen: unknown[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = historyPage(all, { limit: 2, ...(cursor ? { cursor } : {}) });
      if ('error' in page) throw new Error(page.error);
      pages += 1;
      seen.push(...page.messages.map((m) => m.ts));
      expect(page.has_more).toBe(page.response_metadata.next_cursor !== '');
      if (!page.has_more) break;
      cursor = page.response_metadata.next_cursor;
      expect(cursor).not.toContain('17000');
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...all].reverse().map((m) => m.ts));
  });

  it('keeps thread replies in their thread and metadata unless include_all_metadata', () => {
    const metadata = { event_type: 'x', event_payload: { key: 'k' } };
    const messages = [message('1700000000.000001', { metadata }), message('1700000000.000002', { thread_ts: '1700000000.000001' })];
    const plain = historyPage(messages, {});
    const full = historyPage(messages, { include_all_metadata: true });
    if ('error' in plain || 'error' in full) throw new Error('unexpected error');
    expect(plain.messages).toHaveLength(1);
    expect(plain.messages[0]).not.toHaveProperty('metadata');
    expect(plain.messages[0]).not.toHaveProperty('channel');
    expect(full.messages[0].metadata).toEqual(metadata);
  });

  it('refuses bad bounds and cursors the way Slack does', () => {
    expect(tsOf(historyPage(all, { oldest: 'yesterday' }))).toBe('invalid_ts_oldest');
    expect(tsOf(historyPage(all, { latest: '-1' }))).toBe('invalid_ts_latest');
    expect(tsOf(historyPage(all, { cursor: 'not-a-cursor' }))).toBe('invalid_cursor');
  });
});

describe('FakeSlack: message metadata, conversations.history and acceptThenHang', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await FakeSlack.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());
  const client = (timeout = 5_000) =>
    new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, logger: new CapturingLogger(), retryConfig: { retries: 0 }, timeout });
  const metadata = { event_type: 'iec_notification', event_payload: { key: 'digest:hc:2026-W19' } };

  it('stores metadata with a posted message and returns it from history only when asked', async () => {
    const posted = await client().chat.postMessage({ channel: 'C1', text: 'digest', metadata });
    fake.postUserMessage('C1', 'U1', 'a person talking');
    expect(fake.message('C1', posted.ts!)?.metadata).toEqual(metadata);
    const plain = await client().conversations.history({ channel: 'C1' });
    expect(plain.messages?.map((m) => m.text)).toEqual(['a person talking', 'digest']);
    expect(plain.messages?.[1].metadata).toBeUndefined();
    const full = await client().conversations.history({ channel: 'C1', include_all_metadata: true, oldest: '0', limit: 1 });
    expect(full).toMatchObject({ has_more: true, messages: [{ text: 'a person talking' }] });
    const next = await client().conversations.history({
      channel: 'C1',
      include_all_metadata: true,
      cursor: full.response_metadata?.next_cursor,
    });
    expect(next).toMatchObject({ has_more: false, messages: [{ ts: posted.ts, metadata }] });
    await expect(client().conversations.history({ channel: 'C2' })).resolves.toMatchObject({ messages: [], has_more: false });
  });

  it('rejects metadata that is not { event_type, event_payload }', async () => {
    const bad = (m: unknown) =>
      client()
        .chat.postMessage({ channel: 'C1', text: 'x', metadata: m as never })
        .catch((e: { data: { error: string } }) => e.data.error);
    expect(await bad({ event_type: 'x' })).toBe('invalid_metadata_schema');
    expect(await bad({ event_type: 3, event_payload: {} })).toBe('invalid_metadata_schema');
    expect(await bad('{not json')).toBe('invalid_metadata_format');
    expect(fake.messages()).toEqual([]);
  });

  it('history of a channel the app is not in, or cannot see, is refused', async () => {
    fake.setChannelError('CNOTIN', 'not_in_channel');
    const error = await client()
      .conversations.history({ channel: 'CNOTIN' })
      .catch((e: { data: { error: string } }) => e.data.error);
    expect(error).toBe('not_in_channel');
  });

  it('acceptThenHang: the message is posted, the caller never hears so', async () => {
    fake.fail('chat.postMessage', { acceptThenHang: true });
    await expect(client(300).chat.postMessage({ channel: 'C1', text: 'lost answer', metadata })).rejects.toMatchObject({
      code: 'slack_webapi_request_error',
    });
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['lost answer']);
    expect(fake.lastCall('chat.postMessage')).toMatchObject({ ok: true, status: 0 });
    // the next call is answered as usual
    await expect(client().chat.postMessage({ channel: 'C1', text: 'answered' })).resolves.toMatchObject({ ok: true });
  });
});
