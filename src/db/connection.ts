import mongoose from 'mongoose';
import { watchHeartbeats } from './monitor-watchdog';

/**
 * How the app talks to its database, in production and in every test alike (no test lowers these). While the
 * database is unreachable, each operation gives up within 2 s, so a request whose database work fails is still
 * answered "try again in a minute" inside Slack's 3 s (the actor middleware's people read has a 1 s deadline of its
 * own); when it comes back, the driver sees it at its next heartbeat and requests work again without a restart.
 */
export const CONNECTION_SETTINGS = {
  /** How long an operation waits for a reachable server before it fails (the driver's default is 30 s). */
  serverSelectionTimeoutMS: 2_000,
  /** How long mongoose holds an operation while its connection is down before it fails (its default is 10 s). */
  bufferTimeoutMS: 2_000,
  /** Opening a connection; with heartbeatFrequencyMS also the monitor's socket timeout (default 30 s). */
  connectTimeoutMS: 5_000,
  /**
   * How long an operation waits for its answer on a connection that has gone silent (the driver's default: for
   * ever). A database that drops packets rather than refusing them would otherwise hold each request, and the
   * pooled connection, for good: with it the person is told "try again" inside Slack's 3 s. Operations answer in
   * milliseconds; a long job must not wait silently this long on one round trip (bulk work goes in batches).
   */
  socketTimeoutMS: 2_000,
  /**
   * A read that failed on the network is not tried again by the driver: the retry would wait for a server
   * (serverSelectionTimeoutMS) after the socket timeout, past Slack's 3 s. The person is told to try again instead.
   */
  retryReads: false,
  /** How often the driver checks the server, and so how soon a returning database is seen (the default). */
  heartbeatFrequencyMS: 10_000,
  /** A heartbeat running longer than any that can still end (connectTimeoutMS + heartbeatFrequencyMS) is stuck. */
  stuckHeartbeatMs: 20_000,
  /** At start-up, how long to keep trying to reach the database before giving up. */
  startupPatienceMs: 6_000,
} as const;

export interface ConnectOptions {
  /** A longer wait for a server, for tools that run long operations on a loaded machine (the bench). */
  serverSelectionTimeoutMS?: number;
  /**
   * A longer wait for one answer, for tools that load or scan a whole district in single operations (the bench's
   * data generator and the index test that uses it); the app keeps CONNECTION_SETTINGS.socketTimeoutMS.
   */
  socketTimeoutMS?: number;
}

/** The URI the app means to be connected to; cleared by `disconnectDatabase`, so a reconnection in progress stops. */
let wantedUri: string | undefined;

/** Connects mongoose to any MongoDB-compatible URI (MongoDB, Atlas, the embedded server). */
export async function connectDatabase(uri: string, options: ConnectOptions = {}): Promise<typeof mongoose> {
  const settings = CONNECTION_SETTINGS;
  mongoose.set('strictQuery', true);
  mongoose.set('bufferTimeoutMS', settings.bufferTimeoutMS);
  const giveUpAt = Date.now() + settings.startupPatienceMs;
  for (;;) {
    try {
      await mongoose.connect(uri, {
        serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? settings.serverSelectionTimeoutMS,
        connectTimeoutMS: settings.connectTimeoutMS,
        socketTimeoutMS: options.socketTimeoutMS ?? settings.socketTimeoutMS,
        retryReads: settings.retryReads,
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
  watchHeartbeats(mongoose.connection.getClient(), () => void replaceClient(uri, options), settings.stuckHeartbeatMs);
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  return mongoose;
}

/**
 * A new client for one whose server monitor is stuck (it would never see the database come back), tried again
 * every few seconds while the database is still away. Models buffer their operations in the meantime.
 */
async function replaceClient(uri: string, options: ConnectOptions): Promise<void> {
  console.warn(`MongoDB: the driver's server monitor is stuck; reconnecting to ${redactUri(uri)}`);
  await mongoose.connection.close().catch(() => undefined);
  while (wantedUri === uri) {
    try {
      await connectDatabase(uri, options);
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
