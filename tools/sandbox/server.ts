import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Logger } from '@slack/logger';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Config } from '../../src/config';
import { describeSummary } from '../../src/scheduler';
import { MAX_RATE, parseInstant, type SandboxClock } from './clock';
import type { ModalStacks } from './modals';
import { escapeMentions, PERSONAS, personaZone, SANDBOX_CHANNELS } from './people';
import type { SandboxTicker } from './ticker';
import { WEB_BUNDLE, WEB_SOURCE_DIR } from './web/build';
import type { FakeEphemeral, FakeMessage, FakeSlack, UploadedFile } from '../slack-standin';
import { events, type BlockActionParams, type SlackRequester, type StateValuesInput } from '../slack-standin/requests';

/**
 * The sandbox's web page and its JSON API: what a person sees (channels, DMs, ephemeral replies, modals, the
 * Home tab) is read from the Slack stand-in; what they do becomes a signed request to the app, exactly as Slack
 * sends it. Changes are pushed to the page as server-sent events.
 */

export interface SandboxServerDeps {
  fake: FakeSlack;
  slack: SlackRequester;
  modals: ModalStacks;
  config: Config;
  logger: Logger;
  /** The slash commands the app's manifest declares. */
  commands: readonly string[];
  clock: SandboxClock;
  ticker: SandboxTicker;
  read: ReadMarks;
  /** Something the sandbox keeps between runs changed (read marks, the clock). */
  changed: () => void;
  /** Listening beyond this machine (`--host`): any Host is accepted, but an Origin must still be the page's own. */
  exposed: boolean;
}

/** What each person has read: per channel, the ts of the newest message they have seen. */
export class ReadMarks {
  private readonly marks: Map<string, Map<string, string>>;

  constructor(saved: Record<string, Record<string, string>> = {}) {
    this.marks = new Map(Object.entries(saved).map(([user, m]) => [user, new Map(Object.entries(m))]));
  }

  /** Marks everything up to `ts` in `channel` read by `user`. True when that changed anything. */
  markRead(user: string, channel: string, ts: string | undefined): boolean {
    if (!ts) return false;
    const mine = this.marks.get(user) ?? new Map<string, string>();
    this.marks.set(user, mine);
    const before = mine.get(channel);
    if (before && Number(before) >= Number(ts)) return false;
    mine.set(channel, ts);
    return true;
  }

  lastRead(user: string, channel: string): string | undefined {
    return this.marks.get(user)?.get(channel);
  }

  snapshot(): Record<string, Record<string, string>> {
    return Object.fromEntries([...this.marks].map(([user, m]) => [user, Object.fromEntries(m)]));
  }
}

/** Messages in a channel (thread replies included) `user` has not seen: posted by someone else after their read mark. */
export function unreadCount(messages: readonly FakeMessage[], user: string, lastRead: string | undefined): number {
  return messages.filter((m) => m.user !== user && (lastRead === undefined || Number(m.ts) > Number(lastRead))).length;
}

const APP_NAME = 'iec-bot';

const userId = z.string().refine((id) => PERSONAS.some((p) => p.id === id), 'unknown person');
const channelId = z.string().regex(/^[CDG][A-Z0-9]+$/, 'not a channel id');

