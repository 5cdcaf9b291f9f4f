import mongoose from 'mongoose';

/** Connects mongoose to any MongoDB-compatible URI (MongoDB, Atlas, the embedded server). */
export async function connectDatabase(uri: string, options: { serverSelectionTimeoutMS?: number } = {}): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  try {
    await mongoose.connect(uri, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5_000,
      autoIndex: true,
    });
  } catch (err) {
    throw new Error(`Cannot reach MongoDB at ${redactUri(uri)}: ${(err as Error).message}. Check MONGODB_URI (or unset it to use the embedded server).`);
  }
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  return mongoose;
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
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
