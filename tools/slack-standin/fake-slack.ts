/**
 * A fake Slack Web API on 127.0.0.1 for end-to-end tests: point a real WebClient / Bolt app at `fake.apiUrl`.
 *
 *   const fake = await FakeSlack.start();
 *   const client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl });
 *   await client.chat.postMessage({ channel: 'C1', text: 'hi' });
 *   expect(fake.lastCall('chat.postMessage')?.args.text).toBe('hi');
 *   await fake.stop();
 *
 * It checks arguments against the shared method reference, blocks and views against the Block Kit schema and
 * Slack's hard limits, and answers errors the way Slack does (HTTP 200, `ok: false`).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { decodeArgs, parseBody, readBody } from './http-body';
import { methodSpec, missingScope } from './reference';
import type {
  CallPredicate,
  ChannelError,
  FakeChannel,
  FakeChannelInput,
  FakeEphemeral,
  FakeMessage,
  FakeSlackCall,
  FakeSlackFault,
  FakeSlackOptions,
  FakeUser,
  FakeUserInput,
  FakeView,
  UploadedFile,
  HostedFile,
} from './types';
import { callMethod, checkMessageContent, ephemeralOf, fail, flag, ok, storeAckView, withGeneratedIds, type ApiResult } from './web-api';
import { Workspace, type WorkspaceSnapshot } from './workspace';

interface Waiter {
  method: string;
  match: (call: FakeSlackCall) => boolean;
  resolve: (call: FakeSlackCall) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** Where a response_url points: lets `replace_original` / `delete_original` act on the message it came from. */
export interface ResponseUrlContext {
  channelId?: string;
  messageTs?: string;
  /** Who the response_url belongs to: ephemeral replies through it are shown to this user only. */
  userId?: string;
  /** The ephemeral message the response_url came from (replace_original / delete_original act on it). */
  ephemeralTs?: string;
}

interface ResponseUrlState extends ResponseUrlContext {
  uses: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

export class FakeSlack {
  /** Every request received, in order (successes and failures). Cleared by `reset()`. */
  readonly calls: FakeSlackCall[] = [];
  private isProgressNotice: CallPredicate | undefined;
  /** e.g. `http://127.0.0.1:40123/api/` — pass as `slackApiUrl`. */
  readonly apiUrl: string;
  /** e.g. `http://127.0.0.1:40123` */
  readonly baseUrl: string;
  readonly port: number;