const messageInput = z.object({ user: userId, channel: channelId, text: z.string().trim().min(1).max(4000) });
const where = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), channel: channelId, ts: z.string() }),
  z.object({ kind: z.literal('ephemeral'), channel: channelId, ts: z.string() }),
  z.object({ kind: z.literal('view'), viewId: z.string() }),
]);
const option = z.object({ value: z.string(), text: z.string().optional() });
const stateValues = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())));
const actionInput = z.object({
  user: userId,
  where,
  blockId: z.string(),
  actionId: z.string(),
  type: z.string(),
  value: z.string().optional(),
  selectedOption: option.optional(),
  selectedOptions: z.array(option).optional(),
  selectedUser: z.string().optional(),
  selectedUsers: z.array(z.string()).optional(),
  selectedChannel: z.string().optional(),
  selectedConversation: z.string().optional(),
  selectedDate: z.string().optional(),
  selectedTime: z.string().optional(),
  values: stateValues.optional(),
});
const optionsInput = z.object({ user: userId, where, blockId: z.string(), actionId: z.string(), value: z.string().max(200) });
const submitInput = z.object({ user: userId, viewId: z.string(), values: stateValues });
const closeInput = z.object({ user: userId, viewId: z.string(), all: z.boolean().optional() });
const homeInput = z.object({ user: userId });
const clockInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('jump'), at: z.string().max(64) }),
  z.object({
    action: z.literal('rate'),
    rate: z.number().min(1, 'the clock runs at least at the normal rate').max(MAX_RATE, `at most ${MAX_RATE}× (a day a second)`),
  }),
  z.object({ action: z.literal('tick') }),
]);

class BadRequest extends Error {}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new BadRequest(result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return result.data;
}

