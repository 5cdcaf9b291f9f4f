import type { DatabaseConfig } from '../config';
import { connectDatabase, disconnectDatabase } from './connection';
import { DataDirInUseError, startEmbeddedMongo } from './embedded/launcher';
import { findRunningServer, removeServerFile, writeServerFile } from './embedded/server-file';

export const DATABASE_NAME = 'iec-bot';

export interface OpenedDatabase {
  uri: string;
  /** `uri`: MONGODB_URI; `shared`: the embedded server another process runs on the data folder; `own`: one started here. */
  via: 'uri' | 'shared' | 'own';
  /** Disconnects, and stops the embedded server if this process started it. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * Write `<dataDir>/server.json` so other commands use the server started here (the app and `npm run db` do;
   * a short-lived command does not, or the app could connect to a server about to stop).
   */
  publish?: boolean;
}

/** The database could not be opened: the message is one line saying what to do. */
export class DatabaseOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

/**
 * Opens the database every command uses: MONGODB_URI when set; otherwise the embedded server on the data folder,
 * the one already running there when there is one (see server-file.ts), else one started by this process.
 */
export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<OpenedDatabase> {
  if (config.mongodbUri) {
    const uri = config.mongodbUri;
    await connectDatabase(uri);
    return { uri, via: 'uri', close: disconnectDatabase };
  }
  if (config.production)
    throw new DatabaseOpenError('MONGODB_URI is required when NODE_ENV=production (the embedded database is for development)');

  const running = await findRunningServer(config.dataDir);
  if (running) {
    const uri = `${running.uri}/${DATABASE_NAME}`;
    await connectDatabase(uri);
    return { uri, via: 'shared', close: disconnectDatabase };
  }

  let server: Awaited<ReturnType<typeof startEmbeddedMongo>>;
  try {
    server = await startEmbeddedMongo({ dataDir: config.dataDir });
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      throw new DatabaseOpenError(
        `the embedded database in ${config.dataDir} is open in another process that does not share it (a command still running?): ` +
          'wait for it to finish or stop it, then try again (or start the app first: commands use its server)',
      );
    }
    throw err;
  }
  const uri = `${server.uri}/${DATABASE_NAME}`;
  const forget = () => removeServerFile(config.dataDir);
  if (options.publish) {
    writeServerFile(config.dataDir, {
      uri: server.uri,
      port: server.port,
      ownerPid: process.pid,
      serverPid: server.pid,
      startedAt: new Date().toISOString(),
    });
    process.once('exit', forget); // however this process ends, short of a kill; a kill leaves a stale file that readers detect
  }
  try {
    await connectDatabase(uri);
  } catch (err) {
    if (options.publish) forget();
    await server.stop();
    throw err;
  }
  return {
    uri,
    via: 'own',
    async close() {
      await disconnectDatabase();
      if (options.publish) forget();
      await server.stop();
    },
  };
}
