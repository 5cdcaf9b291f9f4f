import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type Logger,
} from '@slack/web-api';
import type { KnownBlock, MessageMetadata } from '@slack/types';
import { openDm } from '../slack/interaction';
import type { OutgoingImage, OutgoingMessage, Recipient } from './types';

/**
 * Delivery of one message to Slack with our own retry loop (the WebClient's retries are off, and 429s are
 * handed back to us instead of pausing the whole client):
 * - 429: wait `Retry-After` and try again. The scheduler sends serially per channel, so only that channel waits.
 * - 5xx, network errors, timeouts, Slack's own transient errors: exponential backoff, a few times; then give up
 *   FOR NOW (`retry`): the caller leaves the notification claimed under a lease and a later tick tries again.
 * - anything else (channel_not_found, not_in_channel, is_archived, account_inactive, invalid_blocks, ...):
 *   permanent (`failed`), never retried.
 * The whole loop is bounded by `maxTotalMs`.
 *
 * Exactly once across the ack window: Slack may accept a post whose answer never reaches us (the request timed
 * out, the connection broke, the process was killed). Every post therefore carries message metadata naming the
 * notification's key, and before posting again after such an unknown outcome, the channel's history is searched
 * for that key (`findPostedMessage`): found means sent. A first attempt never pays for the search.
 */

export interface DeliveryOptions {
  /** Upper bound on the time spent on one message in one tick, waits included. */
  maxTotalMs: number;
  /** Attempts after 5xx / network errors within one tick. */
  maxTransientAttempts: number;
  /** First backoff after a transient error; doubled each time (with jitter). */
  baseBackoffMs: number;
  /** Waits; replaceable in tests (together with `clock`, so a virtual wait advances a virtual clock). */
  sleep: (ms: number) => Promise<void>;
  /** The clock `maxTotalMs` and an uncertain attempt's start are measured on (default: the real one). */
  clock: () => Date;
  /** How far before an uncertain attempt started the history search begins (clocks differ; Slack's ts is Slack's). */
  historyMarginMs: number;
  /** Messages per conversations.history page, and pages read at most, when searching for an earlier post. */
  historyPageSize: number;
  historyMaxPages: number;
  /** Told when a search could not cover its whole window (so a duplicate could not be ruled out). */
  warn: (message: string) => void;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  maxTotalMs: 60_000,
  maxTransientAttempts: 4,
  baseBackoffMs: 1_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  clock: () => new Date(),
  historyMarginMs: 5 * 60_000,
  historyPageSize: 200,
  historyMaxPages: 5,
  warn: (message) => console.warn(message),
};

/** One scheduled message: who gets it, what it says, and the notification key it carries as metadata. */
export interface Delivery {
  key: string;
  recipient: Recipient;
  message: OutgoingMessage;
}

export type DeliveryResult =
  /** `recovered`: an earlier post whose answer was lost was found in the channel; nothing was posted again. */
  | { status: 'sent'; channel: string; ts: string; attempts: number; recovered?: boolean }
  | { status: 'failed'; error: string; reason: string; attempts: number }
  | { status: 'retry'; error: string; attempts: number }
  /** The caller's `beforeAttempt` said stop (the claim is no longer ours). */
  | { status: 'abandoned'; attempts: number };

/** Slack errors that mean "try again later" rather than "this will never work". */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'team_added_to_org',
]);

const PERMANENT_REASONS: Record<string, string> = {
  channel_not_found: 'the channel does not exist any more, or the app cannot see it',
  not_in_channel: 'the app is not a member of the channel (invite it with `/invite @iec-bot`)',
  is_archived: 'the channel is archived',
  account_inactive: "the recipient's Slack account is deactivated",
  user_disabled: "the recipient's Slack account is deactivated",
  user_not_found: 'the recipient is not in this Slack workspace',
  cannot_dm_bot: 'the recipient is a bot',
  invalid_blocks: 'Slack rejected the message layout (a bug in iec-bot: tell the developers)',
  invalid_blocks_format: 'Slack rejected the message layout (a bug in iec-bot: tell the developers)',
  msg_too_long: 'the message was too long for Slack (a bug in iec-bot: tell the developers)',
  no_text: 'the message was empty (a bug in iec-bot: tell the developers)',
  invalid_auth: 'the bot token is not valid any more (reinstall the app)',
  token_revoked: 'the bot token was revoked (reinstall the app)',
  missing_scope: 'the app lacks a permission it needs (reinstall it from the manifest)',
};

/** A sentence for people, ending with Slack's error code. */
export function describeSlackError(error: string): string {
  const reason = PERMANENT_REASONS[error];
  return reason ? `${reason} (\`${error}\`)` : `Slack refused it (\`${error}\`)`;
}

