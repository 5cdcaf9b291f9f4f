import mongoose from 'mongoose';
import { connectDatabase } from '../../src/db/connection';
import { testDatabaseUri } from './db';

/** A database command as the driver sent it. */
export interface SentCommand {
  name: string;
  collection: unknown;
  filter?: unknown;
}

/**
 * Counts database round trips: reconnects this file's database with the driver's command monitoring on
 * (`monitorCommands` applies to connections made afterwards), and records each command sent from `start()`.
 */
export class RoundTrips {
  private seen: SentCommand[] | undefined;

  static async connect(): Promise<RoundTrips> {
    await mongoose.disconnect();
    await connectDatabase(`${testDatabaseUri()}?monitorCommands=true`);
    const trips = new RoundTrips();
    mongoose.connection.getClient().on('commandStarted', (e) => {
      if (['hello', 'isMaster', 'ismaster', 'ping', 'endSessions'].includes(e.commandName)) return;
      trips.seen?.push({ name: e.commandName, collection: e.command[e.commandName], filter: e.command.filter });
    });
    return trips;
  }

  start(): void {
    this.seen = [];
  }

  /** The commands sent so far since `start()`, still counting. */
  peek(): SentCommand[] {
    return [...(this.seen ?? [])];
  }

  /** The commands sent since `start()`. */
  stop(): SentCommand[] {
    const seen = this.seen ?? [];
    this.seen = undefined;
    return seen;
  }
}
