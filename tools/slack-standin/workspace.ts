/** The fake workspace's state: users, conversations, messages, views, files, trigger ids. No HTTP here. */
import { createHash, randomBytes } from 'node:crypto';
import type {
  ChannelError,
  FakeChannel,
  FakeChannelInput,
  FakeEphemeral,
  FakeMessage,
  FakeUser,
  FakeUserInput,
  FakeView,
  UploadedFile,
} from './types';

export interface WorkspaceIdentity {
  teamId: string;
  /** Enterprise Grid: the organisation the workspace belongs to, when it is in one. */
  enterprise?: { id: string; name: string };
  teamDomain: string;
  teamName: string;
  botUserId: string;
  botId: string;
  appId: string;
}

/** A user's organisation: the one given, else the workspace's own (for its users; one of another workspace has none). */
function enterpriseUser(input: FakeUserInput, identity: WorkspaceIdentity): { enterprise_user?: { id: string; enterprise_id: string } } {
  const own = input.team_id === undefined || input.team_id === identity.teamId ? identity.enterprise?.id : undefined;
  const enterpriseId = input.enterprise_id ?? own;
  return enterpriseId ? { enterprise_user: { id: input.id, enterprise_id: enterpriseId } } : {};
}

export interface PendingUpload {
  id: string;
  filename: string;
  length: number;
  alt_text?: string;
  snippet_type?: string;
  bytes?: Buffer;
  content_type?: string;
}

interface TriggerRecord {
  issuedAt: number;
  used: boolean;
  /** Who the trigger was issued to (the person whose click or command it came from), when known. */
  userId?: string;
}

export interface WorkspaceSnapshot {
  messages: FakeMessage[];
  ephemerals: FakeEphemeral[];
  views: FakeView[];
  homeViews: Record<string, string>;
  files: Array<Omit<UploadedFile, 'bytes'> & { bytes: string }>;
  counter: number;
  lastTsMicros: number;
}

export type TriggerCheck = 'ok' | 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id';

const TRIGGER_FORMAT = /^\d+\.\d+\.[0-9a-zA-Z]+$/;

export class Workspace {
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly channelErrors = new Map<string, ChannelError>();
  /** Keyed `${channel}/${ts}`, in posting order. */
  readonly messages = new Map<string, FakeMessage>();
  readonly views = new Map<string, FakeView>();
  /** user id → view id of their Home tab. */
  readonly homeViews = new Map<string, string>();
  readonly pendingUploads = new Map<string, PendingUpload>();
  readonly files: UploadedFile[] = [];
  /** Ephemeral messages (chat.postEphemeral, ephemeral response_url replies), each seen by one user only. */
  readonly ephemerals: FakeEphemeral[] = [];
  private readonly triggers = new Map<string, TriggerRecord>();
  private lastTsMicros = 0;
  private counter = 0;

  constructor(
    readonly identity: WorkspaceIdentity,
    private readonly triggerTtlMs: number,
    /** The clock message timestamps follow (the sandbox's simulated time); trigger ids always use the wall clock. */
    private readonly clock: () => number = Date.now,
  ) {}

  /** Clears everything the app did; keeps seeded users and channels. */
  clear(): void {
    this.channelErrors.clear();
    this.messages.clear();
    this.views.clear();
    this.homeViews.clear();
    this.pendingUploads.clear();
    this.files.length = 0;
    this.ephemerals.length = 0;
    this.triggers.clear();
  }