/** How long the scheduler's client waits for one Slack request (the scheduler's lease must outlast it). */
export const DEFAULT_CLIENT_TIMEOUT_MS = 20_000;

/** The WebClient the scheduler uses: no built-in retries, 429s rejected to us, requests time out. */
export function createDeliveryClient(token: string, opts: { apiUrl: string; timeoutMs?: number; logger?: Logger }): WebClient {
  return new WebClient(token, {
    slackApiUrl: opts.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: opts.timeoutMs ?? DEFAULT_CLIENT_TIMEOUT_MS,
    ...(opts.logger ? { logger: opts.logger } : { logLevel: LogLevel.ERROR }),
  });
}

type Classified = { kind: 'rate_limited'; waitMs: number } | { kind: 'transient'; error: string } | { kind: 'permanent'; error: string };

export function classifySlackError(err: unknown): Classified {
  if (err instanceof WebAPIRateLimitedError) return { kind: 'rate_limited', waitMs: Math.max(0, err.retryAfter) * 1000 };
  if (err instanceof WebAPIPlatformError) {
    const error = err.data.error;
    return TRANSIENT_PLATFORM_ERRORS.has(error) ? { kind: 'transient', error } : { kind: 'permanent', error };
  }
  if (err instanceof WebAPIHTTPError) {
    return err.statusCode >= 500 || err.statusCode === 408
      ? { kind: 'transient', error: `HTTP ${err.statusCode}` }
      : { kind: 'permanent', error: `http_${err.statusCode}` };
  }
  if (err instanceof WebAPIRequestError) return { kind: 'transient', error: `network: ${err.original.message}` };
  return { kind: 'transient', error: err instanceof Error ? err.message : String(err) };
}

/** The `event_type` of the metadata on every scheduled message. */
export const NOTIFICATION_EVENT_TYPE = 'iec_notification';

export function notificationMetadata(key: string): MessageMetadata {
  return { event_type: NOTIFICATION_EVENT_TYPE, event_payload: { key } };
}

/** A Slack message timestamp (`seconds.micros`) for an instant. */
function slackTs(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(6);
}

/**
 * The ts of the message carrying `key` in its metadata that was posted to `channel` since `since` (less the
 * margin), or undefined: conversations.history with `include_all_metadata`, newest first, at most
 * `historyMaxPages` pages. Throws Slack's errors.
 */
export async function findPostedMessage(
  client: WebClient,
  channel: string,
  key: string,
  since: Date,
  options: DeliveryOptions,
): Promise<string | undefined> {
  const oldest = slackTs(since.getTime() - options.historyMarginMs);
  let cursor: string | undefined;
  for (let page = 0; page < options.historyMaxPages; page++) {
    const res = await client.conversations.history({
      channel,
      oldest,
      limit: options.historyPageSize,
      include_all_metadata: true,
      ...(cursor ? { cursor } : {}),
    });
    const found = res.messages?.find((m) => {
      const payload = m.metadata?.event_payload as { key?: unknown } | undefined;
      return m.metadata?.event_type === NOTIFICATION_EVENT_TYPE && payload?.key === key;
    });
    if (found?.ts) return found.ts;
    cursor = res.response_metadata?.next_cursor;
    if (!res.has_more || !cursor) return undefined;
  }
  options.warn(
    `scheduler: ${key}: more than ${options.historyPageSize * options.historyMaxPages} messages in ${channel} since ${since.toISOString()}; ` +
      'an earlier attempt that Slack may have accepted was not found in them, so it is sent again',
  );
  return undefined;
}

async function post(client: WebClient, channel: string, { key, message }: Delivery): Promise<{ channel: string; ts: string }> {
  const imageBlocks = await Promise.all((message.images ?? []).map((image) => uploadImage(client, image)));
  const blocks = [...(message.blocks ?? []), ...imageBlocks];
  const posted = await client.chat.postMessage({
    channel,
    text: message.text,
    ...(blocks.length > 0 ? { blocks } : {}),
    metadata: notificationMetadata(key),
    unfurl_links: false,
    unfurl_media: false,
  });
  return { channel: posted.channel ?? channel, ts: posted.ts ?? '' };
}

/** Uploads an image privately and returns the block that shows it (the file stays the app's own). */
async function uploadImage(client: WebClient, image: OutgoingImage): Promise<KnownBlock> {
  const uploaded = await client.filesUploadV2({ file: image.content, filename: image.filename, title: image.title });
  const id = uploaded.files?.[0]?.files?.[0]?.id;
  if (!id) throw new Error(`files.uploadV2 returned no file id for ${image.filename}`);
  return { type: 'image', slack_file: { id }, alt_text: image.altText, title: { type: 'plain_text', text: image.title } };
}

