/**
 * conversations.history over the messages the fake holds, the way Slack pages it: newest first, `oldest` /
 * `latest` (exclusive unless `inclusive`), `limit` (default 100, at most 999), an opaque `cursor` with
 * `has_more` and `response_metadata.next_cursor`. Thread replies stay in their thread. A message's `metadata` is
 * returned only with `include_all_metadata`. Pure: no HTTP, no workspace state.
 */
import type { FakeMessage } from './types';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 999;
const TS = /^\d+(\.\d{1,6})?$/;

export type HistoryPage =
  | { error: string }
  | {
      messages: Record<string, unknown>[];
      has_more: boolean;
      pin_count: number;
      channel_actions_ts: null;
      channel_actions_count: number;
      response_metadata: { next_cursor: string };
    };

/** A message timestamp as microseconds (exact: a double cannot hold `1700000000.000001`). */
function micros(ts: string): bigint {
  const [seconds, fraction = ''] = ts.split('.');
  return BigInt(seconds) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
}

function encodeCursor(ts: string): string {
  return Buffer.from(`next_ts:${ts}`, 'utf8').toString('base64');
}

function decodeCursor(cursor: string): string | undefined {
  const decoded = /^next_ts:(.+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))?.[1];
  return decoded !== undefined && TS.test(decoded) ? decoded : undefined;
}

function bound(value: unknown, error: string): { ts?: string } | { error: string } {
  if (value === undefined || value === null || value === '') return {};
  const ts = typeof value === 'number' ? String(value) : value;
  return typeof ts === 'string' && TS.test(ts) ? { ts } : { error };
}

/** One page of `channelMessages` (any order) as conversations.history answers `args`. */
export function historyPage(channelMessages: readonly FakeMessage[], args: Record<string, unknown>): HistoryPage {
  const oldest = bound(args.oldest, 'invalid_ts_oldest');
  if ('error' in oldest) return oldest;
  const latest = bound(args.latest, 'invalid_ts_latest');
  if ('error' in latest) return latest;
  let before: string | undefined;
  if (typeof args.cursor === 'string' && args.cursor !== '') {
    before = decodeCursor(args.cursor);
    if (before === undefined) return { error: 'invalid_cursor' };
  }
  const requested = Number(args.limit);
  const limit = Number.isInteger(requested) && requested > 0 ? Math.min(requested, MAX_LIMIT) : DEFAULT_LIMIT;
  const inclusive = args.inclusive === true;
  const after = oldest.ts !== undefined ? micros(oldest.ts) : undefined;
  const until = latest.ts !== undefined ? micros(latest.ts) : undefined;
  const cursorAt = before !== undefined ? micros(before) : undefined;

  const inRange = channelMessages
    .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts)
    .map((m) => ({ m, at: micros(m.ts) }))
    .filter(
      ({ at }) =>
        (after === undefined || (inclusive ? at >= after : at > after)) && (until === undefined || (inclusive ? at <= until : at < until)),
    )
    .filter(({ at }) => cursorAt === undefined || at < cursorAt)
    .sort((a, b) => (a.at === b.at ? 0 : a.at > b.at ? -1 : 1));
  const page = inRange.slice(0, limit).map(({ m }) => m);
  const hasMore = inRange.length > limit;
  const withMetadata = args.include_all_metadata === true;
  return {
    messages: page.map(({ channel: _channel, metadata, ...rest }) =>
      withMetadata && metadata !== undefined ? { ...rest, metadata } : rest,
    ),
    has_more: hasMore,
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
    response_metadata: { next_cursor: hasMore ? encodeCursor(page[page.length - 1].ts) : '' },
  };
}