export function createSandboxServer(deps: SandboxServerDeps): Server {
  const { fake, slack, modals, config, logger } = deps;
  const streams = new Set<ServerResponse>();
  let version = 0;
  let pending: NodeJS.Timeout | undefined;
  const changed = () => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      version += 1;
      for (const s of streams) s.write(`event: change\ndata: ${version}\n\n`);
    }, 30);
  };
  fake.subscribe(changed);

  const { clock, ticker, read } = deps;
  const directory = () => ({
    users: Object.fromEntries([...PERSONAS.map((p) => [p.id, p.name]), [fake.botUserId, APP_NAME]]),
    channels: Object.fromEntries(SANDBOX_CHANNELS.map((c) => [c.id, c.name])),
  });
  const channelsOf = (me: string) => [...SANDBOX_CHANNELS.map((c) => c.id), fake.dmChannelFor(me)];
  const clockInfo = () => ({
    now: clock.now(),
    rate: clock.rate,
    lastTick: ticker.last ? { at: ticker.last.at, text: describeSummary(ticker.last.summary) } : null,
  });

  const routes: Record<string, (body: unknown, url: URL) => Promise<unknown> | unknown> = {
    'GET /api/state': (_b, url) => {
      const me = parse(userId, url.searchParams.get('user') || PERSONAS[0].id);
      return {
        workspace: 'IEC Sandbox',
        appName: APP_NAME,
        botUserId: fake.botUserId,
        me,
        personas: PERSONAS,
        channels: [
          ...SANDBOX_CHANNELS.map((c) => ({ id: c.id, name: c.name, kind: 'channel' })),
          { id: fake.dmChannelFor(me), name: APP_NAME, kind: 'app' },
        ],
        directory: directory(),
        commands: deps.commands,
        timeZone: personaZone(PERSONAS.find((p) => p.id === me) ?? PERSONAS[0], config.timeZone),
        sandboxTimeZone: config.timeZone,
        clockSuggestions: clockSuggestions(new Date(clock.now()), config.timeZone),
        version,
      };
    },
    'GET /api/sidebar': (_b, url) => {
      const me = parse(userId, url.searchParams.get('user'));
      const unread = Object.fromEntries(channelsOf(me).map((c) => [c, unreadCount(fake.messages(c), me, read.lastRead(me, c))]));
      return { unread, clock: clockInfo() };
    },
    'GET /api/channel': (_b, url) => {
      const me = parse(userId, url.searchParams.get('user'));
      const channel = parse(channelId, url.searchParams.get('channel'));
      const messages = fake.messages(channel);
      // opening a conversation reads it
      if (read.markRead(me, channel, messages.at(-1)?.ts)) deps.changed();
      return { messages: conversation(messages, fake.ephemerals(me, channel), fake.botUserId, fake.uploadedFiles) };
    },
    'GET /api/modal': (_b, url) => {
      const me = parse(userId, url.searchParams.get('user'));
      return { modal: modals.top(me) ?? null };
    },
    'GET /api/home': (_b, url) => {
      const me = parse(userId, url.searchParams.get('user'));
      return { view: fake.homeView(me) ?? null };
    },
    'POST /api/message': async (body) => {
      const input = parse(messageInput, body);
      if (!input.text.startsWith('/')) {
        fake.postUserMessage(input.channel, input.user, input.text);
        return { ok: true };
      }
      const [command] = input.text.split(/\s+/);
      if (!deps.commands.includes(command)) {
        return { ok: false, notice: `${command} is not a valid command. In this workspace the app has ${deps.commands.join(' and ')}.` };
      }
      const res = await slack.command(command, escapeMentions(input.text.slice(command.length).trim()), {
        userId: input.user,
        channelId: input.channel,
      });
      if (res.status !== 200)
        return { ok: false, notice: `${command} failed with the error "dispatch_failed" (the app answered HTTP ${res.status}).` };
      if (res.body) logger.warn(`the app answered ${command} with a body: Slack would show it as a reply`);
      return { ok: true };
    },
    'POST /api/action': async (body) => {
      const input = parse(actionInput, body);
      const { user, where: w, values, ...rest } = input;
      const params: BlockActionParams = { ...withoutUndefined(rest), userId: user, type: input.type as BlockActionParams['type'] };
      if (w.kind === 'view') {
        params.view = { id: w.viewId };
        if (values) params.values = values as StateValuesInput;
      } else if (w.kind === 'message') {
        params.channelId = w.channel;
        params.message = { ts: w.ts };
      } else {
        const eph = fake.ephemerals(user, w.channel).find((e) => e.ts === w.ts);
        params.channelId = w.channel;
        params.ephemeral = true;
        params.message = { ts: w.ts, ...(eph?.blocks ? { blocks: eph.blocks } : {}) };
        params.responseUrl = fake.responseUrl('eph', { channelId: w.channel, userId: user, ephemeralTs: w.ts });
      }
      const res = await slack.blockAction(params);
      return {
        ok: res.status === 200,
        ...(res.status !== 200 ? { notice: `The app did not accept that click (HTTP ${res.status}).` } : {}),
      };
    },
    'POST /api/options': async (body) => {
      const input = parse(optionsInput, body);
      const w = input.where;
      const res = await slack.options({
        userId: input.user,
        actionId: input.actionId,
        blockId: input.blockId,
        value: input.value,
        ...(w.kind === 'view' ? { view: { id: w.viewId } } : { channelId: w.channel, messageTs: w.ts }),
      });
      const ack = res.json ?? {};
      const options = [...(ack.options ?? []), ...(ack.option_groups ?? []).flatMap((g) => g.options)].map((o) => ({
        value: o.value,
        text: o.text.text,
      }));
      return { ok: res.status === 200, options };
    },
    'POST /api/submit': async (body) => {
      const input = parse(submitInput, body);
      const hashBefore = fake.view(input.viewId)?.hash;
      const res = await slack.viewSubmission({ userId: input.user, view: { id: input.viewId }, values: input.values as StateValuesInput });
      modals.applySubmission(input.user, input.viewId, res, hashBefore);
      changed();
      return { ok: true, modal: modals.top(input.user) ?? null };
    },
    'POST /api/close': async (body) => {
      const input = parse(closeInput, body);
      const view = fake.view(input.viewId);
      if (view?.notify_on_close) await slack.viewClosed({ userId: input.user, view: { id: input.viewId }, isCleared: Boolean(input.all) });
      modals.close(input.user, input.viewId, input.all);
      changed();
      return { ok: true };
    },
    'POST /api/home': async (body) => {
      const input = parse(homeInput, body);
      const home = fake.homeView(input.user);
      const res = await slack.event(
        events.appHomeOpened(input.user, {
          channel: fake.dmChannelFor(input.user),
          ...(home ? { viewId: home.id } : {}),
        }),
      );
      return { ok: res.status === 200 };
    },
    'GET /api/clock': () => clockInfo(),
    'POST /api/clock': async (body) => {
      const input = parse(clockInput, body);
      if (input.action === 'jump') {
        const at = parseInstant(input.at);
        if (!at.ok) throw new BadRequest(at.problem);
        const moved = clock.jumpTo(at.ms);
        if (!moved.ok) throw new BadRequest(moved.problem);
      } else if (input.action === 'rate') {
        clock.setRate(input.rate);
        ticker.reschedule();
      }
      deps.changed();
      changed();
      // a jump, or a tick asked for, runs the scheduler as of the new now right away
      const report = input.action === 'rate' ? undefined : await ticker.tickNow();
      return {
        ok: true,
        ...clockInfo(),
        ...(report ? { tick: { at: report.at, text: describeSummary(report.summary), errors: report.summary.errors } } : {}),
      };
    },
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      const bad = err instanceof BadRequest;
      if (!bad) logger.error('sandbox request failed:', err instanceof Error ? (err.stack ?? err.message) : err);
      if (!res.headersSent) sendJson(res, bad ? 400 : 500, { ok: false, error: bad ? err.message : 'the sandbox failed: see its console' });
    });
  });
  return server;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = foreignRequest(req, server, deps.exposed);
    if (refused) return sendJson(res, 403, { ok: false, error: refused });
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const file = /^\/api\/files\/([A-Z0-9]+)$/.exec(url.pathname);
    if (req.method === 'GET' && file) return serveFile(fake.uploadedFiles, file[1], url.searchParams.has('download'), res);
    if (req.method === 'GET' && url.pathname === '/api/events') return openStream(res);
    if (req.method === 'GET' && !url.pathname.startsWith('/api/')) return serveStatic(url.pathname, res);
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) return sendJson(res, 404, { ok: false, error: 'not found' });
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    sendJson(res, 200, await route(body, url));
  }

  function openStream(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`event: change\ndata: ${version}\n\n`);
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }
}

