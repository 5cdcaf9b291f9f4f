import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * `<dataDir>/server.json`: the address of the embedded server that has the data folder open, written by the
 * process that started it (the app, `npm run db`) and removed when it stops. Other commands (seed, job, import)
 * connect to that server instead of starting a second one on the same files, which H2 would refuse.
 */

export const SERVER_FILE = 'server.json';

const serverFileSchema = z.object({
  uri: z.string().regex(/^mongodb:\/\/127\.0\.0\.1:\d+$/),
  port: z.number().int().min(1).max(65535),
  /** The process that owns the server (stops it, removes this file). */
  ownerPid: z.number().int().positive(),
  /** The Java server itself. */
  serverPid: z.number().int(),
  startedAt: z.string(),
});

export type ServerFile = z.infer<typeof serverFileSchema>;

export const serverFilePath = (dataDir: string) => path.join(path.resolve(dataDir), SERVER_FILE);

export function writeServerFile(dataDir: string, entry: ServerFile): void {
  const file = serverFilePath(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(entry, null, 2)}\n`);
  renameSync(temp, file); // readers never see half a file
}

/** Removes the file if it still describes this owner's server (a newer owner's file is left alone). */
export function removeServerFile(dataDir: string, ownerPid = process.pid): void {
  const entry = readServerFile(dataDir);
  if (entry && entry.ownerPid !== ownerPid) return;
  rmSync(serverFilePath(dataDir), { force: true });
}

export function readServerFile(dataDir: string): ServerFile | undefined {
  let text: string;
  try {
    text = readFileSync(serverFilePath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = serverFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function accepts(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * The running server on `dataDir`, if there is one: its file names live processes and its port accepts
 * connections. A stale file (the owner was killed) is removed, so the caller may start its own server.
 */
export async function findRunningServer(dataDir: string, timeoutMs = 1_000): Promise<ServerFile | undefined> {
  const entry = readServerFile(dataDir);
  if (!entry) return undefined;
  if (isAlive(entry.ownerPid) && isAlive(entry.serverPid) && (await accepts(entry.port, timeoutMs))) return entry;
  if (!isAlive(entry.ownerPid)) removeServerFile(dataDir, entry.ownerPid);
  return undefined;
}
