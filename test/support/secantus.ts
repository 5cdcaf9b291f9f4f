import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * secantus-mdb: a MongoDB-compatible server on WiredTiger with real secondary indexes and `explain` (crates.io,
 * GPL-2.0-only, so it runs as a separate process and is never bundled). The index test and the bench's second
 * engine run against it. `.ci/run` installs it with `cargo install --locked secantus-mdb --version` this version.
 */
export const SECANTUS_VERSION = '0.5.3-beta.196';
export const SECANTUS_INSTALL = `cargo install --locked secantus-mdb --version ${SECANTUS_VERSION} --ignore-rust-version`;

export interface Secantus {
  /** mongodb://127.0.0.1:PORT (append a database name). */
  uri: string;
  port: number;
  pid: number;
  storagePath: string;
  stop(): Promise<void>;
}

/** The server binary: $SECANTUS_BIN, else ~/.cargo/bin/secantusd-rs, else secantusd-rs on the PATH; undefined when none exists. */
export function findSecantus(): string | undefined {
  const candidates = [
    process.env.SECANTUS_BIN,
    path.join(os.homedir(), '.cargo', 'bin', 'secantusd-rs'),
    ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'secantusd-rs')),
  ];
  return candidates.find((c): c is string => Boolean(c) && existsSync(c as string));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `secantusd-rs --standalone` on a free port with its data in a fresh temporary folder (removed on stop).
 * Throws, saying how to install it, when the binary is missing: a run that expects this engine never skips it.
 */
export async function startSecantus(options: { startTimeoutMs?: number; storagePath?: string } = {}): Promise<Secantus> {
  const bin = findSecantus();
  if (!bin) {
    throw new Error(
      `secantusd-rs (secantus-mdb ${SECANTUS_VERSION}) was not found in $SECANTUS_BIN, ~/.cargo/bin or the PATH. Install it with \`${SECANTUS_INSTALL}\` (.ci/run does).`,
    );
  }
  const port = await freePort();
  const storagePath = options.storagePath ?? mkdtempSync(path.join(os.tmpdir(), 'iec-secantus-'));
  const child: ChildProcess = spawn(bin, ['--standalone', '--port', String(port), '--storage-path', storagePath], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 200) stderr.shift();
  });
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `it exited (${signal ?? code})`));
  child.once('error', (err) => (exited = err.message));

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!(await accepts(port))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`secantusd-rs did not start: ${exited ?? 'no connection within the time'}\n${stderr.join('').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let stopped: Promise<void> | undefined;
  return {
    uri: `mongodb://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    storagePath,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const done = () => {
          if (!options.storagePath) rmSync(storagePath, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      });
      return stopped;
    },
  };
}