// ---- what the page shows ---------------------------------------------------------------------------------

export interface ShownMessage {
  ts: string;
  user: string;
  isApp: boolean;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  files?: ShownFile[];
  edited: boolean;
  /** Shown only to the person viewing ("Only visible to you"). */
  ephemeral: boolean;
  replies: ShownMessage[];
}

/** A file shared in a message, as the page shows it: images inline, anything else as a card with a download link. */
export interface ShownFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  size: number;
  /** Where the page gets the bytes the app uploaded. */
  url: string;
}

/** A channel as one person sees it: messages with their thread replies, and that person's ephemeral replies, in time order. */
export function conversation(
  messages: readonly FakeMessage[],
  ephemerals: readonly FakeEphemeral[],
  botUserId: string,
  uploaded: readonly UploadedFile[] = [],
): ShownMessage[] {
  const fileOf = (f: { id: string; name: string; title: string }): ShownFile => {
    const u = uploaded.find((x) => x.id === f.id);
    return { ...f, mimetype: mimeType(f.name, u?.content_type), size: u?.bytes.length ?? 0, url: `/api/files/${f.id}` };
  };
  const shown = (m: FakeMessage | FakeEphemeral, ephemeral: boolean): ShownMessage => ({
    ts: m.ts,
    user: ephemeral ? botUserId : (m as FakeMessage).user,
    isApp: ephemeral || Boolean((m as FakeMessage).bot_id) || (m as FakeMessage).user === botUserId,
    text: m.text,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(!ephemeral && (m as FakeMessage).files ? { files: (m as FakeMessage).files?.map(fileOf) } : {}),
    edited: !ephemeral && Boolean((m as FakeMessage).edited),
    ephemeral,
    replies: [],
  });
  const top: ShownMessage[] = [];
  const byTs = new Map<string, ShownMessage>();
  for (const m of messages) {
    const s = shown(m, false);
    const parent = m.thread_ts && m.thread_ts !== m.ts ? byTs.get(m.thread_ts) : undefined;
    if (parent) parent.replies.push(s);
    else {
      top.push(s);
      byTs.set(m.ts, s);
    }
  }
  top.push(...ephemerals.map((e) => shown(e, true)));
  return top.sort((a, b) => Number(a.ts) - Number(b.ts));
}