  private readonly ws: Workspace;
  private readonly faults = new Map<string, FakeSlackFault[]>();
  private readonly waiters = new Set<Waiter>();
  private readonly responseUrls = new Map<string, ResponseUrlState>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly listeners = new Set<(call: FakeSlackCall) => void>();
  private readonly hostedFiles = new Map<string, { bytes: Buffer; token: string; mimetype: string }>();
  /** Requests under an `acceptThenHang` fault: handled as usual, but never answered. */
  private readonly unanswered = new WeakSet<ServerResponse>();
  private responseUrlCounter = 0;
  private stopped = false;

  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    private readonly opts: FakeSlackOptions,
  ) {
    this.port = (server.address() as AddressInfo).port;
    this.baseUrl = `http://127.0.0.1:${this.port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
    this.ws = new Workspace(
      {
        teamId: opts.teamId ?? 'T0FAKETEAM',
        ...(opts.enterprise ? { enterprise: opts.enterprise } : {}),
        teamDomain: opts.teamDomain ?? 'iec-test',
        teamName: opts.teamName ?? 'IEC Test Workspace',
        botUserId: opts.botUserId ?? 'U0FAKEBOT',
        botId: opts.botId ?? 'B0FAKEBOT',
        appId: opts.appId ?? 'A0FAKEAPP',
      },
      opts.triggerIdTtlMs ?? 3000,
      opts.clock ?? Date.now,
    );
  }

  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const sockets = new Set<Socket>();
    const server = createServer((req, res) => {
      if (!fake) {
        res.writeHead(503).end();
        return;
      }
      fake.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fake_slack_internal_error', detail: String(err) });
      });
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    fake = new FakeSlack(server, sockets, opts);
    return fake;
  }

  get teamId(): string {
    return this.ws.identity.teamId;
  }
  /** Enterprise Grid: the workspace's organisation, when it is in one. */
  get enterprise(): { id: string; name: string } | undefined {
    return this.ws.identity.enterprise;
  }
  get teamDomain(): string {
    return this.ws.identity.teamDomain;
  }
  get botUserId(): string {
    return this.ws.identity.botUserId;
  }
  get botId(): string {
    return this.ws.identity.botId;
  }
  get appId(): string {
    return this.ws.identity.appId;
  }

  // ---- seeding -------------------------------------------------------------------------------------------

  /**
   * A file someone shared, as a `file_input` submission carries it: served at its `url_private_download` only
   * to a request with `Authorization: Bearer <token>` (Slack's private file URLs need the bot token, scope
   * `files:read`); anyone else gets Slack's sign-in page (HTML). Each download is recorded as a `file_download` call.
   */
  hostFile(file: { name: string; content: Buffer; token: string; filetype?: string; mimetype?: string }): HostedFile {
    const id = `F${String(this.hostedFiles.size + 1).padStart(8, '0')}H`;
    const url = `${this.baseUrl}/files-pri/T0FAKE-${id}/download/${encodeURIComponent(file.name)}`;
    const filetype = file.filetype ?? (file.name.split('.').pop() ?? 'text').toLowerCase();
    const mimetype =
      file.mimetype ??
      (filetype === 'xlsx'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : filetype === 'csv'
          ? 'text/csv'
          : 'application/octet-stream');
    this.hostedFiles.set(id, { bytes: file.content, token: file.token, mimetype });
    return {
      id,
      name: file.name,
      title: file.name,
      mimetype,
      filetype,
      size: file.content.length,
      url_private: url,
      url_private_download: url,
    };
  }

  /** Registers a user for users.info / users.list / users.lookupByEmail. Kept across `reset()`. */
  addUser(user: FakeUserInput): FakeUser {
    return this.ws.addUser(user);
  }

  user(id: string): FakeUser | undefined {
    return this.ws.users.get(id);
  }

  /** Registers a conversation for conversations.info. Unknown channel ids are accepted anyway. Kept across `reset()`. */
  addChannel(channel: FakeChannelInput): FakeChannel {
    return this.ws.addChannel(channel);
  }

  /** A conversation registered with `addChannel` (as conversations.info describes it), else undefined. */
  channel(id: string): FakeChannel | undefined {
    return this.ws.channels.has(id) ? this.ws.describeChannel(id) : undefined;
  }

  /** Makes every post to `channelId` fail with `error` until `reset()` / `clearChannelError()`. */
  setChannelError(channelId: string, error: ChannelError): void {
    this.ws.channelErrors.set(channelId, error);
  }

  clearChannelError(channelId: string): void {
    this.ws.channelErrors.delete(channelId);
  }

  /** The stable IM channel id the fake uses for a user (what conversations.open returns for them). */
  dmChannelFor(userId: string): string {
    return this.ws.dmFor([userId]);
  }

  /** A unique response_url on this fake. `context` names the message it belongs to (for replace/delete_original). */
  responseUrl(key?: string, context: ResponseUrlContext = {}): string {
    this.responseUrlCounter += 1;
    const safeKey = key ? key.replace(/[^A-Za-z0-9_-]/g, '_') : 'R';
    const id = `${safeKey}-${this.responseUrlCounter}-${randomBytes(3).toString('hex')}`;
    this.responseUrls.set(id, { ...context, uses: 0 });
    return `${this.baseUrl}/response/${id}`;
  }

  /**
   * A trigger id as Slack puts in interactive payloads; views.open accepts it once, within `triggerIdTtlMs`.
   * With `userId`, the modal it opens is that user's (`view.user_id`).
   */
  issueTriggerId(userId?: string): string {
    return this.ws.issueTriggerId(userId);
  }

  /** Something a person typed in a channel (no app involved), as the sandbox shows it. */
  postUserMessage(channel: string, userId: string, text: string): FakeMessage {
    const message = this.ws.storeMessage({ type: 'message', channel, ts: this.ws.nextTs(), text, user: userId, team: this.teamId });
    this.record({ method: 'user_message', args: { channel, user: userId, text }, path: '', ok: true, at: Date.now(), status: 200 });
    return message;
  }

  /**
   * Applies a modal the app answered a view_submission with (`response_action` `update` of `replaceId`, or
   * `push`), checked as Slack checks views. Recorded as a `response_action` call.
   */
  acceptResponseView(view: unknown, opts: { userId: string; replaceId?: string }): FakeSlackCall {
    const result = storeAckView(view, opts, { ws: this.ws, baseUrl: this.baseUrl });
    const error = typeof result.body.error === 'string' ? result.body.error : undefined;
    const call: FakeSlackCall = {
      method: 'response_action',
      args: { view, ...opts },
      path: '',
      ok: result.body.ok === true,
      ...(error !== undefined ? { error } : {}),
      at: Date.now(),
      status: 200,
      response: result.body,
    };
    this.record(call);
    return call;
  }

  /** Calls `listener` after every request the fake answers (and every sandbox-side change). Returns an unsubscribe. */
  subscribe(listener: (call: FakeSlackCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Puts a message in the fake's store (as if it had been posted), so chat.update / chat.delete find it. */
  seedMessage(channel: string, message: Partial<Omit<FakeMessage, 'channel' | 'type'>> = {}): FakeMessage {
    const existing = message.ts ? this.ws.message(channel, message.ts) : undefined;
    if (existing) return existing;
    return this.ws.storeMessage({
      type: 'message',
      channel,
      ts: message.ts ?? this.ws.nextTs(),
      text: message.text ?? '',
      user: message.user ?? this.botUserId,
      bot_id: message.bot_id ?? this.botId,
      app_id: message.app_id ?? this.appId,
      team: message.team ?? this.teamId,
      ...(message.blocks ? { blocks: withGeneratedIds(message.blocks) } : {}),
      ...(message.attachments ? { attachments: message.attachments } : {}),
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    });
  }

  /** Registers a view (as if it had been opened), so views.update by its id works. Returns the stored view. */
  seedView(view: Partial<FakeView>): FakeView {
    const id = view.id ?? this.ws.nextId('V');
    const existing = this.ws.views.get(id);
    if (existing) return existing;
    const stored: FakeView = {
      id,
      team_id: this.teamId,
      type: view.type ?? 'modal',
      ...(view.title ? { title: view.title } : {}),
      blocks: view.blocks ?? [],
      close: view.close ?? null,
      submit: view.submit ?? null,
      state: view.state ?? { values: {} },
      hash: view.hash ?? this.ws.viewHash(),
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      external_id: view.external_id ?? '',
      root_view_id: view.root_view_id ?? id,
      previous_view_id: view.previous_view_id ?? null,
      clear_on_close: view.clear_on_close ?? false,
      notify_on_close: view.notify_on_close ?? false,
      app_id: this.appId,
      bot_id: this.botId,
      app_installed_team_id: this.teamId,
      ...(view.user_id ? { user_id: view.user_id } : {}),
    };
    this.ws.views.set(id, stored);
    return stored;
  }

  // ---- faults --------------------------------------------------------------------------------------------

  /**
   * The next `times` calls to `method` (a Web API method, `'response_url'` or `'file_upload'`) fail with `fault`:
   * `{ status: 429, retryAfter }`, `{ status: 500 }`, `{ hang: true }` (no answer until `stop()`),
   * `{ acceptThenHang: true }` (handled as usual, e.g. the message is posted, but no answer until `stop()`: the call
   * is recorded with its outcome and `status: 0`), or `{ error: 'channel_not_found' }` (HTTP 200, ok:false).
   */
  fail(method: string, fault: FakeSlackFault, times = 1): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.faults.set(method, queue);
  }

  // ---- inspection ----------------------------------------------------------------------------------------

  /**
   * Calls matching `isNotice` are the app's progress notices (e.g. "still working, the result follows"), sent when
   * an answer is late: they are recorded with `progress: true` and kept out of `callsTo`, `lastCall` and `waitFor`,
   * so a test waiting for an answer gets the answer whether or not a notice came first. `undefined`: every call
   * counts (for tests of the notices themselves). Kept across `reset()`.
   */
  progressNotices(isNotice: CallPredicate | undefined): void {
    this.isProgressNotice = isNotice;
  }

  /** Calls to `method`, progress notices left out. */
  callsTo(method: string): FakeSlackCall[] {
    return this.calls.filter((c) => c.method === method && !c.progress);
  }

  /** The progress notices sent through `method`. */
  progressCalls(method: string): FakeSlackCall[] {
    return this.calls.filter((c) => c.method === method && c.progress);
  }

  lastCall(method: string): FakeSlackCall | undefined {
    return this.callsTo(method).at(-1);
  }

  failedCalls(): FakeSlackCall[] {
    return this.calls.filter((c) => !c.ok);
  }

  /**
   * The first successful call to `method` matching `predicate`, already recorded (since the last `reset()`) or
   * arriving within `timeoutMs`. Rejects with the failed attempts listed, so a rejected payload shows why.
   */
  waitFor(method: string, predicate: CallPredicate = () => true, timeoutMs = 5000): Promise<FakeSlackCall> {
    const existing = this.calls.find((c) => c.method === method && c.ok && !c.progress && predicate(c));
    if (existing) return Promise.resolve(existing);
    return this.waitForNew(method, predicate, timeoutMs);
  }

  /** Like `waitFor`, but only for calls that arrive after this is called. */
  waitForNext(method: string, predicate: CallPredicate = () => true, timeoutMs = 5000): Promise<FakeSlackCall> {
    return this.waitForNew(method, predicate, timeoutMs);
  }

  private waitForNew(method: string, predicate: CallPredicate, timeoutMs: number): Promise<FakeSlackCall> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        method,
        match: (c) => c.method === method && c.ok && !c.progress && predicate(c),
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`FakeSlack: no successful ${method} call matched within ${timeoutMs} ms.${this.describeCalls(method)}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  private describeCalls(method: string): string {
    const calls = this.callsTo(method);
    if (calls.length === 0) {
      const seen = [...new Set(this.calls.map((c) => c.method))];
      return ` No ${method} calls at all; calls seen: ${seen.length ? seen.join(', ') : 'none'}.`;
    }
    const lines = calls.map((c) => {
      const meta = c.response?.response_metadata as { messages?: string[] } | undefined;
      const why = c.ok
        ? 'ok (did not match the predicate)'
        : `${c.error ?? `HTTP ${c.status}`}${meta?.messages ? `: ${meta.messages.join('; ')}` : ''}`;
      return `  - ${why}; args ${truncate(JSON.stringify(c.args), 300)}`;
    });
    return ` ${method} calls seen:\n${lines.join('\n')}`;
  }

  /** Files completed through files.completeUploadExternal, with their bytes. */
  get uploadedFiles(): UploadedFile[] {
    return [...this.ws.files];
  }

  /** Messages currently in the fake (posted and not deleted), optionally of one channel, oldest first. */
  messages(channel?: string): FakeMessage[] {
    const all = [...this.ws.messages.values()];
    return (channel ? all.filter((m) => m.channel === channel) : all).sort((a, b) => Number(a.ts) - Number(b.ts));
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.ws.message(channel, ts);
  }

  /** Ephemeral messages shown to `user` (in `channel` when given), oldest first. */
  ephemerals(user: string, channel?: string): FakeEphemeral[] {
    return this.ws.ephemerals
      .filter((e) => e.user === user && (channel === undefined || e.channel === channel))
      .sort((a, b) => Number(a.ts) - Number(b.ts));
  }

  view(id: string): FakeView | undefined {
    return this.ws.views.get(id);
  }

  /** The Home tab last published for a user. */
  homeView(userId: string): FakeView | undefined {
    const id = this.ws.homeViews.get(userId);
    return id ? this.ws.views.get(id) : undefined;
  }

  /** The messages, ephemerals, views, Home tabs and files the app left, as JSON (the sandbox keeps them between runs). */
  snapshot(): WorkspaceSnapshot {
    return this.ws.snapshot();
  }

  /** Puts back a `snapshot()` (into a fresh fake, before the app runs). */
  restore(snapshot: WorkspaceSnapshot): void {
    this.ws.restore(snapshot);
  }

  /** Clears calls, faults, channel errors, rate-limit state, messages, views and files. Keeps users and channels. */
  reset(): void {
    this.calls.length = 0;
    this.faults.clear();
    this.buckets.clear();
    this.responseUrls.clear();
    this.ws.clear();
  }

  /** Closes the server, dropping every connection (including hung ones); pending `waitFor`s reject. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error(`FakeSlack stopped while waiting for ${w.method}`));
    }
    this.waiters.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.server.closeAllConnections();
    await closed;
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    const path = url.pathname;
    if (path.startsWith('/api/')) return this.handleApi(decodeURIComponent(path.slice('/api/'.length)), req, url, raw, res);
    if (path.startsWith('/upload/v1/') && req.method === 'POST') return this.handleUpload(path.slice('/upload/v1/'.length), req, raw, res);
    if (path.startsWith('/files-pri/') && req.method === 'GET') return this.handleDownload(path, req, res);
    if (path.startsWith('/response/') && req.method === 'POST')
      return this.handleResponseUrl(path.slice('/response/'.length), req, raw, res);
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  private handleApi(method: string, req: IncomingMessage, url: URL, raw: Buffer, res: ServerResponse): void {
    const spec = methodSpec(method);
    const parsed = parseBody(raw, req.headers['content-type']);
    const fields: Record<string, unknown> = { ...Object.fromEntries(url.searchParams), ...parsed.fields };
    const args = decodeArgs(fields, spec);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' && args.token !== '' ? args.token : undefined);
    delete args.token;
    const base = { method, args, path: url.pathname, ...(token !== undefined ? { token } : {}) };

    if (this.applyFault(base, res)) return;
    if (!spec) {
      this.answer(base, res, { body: { ok: false, error: 'unknown_method', req_method: method } });
      return;
    }
    if (parsed.invalidJson) {
      this.answer(base, res, fail('invalid_json'));
      return;
    }
    if (spec.required.includes('token')) {
      if (token === undefined) {
        this.answer(base, res, fail('not_authed'));
        return;
      }
      if (this.opts.acceptedTokens && !this.opts.acceptedTokens.includes(token)) {
        this.answer(base, res, fail('invalid_auth'));
        return;
      }
    }
    if (this.opts.scopes) {
      const channel =
        typeof args.channel === 'string' && args.channel !== '' ? this.ws.describeChannel(this.ws.resolveChannel(args.channel)) : undefined;
      const type = channel ? (channel.is_im ? 'im' : channel.is_mpim ? 'mpim' : channel.is_private ? 'groups' : 'channels') : undefined;
      const needed = missingScope(spec, this.opts.scopes, type);
      if (needed) {
        this.answer(base, res, { body: { ok: false, error: 'missing_scope', needed, provided: this.opts.scopes.join(',') } });
        return;
      }
    }
    if (method === 'chat.postMessage' && typeof args.channel === 'string' && args.channel !== '') {
      const retryAfter = this.takeRateToken(this.ws.resolveChannel(args.channel));
      if (retryAfter !== undefined) {
        this.answer(base, res, rateLimited(retryAfter));
        return;
      }
    }
    this.answer(base, res, callMethod(spec, args, { ws: this.ws, baseUrl: this.baseUrl }));
  }

  private handleUpload(fileId: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const parsed = parseBody(raw, req.headers['content-type']);
    const isMultipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
    const part = parsed.files[0];
    const bytes = isMultipart ? (part?.data ?? Buffer.from(String(Object.values(parsed.fields)[0] ?? ''), 'utf8')) : raw;
    const base = {
      method: 'file_upload',
      args: { file_id: fileId, size: bytes.length, content_type: part?.contentType ?? req.headers['content-type'] },
      path: `/upload/v1/${fileId}`,
    };
    if (this.applyFault(base, res)) return;
    const pending = this.ws.pendingUploads.get(fileId);
    if (!pending) {
      this.answer(base, res, { status: 404, body: { ok: false, error: 'file_not_found' } }, 'text');
      return;
    }
    pending.bytes = bytes;
    const contentType = part?.contentType ?? req.headers['content-type'];
    if (contentType) pending.content_type = contentType;
    this.answer(base, res, { body: { ok: true, body: `OK - ${bytes.length}` } }, 'text');
  }

  private handleDownload(path: string, req: IncomingMessage, res: ServerResponse): void {
    const id = /^\/files-pri\/[^/]*-(F[0-9A-Z]+)\//.exec(path)?.[1] ?? '';
    const hosted = this.hostedFiles.get(id);
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const authorized = hosted !== undefined && token === hosted.token;
    this.record({
      method: 'file_download',
      args: { file_id: id, authorized },
      ok: authorized,
      ...(authorized ? {} : { error: hosted ? 'not_authed' : 'file_not_found' }),
      at: Date.now(),
      status: authorized ? 200 : hosted ? 200 : 404,
      path,
      ...(token !== undefined ? { token } : {}),
    });
    if (!hosted) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>File not found</body></html>');
      return;
    }
    if (!authorized) {
      // what Slack answers a private URL without the token: its sign-in page
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      return;
    }
    res.writeHead(200, { 'content-type': hosted.mimetype, 'content-length': String(hosted.bytes.length) }).end(hosted.bytes);
  }

  private handleResponseUrl(id: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const parsed = parseBody(raw, req.headers['content-type']);
    let args = parsed.fields;
    if (typeof args.payload === 'string') {
      try {
        args = JSON.parse(args.payload) as Record<string, unknown>;
      } catch {
        args = {};
      }
    }
    args = decodeArgs(args, undefined);
    const base = { method: 'response_url', args, path: `/response/${id}` };
    if (this.applyFault(base, res)) return;
    if (parsed.invalidJson) {
      this.answer(base, res, { status: 400, body: { ok: false, error: 'invalid_payload' } });
      return;
    }
    const state = this.responseUrls.get(id) ?? { uses: 0 };
    this.responseUrls.set(id, state);
    if (state.uses >= (this.opts.responseUrlMaxUses ?? 5)) {
      this.answer(base, res, { status: 404, body: { ok: false, error: 'used_url' } });
      return;
    }

    const target = state.channelId && state.messageTs ? this.ws.message(state.channelId, state.messageTs) : undefined;
    const ephemeral =
      state.channelId && state.userId && state.ephemeralTs
        ? { channel: state.channelId, user: state.userId, ts: state.ephemeralTs }
        : undefined;
    if (flag(args.delete_original)) {
      state.uses += 1;
      if (target) this.ws.deleteMessage(target.channel, target.ts);
      else if (ephemeral) this.ws.deleteEphemeral(ephemeral.channel, ephemeral.user, ephemeral.ts);
      this.answer(base, res, ok());
      return;
    }
    const invalid = checkMessageContent(args, true);
    if (invalid) {
      this.answer(base, res, invalid);
      return;
    }
    state.uses += 1;
    if (flag(args.replace_original) && target) {
      this.ws.storeMessage({
        ...target,
        text: typeof args.text === 'string' ? args.text : target.text,
        ...(Array.isArray(args.blocks) ? { blocks: withGeneratedIds(args.blocks) } : {}),
        edited: { user: this.botUserId, ts: this.ws.nextTs() },
      });
    } else if (flag(args.replace_original) && ephemeral) {
      this.ws.storeEphemeral(ephemeralOf(ephemeral.channel, ephemeral.user, ephemeral.ts, args));
    } else if (args.response_type === 'in_channel' && state.channelId) {
      this.seedMessage(state.channelId, {
        text: typeof args.text === 'string' ? args.text : '',
        ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
        ...(typeof args.thread_ts === 'string' ? { thread_ts: args.thread_ts } : {}),
      });
    } else if (state.channelId && state.userId) {
      this.ws.storeEphemeral(ephemeralOf(state.channelId, state.userId, this.ws.nextTs(), args));
    }
    this.answer(base, res, ok());
  }

  /** Applies a queued fault for this call, if any. Returns true when the request was handled. */
  private applyFault(base: Omit<FakeSlackCall, 'ok' | 'at' | 'status'>, res: ServerResponse): boolean {
    const queue = this.faults.get(base.method);
    const fault = queue?.shift();
    if (!fault) return false;
    if ('acceptThenHang' in fault) {
      this.unanswered.add(res);
      return false;
    }
    if ('hang' in fault) {
      this.record({ ...base, ok: false, error: 'hang', at: Date.now(), status: 0 });
      return true; // the response stays open until stop() destroys the socket
    }
    if ('status' in fault && fault.status === 429) {
      this.answer(base, res, rateLimited(fault.retryAfter));
    } else if ('status' in fault) {
      this.answer(base, res, { status: fault.status, body: { ok: false, error: 'internal_error' } });
    } else {
      this.answer(base, res, fail(fault.error));
    }
    return true;
  }

  private answer(
    base: Omit<FakeSlackCall, 'ok' | 'at' | 'status'>,
    res: ServerResponse,
    result: ApiResult,
    as: 'json' | 'text' = 'json',
  ): void {
    const status = result.status ?? 200;
    const okFlag = result.body.ok === true && status === 200;
    const error = typeof result.body.error === 'string' ? result.body.error : undefined;
    const lost = this.unanswered.delete(res);
    this.record({
      ...base,
      ok: okFlag,
      ...(error !== undefined ? { error } : {}),
      at: Date.now(),
      status: lost ? 0 : status,
      response: result.body,
    });
    if (lost) return; // the response stays open until stop() destroys the socket
    if (as === 'text') {
      const text = okFlag ? String(result.body.body ?? 'OK') : (error ?? 'error');
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...result.headers });
      res.end(text);
      return;
    }
    sendJson(res, status, result.body, result.headers);
  }

  private record(call: FakeSlackCall): void {
    if (this.isProgressNotice?.(call)) call.progress = true;
    this.calls.push(call);
    for (const listener of this.listeners) {
      try {
        listener(call);
      } catch {
        // a listener's failure is its own business
      }
    }
    if (!call.ok) return;
    for (const w of this.waiters) {
      if (w.match(call)) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve(call);
      }
    }
  }

  /** Token bucket per channel. Returns the Retry-After seconds when the call is over the limit. */
  private takeRateToken(channel: string): number | undefined {
    const rate = this.opts.perChannelRatePerSecond;
    if (rate === undefined || rate <= 0) return undefined;
    const burst = Math.max(1, this.opts.rateBurst ?? 2);
    const now = Date.now();
    const bucket = this.buckets.get(channel) ?? { tokens: burst, updated: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updated) / 1000) * rate);
    bucket.updated = now;
    this.buckets.set(channel, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
  }
}

function rateLimited(retryAfter: number): ApiResult {
  const seconds = Math.max(0, Math.round(retryAfter));
  return { status: 429, headers: { 'retry-after': String(seconds) }, body: { ok: false, error: 'ratelimited' } };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
