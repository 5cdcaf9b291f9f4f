import mongoose from 'mongoose';
import { watchHeartbeats } from './monitor-watchdog';

/**
 * How the app talks to its database, in production and in every test and tool alike (nothing lowers or raises
 * these). They are generous: a slow but working database (a large district's aggregations, a bulk insert, a
 * loaded server) finishes its work. Answering Slack in 3 s is not their job: the request deadline
 * (src/slack/request-deadline.ts) tells the person in time, whatever the database does. When the database comes
 * back, the driver sees it at its next heartbeat and requests work again without a restart.
 */
export const CONNECTION_SETTINGS = {
  /**
   * How long an operation waits for a reachable server before it fails (the driver's default is 30 s). Past the
   * request deadline's 2 s, so a short blip (a restarted server, a slow monitor on a loaded machine) rides
   * through on a retried read; short enough that on a database that is down a request ends with a definite
   * "nothing was changed" a few seconds after its "still working" notice, and start-up gives up with a clear
   * message. (A replica set's election takes about 10 s with MongoDB's defaults: a write during it is refused
   * with "try again in a minute", which is true.)
   */
  serverSelectionTimeoutMS: 5_000,
  /** How long mongoose holds an operation while its connection is down before it fails (its default is 10 s). */
  bufferTimeoutMS: 2_000,
  /** Opening a connection; with heartbeatFrequencyMS also the monitor's socket timeout (default 30 s). */
  connectTimeoutMS: 5_000,
  /**
   * How long an operation waits for its answer on a connection that has gone silent (the driver's default: for
   * ever, which would hold the request and its pooled connection for good). A database that stops answering
   * altogether is noticed sooner by the server monitor: its heartbeat fails after connectTimeoutMS, and the
   * driver then interrupts every operation in flight (within heartbeatFrequencyMS + connectTimeoutMS). This is
   * the bound for one operation that hangs while the server still answers heartbeats. On a 100,000-commitment
   * district (secantus-mdb) request-path finds take 0.3-2 s and bulk inserts and aggregations longer; 30 s
   * (the driver's own default connect timeout) leaves them room and still frees a runaway operation's connection.
   */
  socketTimeoutMS: 30_000,
  /** How often the driver checks the server, and so how soon a returning database is seen (the default). */
  heartbeatFrequencyMS: 10_000,
  /** A heartbeat running longer than any that can still end (connectTimeoutMS + heartbeatFrequencyMS) is stuck. */
  stuckHeartbeatMs: 20_000,
  /** At start-up, how long to keep trying to reach the database before giving up (one server selection). */
  startupPatienceMs: 5_000,
} as const;

/** The URI the app means to be connected to; cleared by `disconnectDatabase`, so a reconnection in progress stops. */
let wantedUri: string | undefined;

/** Connects mongoose to any MongoDB-compatible URI (MongoDB, Atlas, the embedded server). */
export async function connectDatabase(uri: string): Promise<typeof mongoose> {
  const settings = CONNECTION_SETTINGS;
  mongoose.set('strictQuery', true);
  mongoose.set('bufferTimeoutMS', settings.bufferTimeoutMS);
  const giveUpAt = Date.now() + settings.startupPatienceMs;
  for (;;) {
    try {
      await mongoose.connect(uri, {
        serverSelectionTimeoutMS: settings.serverSelectionTimeoutMS,
        connectTimeoutMS: settings.connectTimeoutMS,
        socketTimeoutMS: settings.socketTimeoutMS,
        heartbeatFrequencyMS: settings.heartbeatFrequencyMS,
        autoIndex: true,
      });
      break;
    } catch (err) {
      // a server not found (yet) is tried again for a while; anything else (a malformed URI, bad credentials) is final
      if (/ServerSelectionError$/.test((err as Error).name) && Date.now() < giveUpAt) continue;
      throw new Error(
        `Cannot reach MongoDB at ${redactUri(uri)}: ${(err as Error).message}. Check MONGODB_URI (or unset it to use the embedded server).`,
      );
    }
  }
  wantedUri = uri;
  watchHeartbeats(mongoose.connection.getClient(), () => void replaceClient(uri), settings.stuckHeartbeatMs);
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  return mongoose;
}

/**
 * A new client for one whose server monitor is stuck (it would never see the database come back), tried again
 * every few seconds while the database is still away. Models buffer their operations in the meantime.
 */
async function replaceClient(uri: string): Promise<void> {
  console.warn(`MongoDB: the driver's server monitor is stuck; reconnecting to ${redactUri(uri)}`);
  await mongoose.connection.close().catch(() => undefined);
  while (wantedUri === uri) {
    try {
      await connectDatabase(uri);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

export async function disconnectDatabase(): Promise<void> {
  wantedUri = undefined;
  await mongoose.disconnect();
}

/** Whether mongoose holds an open connection now (background work skips a round while it does not). */
export function isConnected(): boolean {
  return mongoose.connection.readyState === 1;
}

/** 'up' when the server answers a ping now. */
export async function databaseState(timeoutMs = 1_000): Promise<'up' | 'down'> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return 'down';
  try {
    await Promise.race([
      db.command({ ping: 1 }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('ping timed out')), timeoutMs).unref()),
    ]);
    return 'up';
  } catch {
    return 'down';
  }
}

/** Hides credentials in a connection string so it can be logged. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}
