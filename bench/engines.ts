import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedMongo } from '../src/db/embedded/launcher';
import { startSecantus } from '../test/support/secantus';

/**
 * The database engines the bench runs against (`--engine embedded --engine secantus`, or `--engine embedded,secantus`):
 * - `embedded`: mongo-java-server with its on-disk backend, as `npm start` runs it by default (`.data/mongo`);
 * - `secantus`: secantus-mdb (WiredTiger, real secondary indexes), what a real MongoDB's indexes do;
 * - `mongodb`: the server of MONGODB_URI (database iec_bench, dropped first).
 */
export type EngineName = 'embedded' | 'secantus' | 'mongodb';
export const ENGINE_NAMES: readonly EngineName[] = ['embedded', 'secantus', 'mongodb'];

export interface Engine {
  name: EngineName;
  description: string;
  /** mongodb://host:port (no database). */
  uri: string;
  /** The server's process (undefined for MONGODB_URI). */
  pid?: number;
  /** Where it keeps its data (undefined for MONGODB_URI). */
  dataDir?: string;
  stop(): Promise<void>;
}

/** The engines named by `--engine` (repeatable, or comma-separated); MONGODB_URI alone means `mongodb`; else `embedded`. */
export function enginesFromArgs(argv: readonly string[]): EngineName[] {
  const named: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--engine' && argv[i + 1]) named.push(...argv[i + 1].split(','));
    else if (arg.startsWith('--engine=')) named.push(...arg.slice('--engine='.length).split(','));
  });
  const unknown = named.filter((n) => !ENGINE_NAMES.includes(n as EngineName));
  if (unknown.length > 0) throw new Error(`unknown engine ${unknown.join(', ')}: use ${ENGINE_NAMES.join(', ')}`);
  if (named.length > 0) return [...new Set(named as EngineName[])];
  return process.env.MONGODB_URI ? ['mongodb'] : ['embedded'];
}

export async function startEngine(name: EngineName): Promise<Engine> {
  if (name === 'mongodb') {
    const uri = process.env.MONGODB_URI;
    if (!uri) throw new Error('--engine mongodb needs MONGODB_URI');
    const u = new URL(uri);
    u.pathname = '';
    return { name, description: 'MongoDB at MONGODB_URI', uri: u.toString().replace(/\/$/, ''), stop: async () => undefined };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `iec-bench-${name}-`));
  if (name === 'embedded') {
    const server = await startEmbeddedMongo({ dataDir });
    return {
      name,
      description:
        "embedded mongo-java-server, on-disk (H2) backend as `npm start` runs it: the declared indexes kept in memory and used by its launcher's planner (db/src/main/java/iecbot/IndexPlanner.java)",
      uri: server.uri,
      pid: server.pid,
      dataDir,
      stop: async () => {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const server = await startSecantus({ storagePath: dataDir });
  return {
    name,
    description: 'secantus-mdb 0.5.3-beta.196 (WiredTiger, real secondary indexes; default 4 GB cache)',
    uri: server.uri,
    pid: server.pid,
    dataDir,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Bytes in a folder (du), NaN when it cannot be read. */
export function folderBytes(dir: string): number {
  try {
    return Number(execFileSync('du', ['-sb', dir]).toString().split(/\s+/)[0]);
  } catch {
    return NaN;
  }
}

/** Resident memory of a process as the OS reports it (the app's own view can miss native allocations). */
export function rssOf(pid: number): number {
  try {
    return (
      Number(
        execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
          .toString()
          .trim(),
      ) * 1024
    );
  } catch {
    return NaN;
  }
}
