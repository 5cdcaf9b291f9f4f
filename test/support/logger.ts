import { LogLevel, type Logger } from '@slack/bolt';

/** A Bolt-compatible logger that keeps what was logged, so tests can assert on it (and on secrets). */
export class CapturingLogger implements Logger {
  readonly lines: Array<{ level: LogLevel; text: string }> = [];
  private level = LogLevel.INFO;
  private name = 'test';

  debug(...msg: unknown[]): void {
    this.push(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.push(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.push(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.push(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }

  text(): string {
    return this.lines.map((l) => `[${l.level}] ${this.name} ${l.text}`).join('\n');
  }

  errors(): string[] {
    return this.lines.filter((l) => l.level === LogLevel.ERROR).map((l) => l.text);
  }

  private push(level: LogLevel, msg: unknown[]): void {
    const text = msg.map((m) => (m instanceof Error ? (m.stack ?? m.message) : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
    this.lines.push({ level, text });
    if (process.env.TEST_LOGS === '1') console.log(`[${level}] ${text}`);
  }
}