/** Instants a trainer typically wants: the next weekly digest (Monday 9:00 plus a few minutes), tomorrow morning, in an hour. */
export function clockSuggestions(now: Date, timeZone: string): Array<{ label: string; at: string }> {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const daysToMonday = (8 - local.weekday) % 7 || 7;
  const monday = local.plus({ days: daysToMonday }).set({ hour: 9, minute: 5, second: 0, millisecond: 0 });
  const tomorrow = local.plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  return [
    { label: `Next Monday ${monday.toFormat('LLL d')}, 9:05 (weekly digests)`, at: monday.toISO() ?? '' },
    { label: `Tomorrow ${tomorrow.toFormat('LLL d')}, 9:00`, at: tomorrow.toISO() ?? '' },
    { label: 'In one hour', at: local.plus({ hours: 1 }).toISO() ?? '' },
  ];
}

// ---- plumbing ----------------------------------------------------------------------------------------------

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: path.join(WEB_SOURCE_DIR, 'index.html'), type: 'text/html; charset=utf-8' },
  '/style.css': { file: path.join(WEB_SOURCE_DIR, 'style.css'), type: 'text/css; charset=utf-8' },
  '/app.js': { file: WEB_BUNDLE, type: 'text/javascript; charset=utf-8' },
  '/app.js.map': { file: `${WEB_BUNDLE}.map`, type: 'application/json; charset=utf-8' },
};

function serveStatic(pathname: string, res: ServerResponse): void {
  const entry = STATIC[pathname];
  if (!entry) {
    sendJson(res, 404, { ok: false, error: 'not found' });
    return;
  }
  if (!existsSync(entry.file)) {
    sendJson(res, 404, { ok: false, error: 'the page is not built: run `npm run sandbox:build`' });
    return;
  }
  res.writeHead(200, { 'content-type': entry.type, 'cache-control': 'no-store' });
  res.end(readFileSync(entry.file));
}

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A file's type from its name, or what its upload declared when the name says nothing. */
export function mimeType(name: string, declared?: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (ext && TYPES[ext]) || (declared && declared !== 'application/octet-stream' ? declared : 'application/octet-stream');
}

/** The bytes the app uploaded, unchanged; `download` makes the browser save them under the file's name. */
function serveFile(files: readonly UploadedFile[], id: string, download: boolean, res: ServerResponse): void {
  const file = files.find((f) => f.id === id);
  if (!file) {
    sendJson(res, 404, { ok: false, error: `no file ${id} in this sandbox` });
    return;
  }
  const type = mimeType(file.filename, file.content_type);
  const safeName = file.filename.replace(/["\\\r\n]/g, '_');
  res.writeHead(200, {
    'content-type': type,
    'content-length': file.bytes.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // never shown as a page of the sandbox's origin unless it is an image
    'content-disposition': `${download || !type.startsWith('image/') ? 'attachment' : 'inline'}; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  });
  res.end(file.bytes);
}

/**
 * Only the page itself may drive the sandbox (it acts as every persona, the administrator included): the Host
 * must be this machine's loopback name and port (which defeats DNS rebinding), and a request that carries an
 * Origin (every cross-site fetch or form post does) must come from that same host. With `--host` the Host may
 * be any name, but the Origin must still match it. Returns why a request is refused.
 */
export function foreignRequest(req: IncomingMessage, server: Server, exposed: boolean): string | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  const local = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  if (!exposed && !local.includes(host)) return `refused: the sandbox answers only on ${local[1]} (Host was "${host || 'missing'}")`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`)
    return `refused: a request from another site (${origin}) cannot drive the sandbox`;
  if (req.method !== 'GET' && origin === undefined && req.headers['sec-fetch-site'] && req.headers['sec-fetch-site'] !== 'same-origin')
    return 'refused: a request from another site cannot drive the sandbox';
  return undefined;
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) {
        reject(new BadRequest('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch {
        reject(new BadRequest('the body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