/** Failed: Slack's answer was final. Retry: not now (a later tick tries again). */
type GaveUp = { status: 'failed'; error: string; reason: string } | { status: 'retry'; error: string };

/** Decides, after each failed Slack call of one delivery, whether to wait and try again or to give up. */
class RetryPolicy {
  private readonly started: number;
  private transientFailures = 0;

  constructor(private readonly options: DeliveryOptions) {
    this.started = options.clock().getTime();
  }

  /** Waits before the next try and returns undefined, or returns why to stop (`context` prefixes a permanent reason). */
  async after(err: unknown, context = ''): Promise<GaveUp | undefined> {
    const c = classifySlackError(err);
    if (c.kind === 'permanent') return { status: 'failed', error: c.error, reason: `${context}${describeSlackError(c.error)}` };
    let waitMs: number;
    let error: string;
    if (c.kind === 'rate_limited') {
      error = `rate limited (Retry-After ${c.waitMs / 1000} s)`;
      waitMs = c.waitMs;
    } else {
      error = c.error;
      this.transientFailures += 1;
      if (this.transientFailures >= this.options.maxTransientAttempts) return { status: 'retry', error };
      const backoff = this.options.baseBackoffMs * 2 ** (this.transientFailures - 1);
      waitMs = backoff / 2 + Math.random() * (backoff / 2);
    }
    if (this.options.clock().getTime() - this.started + waitMs > this.options.maxTotalMs) return { status: 'retry', error };
    await this.options.sleep(waitMs);
    return undefined;
  }
}

const CHECK_FAILED = 'could not check whether an earlier attempt reached Slack, so it was not sent again: ';

/**
 * Sends one message, retrying as described above. `beforeAttempt(channel)` runs just before every post, with the
 * channel it goes to (the scheduler renews its lease and records the attempt there); when it returns false,
 * delivery stops without sending. After a post whose outcome is unknown, the channel is searched for it before
 * the next post.
 */
export async function deliver(
  client: WebClient,
  delivery: Delivery,
  options: DeliveryOptions = DEFAULT_DELIVERY_OPTIONS,
  beforeAttempt: (channel: string) => Promise<boolean> = async () => true,
): Promise<DeliveryResult> {
  const { recipient } = delivery;
  const policy = new RetryPolicy(options);
  let channel = 'channel' in recipient ? recipient.channel : undefined;
  /** When a post whose outcome we do not know started (it may have been accepted). */
  let uncertainSince: Date | undefined;
  let attempts = 0;
  for (;;) {
    try {
      channel ??= await openDm(client, 'user' in recipient ? recipient.user : '');
    } catch (err) {
      const gaveUp = await policy.after(err);
      if (gaveUp) return { ...gaveUp, attempts };
      continue;
    }
    if (uncertainSince) {
      try {
        const ts = await findPostedMessage(client, channel, delivery.key, uncertainSince, options);
        if (ts) return { status: 'sent', channel, ts, attempts, recovered: true };
        uncertainSince = undefined;
      } catch (err) {
        const gaveUp = await policy.after(err, CHECK_FAILED);
        if (gaveUp) return { ...gaveUp, attempts };
        continue;
      }
    }
    if (!(await beforeAttempt(channel))) return { status: 'abandoned', attempts };
    attempts += 1;
    const startedAt = options.clock();
    try {
      return { status: 'sent', ...(await post(client, channel, delivery)), attempts };
    } catch (err) {
      if (classifySlackError(err).kind === 'transient') uncertainSince ??= startedAt;
      const gaveUp = await policy.after(err);
      if (gaveUp) return { ...gaveUp, attempts };
    }
  }
}

export type EarlierPost = { status: 'found'; ts: string } | { status: 'absent' } | GaveUp;

/**
 * For a claim taken over from a replica that may have posted (an attempt had started): is the message in
 * `channel` already? Retries the search like a post (429, 5xx, network) within the same bounds.
 */
export async function findEarlierPost(
  client: WebClient,
  key: string,
  attempt: { channel: string; since: Date },
  options: DeliveryOptions,
): Promise<EarlierPost> {
  const policy = new RetryPolicy(options);
  for (;;) {
    try {
      const ts = await findPostedMessage(client, attempt.channel, key, attempt.since, options);
      return ts ? { status: 'found', ts } : { status: 'absent' };
    } catch (err) {
      const gaveUp = await policy.after(err, CHECK_FAILED);
      if (gaveUp) return gaveUp;
    }
  }
}