  /** A Slack-shaped id such as `V0000000A1B`: prefix + 10 upper-case base-36 characters, unique in this process. */
  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter.toString(36).toUpperCase().padStart(10, '0')}`;
  }

  /** A message timestamp: unique and strictly increasing, close to the wall clock. */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.clock()) * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  viewHash(): string {
    return `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;
  }

  addUser(input: FakeUserInput): FakeUser {
    const name = input.name ?? input.id.toLowerCase();
    const realName = input.real_name ?? name;
    const tz = input.tz ?? 'UTC';
    const user: FakeUser = {
      id: input.id,
      team_id: input.team_id ?? this.identity.teamId,
      name,
      real_name: realName,
      deleted: input.deleted ?? false,
      is_bot: input.is_bot ?? false,
      is_admin: input.is_admin ?? false,
      is_owner: false,
      is_app_user: false,
      is_restricted: input.is_restricted ?? input.is_ultra_restricted ?? false,
      is_ultra_restricted: input.is_ultra_restricted ?? false,
      ...enterpriseUser(input, this.identity),
      tz,
      tz_label: timeZoneLabel(tz),
      tz_offset: timeZoneOffsetSeconds(tz),
      updated: Math.floor(Date.now() / 1000),
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: name,
        display_name_normalized: name,
        ...(input.email !== undefined ? { email: input.email } : {}),
        team: input.team_id ?? this.identity.teamId,
      },
    };
    this.users.set(user.id, user);
    return user;
  }

  addChannel(input: FakeChannelInput): FakeChannel {
    const isIm = input.id.startsWith('D');
    const channel: FakeChannel = {
      id: input.id,
      name: input.name ?? (isIm ? (input.user ?? input.id) : input.id.toLowerCase()),
      is_channel: !isIm && !input.is_private,
      is_group: !isIm && Boolean(input.is_private),
      is_im: isIm,
      is_mpim: false,
      is_private: isIm || Boolean(input.is_private),
      is_archived: false,
      is_general: false,
      created: Math.floor(Date.now() / 1000),
      ...(input.user !== undefined ? { user: input.user } : {}),
      members: input.members ?? [],
      context_team_id: this.identity.teamId,
      is_ext_shared: input.is_ext_shared ?? false,
      is_pending_ext_shared: input.is_pending_ext_shared ?? false,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The conversation as conversations.info describes it (known or synthesised). */
  describeChannel(id: string): FakeChannel {
    const known = this.channels.get(id);
    const base = known ?? {
      id,
      name: id.toLowerCase(),
      is_channel: id.startsWith('C'),
      is_group: id.startsWith('G'),
      is_im: id.startsWith('D'),
      is_mpim: false,
      is_private: !id.startsWith('C'),
      is_archived: false,
      is_general: false,
      created: 0,
      members: [],
      context_team_id: this.identity.teamId,
      is_ext_shared: false,
      is_pending_ext_shared: false,
    };
    return { ...base, is_archived: base.is_archived || this.channelErrors.get(id) === 'is_archived' };
  }

  /** A stable IM / MPIM id for a set of users (same set → same id, in every run). */
  dmFor(userIds: string[]): string {
    const key = [...new Set(userIds)].sort().join(',');
    const digest = createHash('sha1').update(key).digest();
    const id = `D${BigInt(`0x${digest.subarray(0, 8).toString('hex')}`)
      .toString(36)
      .toUpperCase()
      .padStart(10, '0')
      .slice(0, 10)}`;
    if (!this.channels.has(id)) {
      const users = key.split(',');
      this.addChannel({ id, ...(users.length === 1 ? { user: users[0] } : {}), members: users });
    }
    return id;
  }

  /** Resolves a chat.postMessage `channel` argument: a user id posts into the app's IM with that user. */
  resolveChannel(channel: string): string {
    return /^[UW][A-Z0-9]+$/.test(channel) ? this.dmFor([channel]) : channel;
  }

  storeMessage(message: FakeMessage): FakeMessage {
    this.messages.set(`${message.channel}/${message.ts}`, message);
    return message;
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.get(`${channel}/${ts}`);
  }

  deleteMessage(channel: string, ts: string): boolean {
    return this.messages.delete(`${channel}/${ts}`);
  }

  issueTriggerId(userId?: string): string {
    const id = `${Date.now()}${String(++this.counter).padStart(4, '0')}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { issuedAt: Date.now(), used: false, ...(userId !== undefined ? { userId } : {}) });
    return id;
  }

  /** The user a trigger id was issued to, when the fake issued it for someone. */
  triggerUser(id: string): string | undefined {
    return this.triggers.get(id)?.userId;
  }

  /** Stores an ephemeral message, or replaces the one with the same channel, user and ts. */
  storeEphemeral(message: FakeEphemeral): FakeEphemeral {
    const i = this.ephemerals.findIndex((e) => e.channel === message.channel && e.user === message.user && e.ts === message.ts);
    if (i >= 0) this.ephemerals[i] = message;
    else this.ephemerals.push(message);
    return message;
  }

  deleteEphemeral(channel: string, user: string, ts: string): boolean {
    const i = this.ephemerals.findIndex((e) => e.channel === channel && e.user === user && e.ts === ts);
    if (i >= 0) this.ephemerals.splice(i, 1);
    return i >= 0;
  }

  /** Exchanges a trigger id. Ids the fake issued expire and work once; well-formed foreign ids are accepted. */
  useTriggerId(id: string, at = Date.now()): TriggerCheck {
    if (!TRIGGER_FORMAT.test(id)) return 'invalid_trigger_id';
    const record = this.triggers.get(id);
    if (!record) return 'ok';
    if (record.used) return 'exchanged_trigger_id';
    if (at - record.issuedAt > this.triggerTtlMs) return 'expired_trigger_id';
    record.used = true;
    return 'ok';
  }

  /** What the app left in the workspace (messages, ephemerals, views, Home tabs, files), as JSON: the sandbox keeps it between runs. */
  snapshot(): WorkspaceSnapshot {
    return {
      messages: [...this.messages.values()],
      ephemerals: [...this.ephemerals],
      views: [...this.views.values()],
      homeViews: Object.fromEntries(this.homeViews),
      files: this.files.map((f) => ({ ...f, bytes: f.bytes.toString('base64') })),
      counter: this.counter,
      lastTsMicros: this.lastTsMicros,
    };
  }

  /** Puts back a `snapshot()`; ids and timestamps continue after the restored ones. */
  restore(s: WorkspaceSnapshot): void {
    for (const m of s.messages) this.storeMessage(m);
    this.ephemerals.push(...s.ephemerals);
    for (const v of s.views) this.views.set(v.id, v);
    for (const [user, id] of Object.entries(s.homeViews)) this.homeViews.set(user, id);
    this.files.push(...s.files.map((f) => ({ ...f, bytes: Buffer.from(f.bytes, 'base64') })));
    this.counter = Math.max(this.counter, s.counter);
    this.lastTsMicros = Math.max(this.lastTsMicros, s.lastTsMicros);
  }
}

function timeZoneOffsetSeconds(tz: string): number {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value;
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? '');
    if (!m) return 0;
    const seconds = Number(m[2]) * 3600 + Number(m[3]) * 60;
    return m[1] === '-' ? -seconds : seconds;
  } catch {
    return 0;
  }
}

function timeZoneLabel(tz: string): string {
  try {
    return (
      new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' })
        .formatToParts(new Date())
        .find((p) => p.type === 'timeZoneName')?.value ?? tz
    );
  } catch {
    return tz;
  }
}
