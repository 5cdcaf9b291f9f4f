import type { ViewOutput } from '@slack/bolt';

/** One request the fake received: a Web API method, a `response_url` post or a file upload. */
export interface FakeSlackCall {
  /** Web API method name, or `'response_url'`, or `'file_upload'` (the POST to an `upload_url`). */
  method: string;
  /** Decoded arguments (JSON fields such as `blocks`/`view` parsed; the token is kept apart in `token`). */
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  /** `Date.now()` when the request arrived. */
  at: number;
  /** HTTP status the fake answered with (0 while a hung request is still open). */
  status: number;
  /** The JSON body the fake answered with (absent for hung requests). */
  response?: Record<string, unknown>;
  token?: string;
  /** The path that was requested, e.g. `/response/R0000001` for response_url posts. */
  path: string;
  /**
   * A progress notice ("still working"), not an answer: matched by the predicate given to `fake.progressNotices()`.
   * Kept in `calls`, left out of `callsTo`, `lastCall` and `waitFor` (read them with `progressCalls`).
   */
  progress?: boolean;
}

export type CallPredicate = (call: FakeSlackCall) => boolean;

/** What `fake.fail(method, fault)` makes the next call(s) to `method` do. */
export type FakeSlackFault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 | 504 }
  | { hang: true }
  /** Slack does the work (a post is stored) but its answer never arrives: the caller cannot know it succeeded. */
  | { acceptThenHang: true }
  | { error: string };

export type ChannelError = 'channel_not_found' | 'not_in_channel' | 'is_archived';

export interface FakeSlackOptions {
  /** Port on 127.0.0.1; 0 / absent picks a free one. */
  port?: number;
  /** Per-channel chat.postMessage rate (messages per second); absent means unlimited. */
  perChannelRatePerSecond?: number;
  /** Burst allowed by the per-channel limiter before it answers 429 (default 2). */
  rateBurst?: number;
  teamId?: string;
  /**
   * Enterprise Grid: the organisation the workspace belongs to. auth.test then reports its `enterprise_id`, the
   * workspace's users carry it as `enterprise_user.enterprise_id`, and payloads carry the `enterprise`.
   */
  enterprise?: { id: string; name: string };
  teamDomain?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** When set, any other token answers `invalid_auth`. By default every token is accepted. */
  acceptedTokens?: string[];
  /** Lifetime of the trigger ids the fake issues (Slack: 3 seconds). */
  triggerIdTtlMs?: number;
  /** How many times one response_url may be used (Slack: 5). */
  responseUrlMaxUses?: number;
  /** Milliseconds since the epoch for message timestamps (the sandbox's simulated clock); default the wall clock. */
  clock?: () => number;
  /**
   * The bot scopes the app was installed with (its manifest's `oauth_config.scopes.bot`). When set, a method whose
   * scope (../shared/slack-reference/methods) is not among them answers `missing_scope`, as Slack does.
   */
  scopes?: readonly string[];
}

export interface FakeUserInput {
  id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  team_id?: string;
  is_bot?: boolean;
  deleted?: boolean;
  email?: string;
  is_admin?: boolean;
  /** A multi-channel guest (`is_restricted`) or single-channel guest (`is_ultra_restricted`). */
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  /** Enterprise Grid: the user's organisation (users.info `enterprise_user.enterprise_id`). */
  enterprise_id?: string;
}

/** A user as users.info returns it. */
export interface FakeUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_admin: boolean;
  is_owner: boolean;
  is_app_user: boolean;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
  enterprise_user?: { id: string; enterprise_id: string };
  tz: string;
  tz_label: string;
  tz_offset: number;
  updated: number;
  profile: {
    real_name: string;
    real_name_normalized: string;
    display_name: string;
    display_name_normalized: string;
    email?: string;
    team: string;
  };
}

export interface FakeChannelInput {
  id: string;
  name?: string;
  is_private?: boolean;
  /** For an IM: the other user. */
  user?: string;
  members?: string[];
  /** Slack Connect: shared with another organisation, or an invitation to share it is pending. */
  is_ext_shared?: boolean;
  is_pending_ext_shared?: boolean;
}

/** A conversation as conversations.info returns it. */
export interface FakeChannel {
  id: string;
  name: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_private: boolean;
  is_archived: boolean;
  is_general: boolean;
  created: number;
  user?: string;
  members: string[];
  context_team_id: string;
  is_ext_shared: boolean;
  is_pending_ext_shared: boolean;
}

/** A message the fake holds (posted through chat.postMessage, a file share, or seeded by a test helper). */
export interface FakeMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id?: string;
  app_id?: string;
  team: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  metadata?: unknown;
  files?: Array<{ id: string; name: string; title: string }>;
  edited?: { user: string; ts: string };
}

/** An ephemeral message: shown only to `user`, in `channel`; never in conversation history. */
export interface FakeEphemeral {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
}

/** A view as views.open / views.update / views.publish return it: a Bolt `ViewOutput` (Home tabs have no title). */
export type FakeView = Omit<ViewOutput, 'title'> & { title?: ViewOutput['title']; user_id?: string };

export interface UploadedFile {
  id: string;
  filename: string;
  title: string;
  /** The `length` declared to files.getUploadURLExternal. */
  length: number;
  /** The bytes POSTed to the upload URL. */
  bytes: Buffer;
  content_type?: string;
  alt_text?: string;
  snippet_type?: string;
  channel_id?: string;
  channels: string[];
  initial_comment?: string;
  thread_ts?: string;
  blocks?: unknown[];
  completed_at: number;
}

/** A shared file as Slack describes it in a `file_input` submission (see `FakeSlack.hostFile`). */
export interface HostedFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  url_private: string;
  url_private_download: string;
}
