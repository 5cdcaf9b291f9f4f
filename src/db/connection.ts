import mongoose from 'mongoose';
import { watchHeartbeats } from './monitor-watchdog';

export interface ConnectOptions {
  serverSelectionTimeoutMS?: number;
  /** After how long a server heartbeat counts as stuck and the client is replaced (see monitor-watchdog.ts). */
  stuckHeartbeatMs?: number;
}

/** The URI the app means to be connected to; cleared by `disconnectDatabase`, so a reconnection in progress stops. */
let wantedUri: string | undefined;

/** Connects mongoose to any MongoDB-compatible URI (MongoDB, Atlas, the embedded server). */
export async function connectDatabase(uri: string, options: ConnectOptions = {}): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  try {
    await mongoose.connect(uri, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5_000,
      autoIndex: true,
    });
  } catch (err) {
    throw new Error(
      `Cannot reach MongoDB at ${redactUri(uri)}: ${(err as Error).message}. Check MONGODB_URI (or unset it to use the embedded server).`,
    );
  }
  wantedUri = uri;
  watchHeartbeats(mongoose.connection.getClient(), () => void replaceClient(uri, options), options.stuckHeartbeatMs);
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
