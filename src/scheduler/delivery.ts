import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type Logger,
} from '@slack/web-api';
import type { OutgoingMessage, Recipient } from './types';

/**
 * Delivery of one message to Slack with our own retry loop (the WebClient's retries are off, and 429s are
 * handed back to us instead of pausing the whole client):
 * - 429: wait `Retry-After` and try again. The scheduler sends serially per channel, so only that channel waits.
 * - 5xx, network errors, timeouts, Slack's own transient errors: exponential backoff, a few times; then give up
 *   FOR NOW (`retry`): the caller leaves the notification claimed under a lease and a later tick tries again.
 * - anything else (channel_not_found, not_in_channel, is_archived, account_inactive, invalid_blocks, ...):
 *   permanent (`failed`), never retried.
 * The whole loop is bounded by `maxTotalMs`.
 */

export interface DeliveryOptions {
  /** Upper bound on the time spent on one message in one tick, waits included. */
  maxTotalMs: number;
  /** Attempts after 5xx / network errors within one tick. */
  maxTransientAttempts: number;
  /** First backoff after a transient error; doubled each time (with jitter). */
  baseBackoffMs: number;
  /** Waits; replaceable in tests. */
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  maxTotalMs: 60_000,
  maxTransientAttempts: 4,
  baseBackoffMs: 1_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type DeliveryResult =
  | { status: 'sent'; channel: string; ts: string; attempts: number }
  | { status: 'failed'; error: string; reason: string; attempts: number }
  | { status: 'retry'; error: string; attempts: number }
  /** The caller's `beforeAttempt` said stop (the claim is no longer ours). */
  | { status: 'abandoned'; attempts: number };

/** Slack errors that mean "try again later" rather than "this will never work". */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'team_added_to_org']);

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

/** The WebClient the scheduler uses: no built-in retries, 429s rejected to us, requests time out. */
export function createDeliveryClient(token: string, opts: { apiUrl: string; timeoutMs?: number; logger?: Logger }): WebClient {
  return new WebClient(token, {
    slackApiUrl: opts.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: opts.timeoutMs ?? 20_000,
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
    return err.statusCode >= 500 || err.statusCode === 408 ? { kind: 'transient', error: `HTTP ${err.statusCode}` } : { kind: 'permanent', error: `http_${err.statusCode}` };
  }
  if (err instanceof WebAPIRequestError) return { kind: 'transient', error: `network: ${err.original.message}` };
  return { kind: 'transient', error: err instanceof Error ? err.message : String(err) };
}

async function postOnce(client: WebClient, recipient: Recipient, message: OutgoingMessage): Promise<{ channel: string; ts: string }> {
  let channel: string;
  if ('channel' in recipient) {
    channel = recipient.channel;
  } else {
    const opened = await client.conversations.open({ users: recipient.user });
    channel = opened.channel?.id ?? '';
    if (!channel) throw new Error('conversations.open returned no channel');
  }
  const posted = await client.chat.postMessage({
    channel,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    unfurl_links: false,
    unfurl_media: false,
  });
  return { channel: posted.channel ?? channel, ts: posted.ts ?? '' };
}

/**
 * Sends one message, retrying as described above. `beforeAttempt` runs before every attempt (the scheduler
 * renews its lease there); when it returns false, delivery stops without sending.
 */
export async function deliver(
  client: WebClient,
  recipient: Recipient,
  message: OutgoingMessage,
  options: DeliveryOptions = DEFAULT_DELIVERY_OPTIONS,
  beforeAttempt: () => Promise<boolean> = async () => true,
): Promise<DeliveryResult> {
  const started = Date.now();
  let attempts = 0;
  let transientFailures = 0;
  let lastError = '';
  for (;;) {
    if (!(await beforeAttempt())) return { status: 'abandoned', attempts };
    attempts += 1;
    try {
      const { channel, ts } = await postOnce(client, recipient, message);
      return { status: 'sent', channel, ts, attempts };
    } catch (err) {
      const c = classifySlackError(err);
      if (c.kind === 'permanent') return { status: 'failed', error: c.error, reason: describeSlackError(c.error), attempts };
      let waitMs: number;
      if (c.kind === 'rate_limited') {
        lastError = `rate limited (Retry-After ${c.waitMs / 1000} s)`;
        waitMs = c.waitMs;
      } else {
        lastError = c.error;
        transientFailures += 1;
        if (transientFailures >= options.maxTransientAttempts) return { status: 'retry', error: lastError, attempts };
        const backoff = options.baseBackoffMs * 2 ** (transientFailures - 1);
        waitMs = backoff / 2 + Math.random() * (backoff / 2);
      }
      if (Date.now() - started + waitMs > options.maxTotalMs) return { status: 'retry', error: lastError, attempts };
      await options.sleep(waitMs);
    }
  }
}
