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

/**
 * The embedded server's largest Java heap unless `IEC_DB_MAX_HEAP` says otherwise. Its live data at 100,000
 * commitments (on-disk backend) is about 150 MB after a full collection, but a command that reads a whole
 * collection holds it in memory while it runs: with 512 MB the bench's one aggregation over 100,000 commitments
 * filled the heap and the server spent its time in full collections until it stopped answering; with 1 GB the whole
 * bench ran without a full collection. Without a bound the JVM takes a quarter of the machine's memory and collects
 * so rarely that the server grew to 8-12 GB resident (13 GB heap).
 */
export const DEFAULT_MAX_HEAP = '1g';

/**
 * The JVM's heap option for the embedded server: `IEC_DB_MAX_HEAP` (a Java size, e.g. `2g`), else DEFAULT_MAX_HEAP;
 * none when `JAVA_TOOL_OPTIONS` gives its own `-Xmx` (the command line's would override it).
 */
export function maxHeapArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (/(^|\s)-Xmx/.test(env.JAVA_TOOL_OPTIONS ?? '')) return [];
  const heap = env.IEC_DB_MAX_HEAP?.trim() || DEFAULT_MAX_HEAP;
  if (!/^\d+[kmg]?$/i.test(heap)) throw new Error(`IEC_DB_MAX_HEAP must be a Java heap size such as 512m or 2g, got "${heap}"`);
  return [`-Xmx${heap}`];
}

export interface EmbeddedMongoOptions {
  /** 0 or undefined: a free port chosen by the OS. */
  port?: number;
  /** Keep data in this folder (H2 backend). Without it the data lives in memory only. */
  dataDir?: string;
  /** How long to wait for the server to accept connections. */
  startTimeoutMs?: number;
  /**
   * Worker threads that run the commands, shared by every connection (the launcher's default, 128, when undefined).
   * The driver's monitoring commands (handshake, heartbeat, ping) never wait for them; a command that waited for one
   * past its `maxTimeMS` is answered with MaxTimeMSExpired (code 50) instead of being run. Tests give 1 or 2 to show
   * both.
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
  throw new Error('The embedded MongoDB server could not be built: run `npm run db:setup` and read its output (needs Java 17+ and Maven).');
}

export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  ensureEmbeddedJar();
  // out of memory, the library would stay up answering nothing (it catches only ordinary exceptions): it exits instead,
  // and its users see a server that is gone
  const args = [
    '-Xss4m',
    ...maxHeapArgs(),
    '-XX:+ExitOnOutOfMemoryError',
    '-jar',
    EMBEDDED_JAR,
    '--port',
    String(options.port ?? 0),
    '--exit-on-stdin-eof',
  ];
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
