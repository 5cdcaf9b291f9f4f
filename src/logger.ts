import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import type { Logger, LogLevel } from '@slack/bolt';
import pino from 'pino';
import pretty from 'pino-pretty';

/**
 * The one logger: pino underneath (JSON lines in production, human-readable in development), Bolt's `Logger`
 * interface on top, so Bolt and every feature log through it unchanged. While a Slack request is handled
 * (see `withRequest`), every line carries its request id. Known secrets and anything shaped like a Slack
 * token are replaced before a line is written.
 */

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface LoggerOptions {
  level: Level;
  /** JSON lines (production) instead of pretty output (development). */
  production: boolean;
  name?: string;
  /** Values that must never appear in a line (the bot token, the signing secret, the app token). */
  secrets?: readonly (string | undefined)[];
  /** Where lines go (default stdout); tests pass a stream to read them. */
  destination?: NodeJS.WritableStream;
}

/** What a request's lines carry: its id and what Slack sent (command, action, view, event). */
export interface RequestFields {
  reqId: string;
  [field: string]: string | undefined;
}

const requests = new AsyncLocalStorage<RequestFields>();

/** Runs `fn` with `fields` on every line logged inside it (through any logger made here). */
export function withRequest<T>(fields: RequestFields, fn: () => T): T {
  return requests.run(fields, fn);
}

export function currentRequest(): RequestFields | undefined {
  return requests.getStore();
}

const SLACK_TOKEN = /\bx(?:ox[abposer]|app)-[A-Za-z0-9-]+/g;
const REDACTED = '[redacted]';

export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const scrub = (text: string) => {
    let out = text.replace(SLACK_TOKEN, REDACTED);
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  };
  const destination = options.production
    ? (options.destination ?? pino.destination({ dest: 1, sync: true }))
    : pretty({
        sync: true,
        colorize: false,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
        destination: options.destination ?? 1,
      });
  const base = pino(
    {
      level: options.level,
      ...(options.name ? { name: options.name } : {}),
      base: options.production ? { pid: process.pid } : {},
      mixin: () => currentRequest() ?? {},
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
  return new PinoBoltLogger(base, scrub);
}

class PinoBoltLogger implements Logger {
  constructor(
    private pino: pino.Logger,
    private readonly scrub: (text: string) => string,
  ) {}

  debug(...msg: unknown[]): void {
    this.write('debug', msg);
  }
  info(...msg: unknown[]): void {
    this.write('info', msg);
  }
  warn(...msg: unknown[]): void {
    this.write('warn', msg);
  }
  error(...msg: unknown[]): void {
    this.write('error', msg);
  }
  setLevel(level: LogLevel): void {
    this.pino.level = level;
  }
  getLevel(): LogLevel {
    return this.pino.level as LogLevel;
  }
  setName(name: string): void {
    this.pino = this.pino.child({ name });
  }

  private write(level: Level, msg: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const err = msg.find((m): m is Error => m instanceof Error);
    const text = this.scrub(format(...msg.filter((m) => m !== err)));
    if (err) this.pino[level]({ err: { type: err.name, message: this.scrub(err.message), stack: this.scrub(err.stack ?? '') } }, text);
    else this.pino[level](text);
  }
}
