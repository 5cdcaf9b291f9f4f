import { TEST_SIGNING_SECRET } from '../../support/harness';
import { signSlackRequest, type RawSlackRequest } from '../../support/slack-requests';

/** A Slack request body before signing: what `signedRequest` turns into bytes on the wire. */
export interface UnsignedRequest {
  contentType: string;
  body: string;
}

export interface SigningOptions {
  secret?: string;
  /** Seconds; now by default. */
  timestamp?: number;
  omit?: Array<'x-slack-signature' | 'x-slack-request-timestamp'>;
  /** Sent instead of the correct signature. */
  signature?: string;
  /** Changes the body after it was signed. */
  tamper?: (body: string) => string;
}

/** Form fields as Slack encodes a slash command. */
export function commandRequest(payload: object): UnsignedRequest {
  const body = new URLSearchParams(Object.entries(payload).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return { contentType: 'application/x-www-form-urlencoded', body };
}

/** An interactivity payload as Slack sends it: one form field `payload` holding the JSON. */
export function interactiveRequest(payload: object): UnsignedRequest {
  return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
}

/** The request signed as Slack signs it (or tampered with as `opts` says), ready for `SlackRequester.replay`. */
export function signedRequest(appUrl: string, r: UnsignedRequest, opts: SigningOptions = {}): RawSlackRequest {
  const headers: Record<string, string> = {
    'content-type': r.contentType,
    ...signSlackRequest(opts.secret ?? TEST_SIGNING_SECRET, r.body, opts.timestamp ?? Math.floor(Date.now() / 1000)),
    ...(opts.signature ? { 'x-slack-signature': opts.signature } : {}),
  };
  for (const name of opts.omit ?? []) delete headers[name];
  return { url: appUrl, headers, body: opts.tamper ? opts.tamper(r.body) : r.body };
}
