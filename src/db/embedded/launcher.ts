import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/**
 * Starts the embedded MongoDB-wire-compatible server (mongo-java-server, see db/) as a child process.
 * The child exits by itself when this process dies: it watches its stdin, which we hold open.
 */

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
export const EMBEDDED_JAR = path.join(PROJECT_ROOT, 'db', 'target', 'iec-embedded-mongo.jar');

export interface EmbeddedMongoOptions {
  /** 0 or undefined: a free port chosen by the OS. */
  port?: number;
  /** Keep data in this folder (H2 backend). Without it the data lives in memory only. */
  dataDir?: string;
  /** How long to wait for the server to accept connections. */
  startTimeoutMs?: number;
  /**
   * Worker threads that run the commands (the launcher's default, 64, when undefined). The driver's monitoring
   * commands (handshake, heartbeat, ping) never wait for them. Tests give 1 to show that.
   */
  commandThreads?: number;
}

export interface EmbeddedMongo {
  /** mongodb://127.0.0.1:PORT (append a database name). */
  uri: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Builds the jar when it is missing or was built from other sources than db/'s (runs db/setup.sh, i.e.
 * `npm run db:setup`, which does nothing when the jar is up to date). A jar that is there but cannot be rebuilt
 * (no Maven here) is used as it is, with a warning.
 */
export function ensureEmbeddedJar(): void {
  const result = spawnSync('bash', [path.join(PROJECT_ROOT, 'db', 'setup.sh')], { stdio: 'inherit' });
  if (result.status === 0 && existsSync(EMBEDDED_JAR)) return;
  if (existsSync(EMBEDDED_JAR)) {
    console.warn('The embedded MongoDB server could not be rebuilt from db/ (see above): using the jar that is there.');
    return;
  }
  throw new Error(
    'The embedded MongoDB server could not be built: run `npm run db:setup` and read its output (needs Java 17+ and Maven).',
  );
}

export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  ensureEmbeddedJar();
  const args = ['-Xss4m', '-jar', EMBEDDED_JAR, '--port', String(options.port ?? 0), '--exit-on-stdin-eof'];
  if (options.dataDir) args.push('--data-dir', path.resolve(options.dataDir));
  else args.push('--memory');
  if (options.commandThreads !== undefined) args.push('--command-threads', String(options.commandThreads));

  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));

  const uri = await waitForReady(child, options.startTimeoutMs ?? 30_000, stderr, options.dataDir);
  const port = Number(new URL(uri).port);
  let stopped: Promise<void> | undefined;
  return {
    uri,
    port,
    pid: child.pid ?? -1,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.stdin?.end(); // the launcher exits on stdin EOF, flushing H2 on the way out
      });
      return stopped;
    },
  };
}

/** Another process (an app, `npm run db`, a CLI) holds the embedded server's data files. */
export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string) {
    super(`the data folder ${dataDir} is in use by another embedded database server`);
    this.name = 'DataDirInUseError';
  }
}

function waitForReady(child: ChildProcess, timeoutMs: number, stderr: string[], dataDir: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('The embedded MongoDB server did not start: its output is not piped'));
    const lines = readline.createInterface({ input: child.stdout });
    const fail = (why: string) => {
      clearTimeout(timer);
      lines.close();
      child.kill('SIGKILL');
      // H2 refuses a second opener of the same files; its Java stack trace is of no use to the person
      if (dataDir && /The file is locked/.test(stderr.join(''))) return reject(new DataDirInUseError(dataDir));
      reject(new Error(`The embedded MongoDB server did not start: ${why}${stderr.length ? `\n${stderr.join('').trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (err) => fail(err.message.includes('ENOENT') ? 'java was not found (install Java 17+)' : err.message));
    child.once('exit', (code) => fail(`it exited with code ${code}`));
    lines.on('line', (line) => {
      const match = /^READY (mongodb:\/\/\S+)$/.exec(line.trim());
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      resolve(match[1]);
    });
  });
}
